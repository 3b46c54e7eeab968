import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@jiefang/core';
import { CityRouter } from '@jiefang/routing';
import { openStore } from '@jiefang/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../app.ts';
import { signedHeaders } from '../alerts/webhook-signature.ts';
import { defaultConfig } from '../config.ts';
import {
  postPartnerEvent,
  registerPartner,
  squareAround,
  type RegisteredPartner,
} from '../test-support/alert-fixtures.ts';
import { demoCityGraph, startTestServer, type TestServer } from '../test-support/test-server.ts';

describe('partner webhooks (HMAC-SHA256 over timestamp + body)', () => {
  const clock = new FixedClock(Date.parse('2026-12-03T01:00:00Z'));
  const databaseUrl = join(mkdtempSync(join(tmpdir(), 'jiefang-webhook-')), 'test.db');
  let server: TestServer;
  let partner: RegisteredPartner;
  let n = 0;
  const event = (extra: Record<string, unknown> = {}) => ({
    eventId: `evt-${++n}`,
    occurredAt: new Date(clock.now()).toISOString(),
    kind: 'crowd',
    zoneId: 'zone-gate',
    alertKey: `track-${n}`,
    measure: { name: 'crowd', value: 12 },
    ...extra,
  });

  beforeAll(async () => {
    server = await startTestServer({ clock, databaseUrl });
    const gate = server.seed.startPositions.get('police-1-1')!;
    partner = await registerPartner(server, {
      id: 'camera-xjk',
      orgId: 'station-1',
      name: '新街口 camera analytics',
      kind: 'camera',
      zones: [{ id: 'zone-gate', name: '广场', orgId: 'grid-1', polygon: squareAround(gate, 80) }],
    });
  }, 60_000);
  afterAll(async () => server?.close());

  it('takes a good signature and makes an alert in the zone', async () => {
    const response = await postPartnerEvent(server, partner, event());
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().alert).toMatchObject({
      source: 'webhook',
      sender: 'camera-xjk',
      orgId: 'grid-1',
      zoneId: 'zone-gate',
    });
  });

  it('refuses a bad signature, an unknown key and a missing signature with 401', async () => {
    const bad = await postPartnerEvent(server, partner, event(), { secret: 'x'.repeat(43) });
    expect([bad.statusCode, bad.json().error.code]).toEqual([401, 'ERR_SIGNATURE_INVALID']);
    const unknownKey = await postPartnerEvent(server, partner, event(), { keyId: 'camera-xjk-k9' });
    expect([unknownKey.statusCode, unknownKey.json().error.code]).toEqual([
      401,
      'ERR_SIGNATURE_INVALID',
    ]);
    const unsigned = await server.app.inject({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/events`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(event()),
    });
    expect([unsigned.statusCode, unsigned.json().error.code]).toEqual([
      401,
      'ERR_SIGNATURE_INVALID',
    ]);
    const body = JSON.stringify(event());
    const tampered = await server.app.inject({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/events`,
      headers: signedHeaders(partner.keyId, partner.secret, body, clock.now()),
      payload: body.replace('"value":12', '"value":99'),
    });
    expect([tampered.statusCode, tampered.json().error.code]).toEqual([
      401,
      'ERR_SIGNATURE_INVALID',
    ]);
  });

  it('refuses a timestamp more than 5 minutes off, either way', async () => {
    const old = await postPartnerEvent(server, partner, event(), { atMs: clock.now() - 301_000 });
    expect([old.statusCode, old.json().error.code]).toEqual([401, 'ERR_SIGNATURE_EXPIRED']);
    const future = await postPartnerEvent(server, partner, event(), {
      atMs: clock.now() + 301_000,
    });
    expect([future.statusCode, future.json().error.code]).toEqual([401, 'ERR_SIGNATURE_EXPIRED']);
    const withinSkew = await postPartnerEvent(server, partner, event(), {
      atMs: clock.now() - 290_000,
    });
    expect(withinSkew.statusCode).toBe(200);
  });

  it('refuses a replayed event id with 400, changing nothing', async () => {
    const once = event();
    expect((await postPartnerEvent(server, partner, once)).statusCode).toBe(200);
    const alertId = (
      await postPartnerEvent(server, partner, {
        ...once,
        eventId: `${once.eventId}-b`,
        measure: { name: 'crowd', value: 30 },
      })
    ).json().alert.id;
    const replay = await postPartnerEvent(server, partner, once);
    expect([replay.statusCode, replay.json().error.code, replay.json().error.field]).toEqual([
      400,
      'ERR_WEBHOOK_REPLAYED',
      'eventId',
    ]);
    expect(server.ctx.world.alerts.get(alertId)?.value.measure?.value).toBe(30);
  });

  it('refuses a signed body that is not a valid event with a coded 400', async () => {
    const notJson = await server.app.inject({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/events`,
      headers: signedHeaders(partner.keyId, partner.secret, '{nope', clock.now()),
      payload: '{nope',
    });
    expect([notJson.statusCode, notJson.json().error.field]).toEqual([400, 'body']);
    const badValue = await postPartnerEvent(
      server,
      partner,
      event({ measure: { name: 'crowd', value: 'many' } }),
    );
    expect([badValue.statusCode, badValue.json().error.code]).toEqual([400, 'ERR_VALIDATION']);
    const badZone = await postPartnerEvent(server, partner, event({ zoneId: 'zone-nowhere' }));
    expect([badZone.statusCode, badZone.json().error.field]).toEqual([400, 'zoneId']);
  });

  it('rotates keys: both valid during the overlap, the old one refused after it', async () => {
    const rotated = await server.app.inject({
      method: 'POST',
      url: `/api/v1/partners/${partner.id}/keys`,
      headers: { cookie: await server.cookie('admin') },
      payload: { overlapSeconds: 600 },
    });
    expect(rotated.statusCode, rotated.body).toBe(201);
    const next = {
      ...partner,
      keyId: rotated.json().keyId as string,
      secret: rotated.json().secret as string,
    };
    expect(JSON.stringify(rotated.json().partner)).not.toContain(partner.secret);
    expect((await postPartnerEvent(server, partner, event())).statusCode).toBe(200);
    expect((await postPartnerEvent(server, next, event())).statusCode).toBe(200);
    clock.advance(601);
    const old = await postPartnerEvent(server, partner, event());
    expect([old.statusCode, old.json().error.code]).toEqual([401, 'ERR_SIGNATURE_INVALID']);
    expect((await postPartnerEvent(server, next, event())).statusCode).toBe(200);
    partner = next;
  });

  it('keeps replay protection across a restart (the event ids are in the store)', async () => {
    const once = event();
    expect((await postPartnerEvent(server, partner, once)).statusCode).toBe(200);
    await server.close();
    const store = await openStore(databaseUrl);
    const restarted = await createServer(defaultConfig({ databaseUrl, logLevel: 'silent' }), {
      store,
      router: new CityRouter(await demoCityGraph()),
      clock,
    });
    try {
      const replay = await postPartnerEvent(
        { ...server, ...restarted } as TestServer,
        partner,
        once,
      );
      expect([replay.statusCode, replay.json().error.code]).toEqual([400, 'ERR_WEBHOOK_REPLAYED']);
      const fresh = await postPartnerEvent(
        { ...server, ...restarted } as TestServer,
        partner,
        event(),
      );
      expect(fresh.statusCode).toBe(200);
    } finally {
      await restarted.close();
      await store.close();
    }
  });
});
