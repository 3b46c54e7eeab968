import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../alerts/webhook-signature.ts';
import { registerPartner, type RegisteredPartner } from '../test-support/alert-fixtures.ts';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

/** An EIDO message as a neighbouring centre's CAD would send it (written by hand, not ours). */
function neighbourEido(messageId: string, overrides: Record<string, unknown> = {}) {
  const now = new Date().toISOString();
  return {
    eidoMessageIdentifier: `urn:uuid:${messageId}`,
    $id: `urn:uuid:${messageId}`,
    sendingSystemIdentifier: 'cad.gulou.example',
    lastUpdateTimeStamp: now,
    incidentComponent: [
      {
        componentIdentifier: 'inc-c1',
        incidentTrackingIdentifier: 'GL-2026-000123',
        lastUpdateTimeStamp: now,
        incidentTypeCommonRegistryText: 'fight',
        incidentStatusCommonRegistryText: 'Dispatched',
        incidentUrgencyCommonRegistryText: 'P2',
        incidentCreationTimeStamp: now,
        locationReference: { $ref: 'loc-1' },
        updatedByAgencyReference: { $ref: 'agency-1' },
      },
    ],
    locationComponent: [
      {
        $id: 'loc-1',
        locationByValue: {
          latitude: 32.0413,
          longitude: 118.7842,
          civicAddressText: '中山路 18 号',
        },
      },
    ],
    agencyComponent: [
      { $id: 'agency-1', agencyIdentifier: 'gl-psap', agencyName: '鼓楼分局指挥中心' },
    ],
    ...overrides,
  };
}

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('POST /api/v1/eido (EIDO import)', () => {
  let server: TestServer;
  let cad: RegisteredPartner;
  const post = (body: unknown, options: { atMs?: number; secret?: string; raw?: string } = {}) => {
    const text = options.raw ?? JSON.stringify(body);
    return server.app.inject({
      method: 'POST',
      url: '/api/v1/eido',
      headers: signedHeaders(
        cad.keyId,
        options.secret ?? cad.secret,
        text,
        options.atMs ?? Date.now(),
      ),
      payload: text,
    });
  };

  beforeAll(async () => {
    server = await startTestServer();
    cad = await registerPartner(server, {
      id: 'gulou-cad',
      orgId: 'station-1',
      name: '鼓楼 CAD',
      kind: 'cad',
      zones: [],
    });
  }, 60_000);
  afterAll(async () => server?.close());

  it('imports a neighbour’s incident as a linked incident carrying what matters, once', async () => {
    const first = await post(neighbourEido(uuid(1)));
    expect(first.statusCode, first.body).toBe(201);
    const { incidentId } = first.json();
    expect(first.json()).toMatchObject({ created: true, linked: 'imported' });
    const read = await server.app.inject({
      url: `/api/v1/incidents/${incidentId}`,
      headers: { cookie: await server.cookie('dispatcher') },
    });
    expect(read.json()).toMatchObject({
      orgId: 'station-1',
      source: 'exchange',
      categoryCode: 'fight',
      priority: 2,
      externalRef: 'GL-2026-000123',
      location: { lon: 118.7842, lat: 32.0413, address: '中山路 18 号' },
    });
    expect(read.json().description).toContain('鼓楼分局指挥中心');
    // The same message again is a replay; a later message about the same incident is known.
    const replay = await post(neighbourEido(uuid(1)));
    expect([replay.statusCode, replay.json().error.code]).toEqual([400, 'ERR_WEBHOOK_REPLAYED']);
    const update = await post(neighbourEido(uuid(2)));
    expect([update.statusCode, update.json()]).toEqual([
      200,
      { incidentId, created: false, linked: 'known' },
    ]);
    // Exported again from here, it keeps the neighbour's tracking id.
    const exported = await server.app.inject({
      url: `/api/v1/incidents/${incidentId}/eido`,
      headers: { cookie: await server.cookie('dispatcher') },
    });
    expect(exported.json().incidentComponent[0].incidentTrackingIdentifier).toBe('GL-2026-000123');
  });

  it('refuses bad signatures, old timestamps and unknown keys with coded 401s', async () => {
    const body = neighbourEido(uuid(10));
    const wrong = await post(body, { secret: 'not-the-secret' });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([401, 'ERR_SIGNATURE_INVALID']);
    const old = await post(body, { atMs: Date.now() - 6 * 60_000 });
    expect([old.statusCode, old.json().error.code]).toEqual([401, 'ERR_SIGNATURE_EXPIRED']);
    const text = JSON.stringify(body);
    const unknown = await server.app.inject({
      method: 'POST',
      url: '/api/v1/eido',
      headers: signedHeaders('nobody-k1', cad.secret, text, Date.now()),
      payload: text,
    });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([401, 'ERR_SIGNATURE_INVALID']);
  });

  it('refuses documents our NENA-STA-021 schema or the references do not allow, naming the field', async () => {
    const good = neighbourEido(uuid(20));
    const refused = async (body: unknown, raw?: string) => {
      const response = await post(body, { raw });
      expect(response.statusCode, response.body).toBe(400);
      return response.json().error as { code: string; field: string };
    };
    expect(await refused(null, '{not json')).toMatchObject({
      code: 'ERR_VALIDATION',
      field: 'body',
    });
    expect(await refused({ ...good, incidentComponent: [] })).toMatchObject({
      code: 'ERR_VALIDATION',
      field: 'incidentComponent',
    });
    expect(await refused({ ...good, eidoMessageIdentifier: 'nope' })).toMatchObject({
      field: 'eidoMessageIdentifier',
    });
    // A tracking id never imported, so the mapping rules are reached.
    const incident = { ...good.incidentComponent[0], incidentTrackingIdentifier: 'GL-2026-000999' };
    expect(
      await refused({
        ...good,
        incidentComponent: [{ ...incident, incidentStatusCommonRegistryText: 'Whatever' }],
      }),
    ).toMatchObject({ field: 'incidentComponent[0].incidentStatusCommonRegistryText' });
    expect(
      await refused({
        ...good,
        incidentComponent: [{ ...incident, locationReference: { $ref: 'elsewhere' } }],
      }),
    ).toMatchObject({ field: 'incidentComponent[0].locationReference' });
    expect(
      await refused({
        ...good,
        locationComponent: [{ $id: 'loc-1', locationByValue: { latitude: 95, longitude: 118.78 } }],
      }),
    ).toMatchObject({ field: 'locationComponent[0].locationByValue.latitude' });
    expect(
      await refused({
        ...good,
        incidentComponent: [{ ...incident, incidentTypeCommonRegistryText: 'alien_landing' }],
      }),
    ).toMatchObject({ field: 'incidentComponent[0].incidentTypeCommonRegistryText' });
    expect(
      await refused({
        ...good,
        incidentComponent: [{ ...incident, incidentStatusCommonRegistryText: 'Closed' }],
      }),
    ).toMatchObject({ field: 'incidentComponent[0].incidentStatusCommonRegistryText' });
    // Nothing was half-imported.
    const imported = [...server.ctx.world.incidents.values()].filter(
      (i) => i.value.source === 'exchange',
    );
    expect(imported.length).toBe(1);
  });
});
