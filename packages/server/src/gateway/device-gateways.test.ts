import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LiveTestClient } from '../test-support/live-test-client.ts';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';
import { DeviceGateways } from './device-gateways.ts';

/** What an upgrade is answered with when it does not become a socket. */
function refusal(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: { error: { code: string; message: string } } }>(
    (resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      socket.on('unexpected-response', (_request, response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as never }),
        );
      });
      socket.on('open', () => reject(new Error('the upgrade was accepted')));
      socket.on('error', () => {});
    },
  );
}

const until = async (check: () => boolean, what: string, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('device gateways (real processes on a shared port)', () => {
  let server: TestServer;
  let gateways: DeviceGateways;
  let url: string;
  const clients: LiveTestClient[] = [];
  const open = async (username: string) => {
    const client = await LiveTestClient.open(url, { cookie: await server.cookie(username) });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startTestServer();
    server.placeUnits();
    gateways = await DeviceGateways.start(server.ctx, server.ctx.services.live!, {
      count: 2,
      host: '127.0.0.1',
      port: 0,
      log: () => {},
    });
    url = `${gateways.url.replace(/^http/, 'ws')}/api/v1/live`;
  }, 60_000);
  afterAll(async () => {
    for (const client of clients) client.close();
    await gateways?.close();
    await server?.close();
  });

  it('refuses an upgrade without a valid token with the same coded 401 as the main port', async () => {
    const anonymous = await refusal(url);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('ERR_UNAUTHENTICATED');
    const forged = await refusal(url, { authorization: 'Bearer not-a-token' });
    expect(forged.status).toBe(401);
    expect(forged.body.error.message).toMatch(/not valid/);
    // A cookie that is not even well-formed is no credential, and no crash.
    const malformed = await refusal(url, { cookie: 'jf_session=%E0%A4%A' });
    expect(malformed.status).toBe(401);
    const elsewhere = await refusal(url.replace('/api/v1/live', '/api/v1/incidents'), {
      cookie: await server.cookie('responder'),
    });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error.code).toBe('ERR_ROUTE_NOT_FOUND');
  });

  it('a phone on the gateway follows its unit, reports positions and receives its dispatch', async () => {
    const device = await open('responder');
    device.send({ type: 'device', unitId: 'police-1-2' });
    expect(await device.next((m) => m.type === 'error' && m.field === 'unitId')).toMatchObject({
      code: 'ERR_OUT_OF_SCOPE',
    });
    device.send({ type: 'device', unitId: 'police-1-1' });
    const hello = await device.next((m) => m.type === 'device');
    expect((hello.unit as { id: string }).id).toBe('police-1-1');

    const at = server.seed.startPositions.get('police-1-1')!;
    const fixAt = Date.now();
    device.send({
      type: 'position',
      id: 'p1',
      unitId: 'police-1-1',
      lon: at.lon + 0.0003,
      lat: at.lat,
      at: fixAt,
      accuracyM: 6,
    });
    expect(await device.next((m) => m.type === 'ack')).toEqual({
      type: 'ack',
      id: 'p1',
      accepted: 1,
      rejected: [],
    });
    expect(server.positions.positions.get('police-1-1')).toMatchObject({ at: fixAt, accuracyM: 6 });
    device.send('not json');
    expect(await device.next((m) => m.type === 'error' && m.field === 'frame')).toMatchObject({
      code: 'ERR_BAD_REQUEST',
    });
    device.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(
      await device.next((m) => m.type === 'error' && /JSON text/.test(String(m.message))),
    ).toBeDefined();

    const created = await server.createIncident(at, { description: 'bag snatched' });
    const sent = await server.app.inject({
      method: 'POST',
      url: '/api/v1/dispatches',
      headers: { cookie: await server.cookie('dispatcher') },
      payload: { incidentId: created.id, unitId: 'police-1-1', tier: 3 },
    });
    expect(sent.statusCode).toBe(201);
    const dispatched = await device.next(
      (m) => m.type === 'event' && (m.event as { type: string }).type === 'dispatch.created',
    );
    expect(dispatched.event).toMatchObject({
      aggregateId: sent.json().id,
      payload: { unitId: 'police-1-1', status: 'notified' },
    });
  });

  it('spreads phones over the gateways, and a dead gateway is replaced while the other keeps its phones', async () => {
    for (const client of clients.splice(0)) client.close();
    await until(() => gateways.connectionCount === 0, 'earlier sockets to close');
    const phones = await Promise.all(Array.from({ length: 8 }, () => open('responder')));
    await until(() => gateways.connectionCount >= phones.length, 'the sockets to register');
    const spread = gateways.connectionsPerGateway;
    expect(spread).toHaveLength(2);
    expect(Math.min(...spread)).toBeGreaterThan(0);

    const [victim, survivor] = gateways.processIds;
    const onSurvivor = spread[1];
    const closed: number[] = [];
    for (const phone of phones) phone.socket.on('close', (code) => closed.push(code));
    process.kill(victim, 'SIGKILL');
    await until(() => closed.length === spread[0], "the dead gateway's phones to see it");
    await until(
      () => gateways.processIds.length === 2 && !gateways.processIds.includes(victim),
      'a replacement gateway',
    );
    expect(gateways.processIds).toContain(survivor);
    expect(gateways.connectionsPerGateway[0]).toBe(onSurvivor);

    // The phones cut off reconnect and are served again.
    const again = await open('responder');
    again.send({ type: 'device', unitId: 'police-1-1' });
    expect(await again.next((m) => m.type === 'device')).toBeDefined();
  }, 30_000);

  it('closes every phone with 1001 when the server shuts the gateways down', async () => {
    const phone = await open('responder');
    const code = new Promise<number>((resolve) => phone.socket.on('close', resolve));
    await gateways.close();
    expect(await code).toBe(1001);
  }, 15_000);
});
