import { Compile } from 'typebox/compile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EidoMessage } from '../eido/eido-schema.ts';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

describe('GET /api/v1/incidents/{id}/eido', () => {
  let server: TestServer;
  const validator = Compile(EidoMessage);

  beforeAll(async () => {
    server = await startTestServer();
    server.placeUnits();
  }, 60_000);
  afterAll(async () => server?.close());

  it('exports an incident as EIDO that our NENA-STA-021 schema accepts, without the reporter', async () => {
    const at = server.seed.startPositions.get('police-1-1')!;
    const { id } = await server.createIncident(at, {
      reporter: { name: '李四', phone: '139 0000 0000' },
      location: { lon: at.lon, lat: at.lat, address: '中山路 1 号' },
    });
    const cookie = await server.cookie('dispatcher');
    const sent = await server.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${id}/dispatch-recommended`,
      headers: { cookie },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const response = await server.app.inject({
      url: `/api/v1/incidents/${id}/eido`,
      headers: { cookie },
    });
    expect(response.statusCode, response.body).toBe(200);
    const eido = response.json();
    expect(validator.Check(eido)).toBe(true);
    expect(eido.incidentComponent[0]).toMatchObject({
      incidentTrackingIdentifier: id,
      incidentTypeCommonRegistryText: 'theft',
      incidentStatusCommonRegistryText: 'Dispatched',
      locationReference: { $ref: eido.locationComponent[0].$id },
      updatedByAgencyReference: { $ref: eido.agencyComponent[0].$id },
    });
    expect(eido.locationComponent[0].locationByValue).toMatchObject({
      latitude: at.lat,
      longitude: at.lon,
      civicAddressText: '中山路 1 号',
    });
    expect(response.body).not.toContain('李四');
    expect(response.body).not.toContain('139');
  });

  it('has a schema that refuses what EIDO does not allow', () => {
    const good = {
      eidoMessageIdentifier: 'urn:uuid:0b6f8a8e-6c1e-4c55-9b0a-3f1c2d4e5f60',
      $id: 'urn:uuid:0b6f8a8e-6c1e-4c55-9b0a-3f1c2d4e5f60',
      sendingSystemIdentifier: 'cad.example',
      lastUpdateTimeStamp: '2026-12-03T10:00:00+08:00',
      incidentComponent: [
        {
          componentIdentifier: 'c1',
          incidentTrackingIdentifier: 'i1',
          lastUpdateTimeStamp: '2026-12-03T10:00:00+08:00',
          incidentTypeCommonRegistryText: 'fight',
          incidentStatusCommonRegistryText: 'Received',
          incidentCreationTimeStamp: '2026-12-03T09:59:00+08:00',
          locationReference: { $ref: 'l1' },
          updatedByAgencyReference: { $ref: 'a1' },
        },
      ],
      locationComponent: [{ $id: 'l1', locationByValue: { latitude: 32.04, longitude: 118.78 } }],
      agencyComponent: [{ $id: 'a1', agencyIdentifier: 'psap-1', agencyName: 'PSAP 1' }],
    };
    expect(validator.Check(good)).toBe(true);
    expect(validator.Check({ ...good, incidentComponent: [] })).toBe(false);
    expect(validator.Check({ ...good, eidoMessageIdentifier: 'not-a-urn' })).toBe(false);
    const badStatus = {
      ...good.incidentComponent[0],
      incidentStatusCommonRegistryText: 'Whatever',
    };
    expect(validator.Check({ ...good, incidentComponent: [badStatus] })).toBe(false);
    const badLat = { $id: 'l1', locationByValue: { latitude: 95, longitude: 118.78 } };
    expect(validator.Check({ ...good, locationComponent: [badLat] })).toBe(false);
  });
});
