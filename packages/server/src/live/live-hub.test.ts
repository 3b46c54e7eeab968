import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LiveTestClient, type Message } from '../test-support/live-test-client.ts';
import { postPartnerEvent, registerPartner } from '../test-support/alert-fixtures.ts';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';
import { findHeadSeq } from './live-hub.ts';

describe('live WebSocket', () => {
  let server: TestServer;
  let url: string;
  let wholeCity: number[];
  const clients: LiveTestClient[] = [];
  const open = async (username: string) => {
    const client = await LiveTestClient.open(url, { cookie: await server.cookie(username) });
    clients.push(client);
    return client;
  };
  const unitStatus = async (unitId: string, to: string) => {
    const response = await server.app.inject({
      method: 'POST',
      url: `/api/v1/units/${unitId}/status`,
      headers: { cookie: await server.cookie('dispatcher') },
      payload: { to },
    });
    expect(response.statusCode).toBe(200);
  };

  beforeAll(async () => {
    server = await startTestServer();
    server.placeUnits();
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    url = `ws://127.0.0.1:${(server.app.server.address() as AddressInfo).port}/api/v1/live`;
    wholeCity = [...server.ctx.router.city.meta.bbox];
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await server.close();
  });

  it('refuses an unauthenticated upgrade', async () => {
    const refused = await new Promise<number>((resolve) => {
      const socket = new WebSocket(url);
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => resolve(101));
      socket.on('error', () => {});
    });
    expect(refused).toBe(401);
  });

  it('refuses a browser upgrade from another site, and takes its own origin and devices', async () => {
    const cookie = await server.cookie('dispatcher');
    const statusFor = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(url, { headers: { cookie, ...headers } });
        socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.on('open', () => {
          socket.close();
          resolve(101);
        });
        socket.on('error', () => {});
      });
    expect(await statusFor({ origin: 'https://evil.example' })).toBe(403);
    expect(await statusFor({ origin: 'null' })).toBe(403);
    expect(await statusFor({ origin: new URL(url).origin.replace('ws:', 'http:') })).toBe(101);
    expect(await statusFor({})).toBe(101);
  });

  it('sends a snapshot on subscribe, then the events of the scope', async () => {
    const console = await open('dispatcher');
    console.send({ type: 'subscribe', bbox: wholeCity });
    const snapshot = await console.next((m) => m.type === 'snapshot');
    expect(snapshot.seq).toBe(await findHeadSeq(server.store));
    const units = snapshot.units as { id: string; position: unknown }[];
    expect(units.map((u) => u.id)).toContain('police-1-1');
    expect(units.every((u) => u.position !== null)).toBe(true);

    await unitStatus('police-1-2', 'off_duty');
    const event = await console.next(
      (m) =>
        m.type === 'event' && (m.event as { aggregateId: string }).aggregateId === 'police-1-2',
    );
    expect(event.event).toMatchObject({ type: 'unit.status_changed', payload: { to: 'off_duty' } });
    await unitStatus('police-1-2', 'available');

    // The grid worker's scope (grid-1) does not include station-1's cars.
    const grid = await open('grid');
    grid.send({ type: 'subscribe', bbox: wholeCity });
    const gridSnapshot = await grid.next((m) => m.type === 'snapshot');
    expect((gridSnapshot.units as { id: string }[]).map((u) => u.id)).toEqual(['grid-unit-1']);
    await unitStatus('police-1-2', 'off_duty');
    await console.next(
      (m) =>
        m.type === 'event' &&
        (m.event as { aggregateId: string; payload: { to?: string } }).aggregateId ===
          'police-1-2' &&
        (m.event as { payload: { to?: string } }).payload.to === 'off_duty' &&
        (m.event as { seq: number }).seq > (event.event as { seq: number }).seq,
    );
    expect(grid.received.filter((m) => m.type === 'event')).toEqual([]);
    await unitStatus('police-1-2', 'available');
  });

  it('delivers a new incident to the consoles of its scope, with the contact only where allowed', async () => {
    const dispatcher = await open('dispatcher');
    dispatcher.send({ type: 'subscribe', bbox: wholeCity });
    await dispatcher.next((m) => m.type === 'snapshot');
    const analyst = await open('analyst');
    analyst.send({ type: 'subscribe', bbox: wholeCity });
    await analyst.next((m) => m.type === 'snapshot');

    const at = server.seed.startPositions.get('eu-1')!;
    const { id } = await server.createIncident(at, {
      reporter: { name: '李女士', phone: '13900000000' },
      description: 'phone snatched',
    });
    const isCreated = (m: Message) =>
      m.type === 'event' &&
      (m.event as { type: string; aggregateId: string }).type === 'incident.created' &&
      (m.event as { aggregateId: string }).aggregateId === id;
    const full = await dispatcher.next(isCreated);
    expect((full.event as { payload: { reporter?: unknown } }).payload.reporter).toEqual({
      name: '李女士',
      phone: '13900000000',
    });
    const redacted = await analyst.next(isCreated);
    expect((redacted.event as { payload: Record<string, unknown> }).payload).toMatchObject({
      reporterWithheld: true,
    });
    expect(JSON.stringify(redacted)).not.toContain('13900000000');
    // The dispatcher saw personal data: that delivery is in the audit log.
    let audit: { action: string; actorId: string }[] = [];
    for (let i = 0; i < 20 && !audit.some((a) => a.action === 'incident.contact.read'); i++) {
      await new Promise((r) => setTimeout(r, 25));
      audit = await server.store.audit.list({ subjectType: 'incident', subjectId: id });
    }
    expect(audit).toContainEqual(
      expect.objectContaining({ action: 'incident.contact.read', actorId: 'account-dispatcher' }),
    );

    // A later subscriber finds it in the snapshot, redacted the same way.
    const late = await open('analyst');
    late.send({ type: 'subscribe', bbox: wholeCity });
    const snapshot = await late.next((m) => m.type === 'snapshot');
    const shown = (snapshot.incidents as { id: string }[]).find((i) => i.id === id);
    expect(shown).toMatchObject({ reporterWithheld: true });
    expect(JSON.stringify(snapshot)).not.toContain('13900000000');
  });

  it('delivers alerts without their personal data to alert readers, and missing-person cases to the field', async () => {
    const dispatcher = await open('dispatcher');
    dispatcher.send({ type: 'subscribe', bbox: wholeCity });
    await dispatcher.next((m) => m.type === 'snapshot');
    const responder = await open('responder');
    responder.send({ type: 'subscribe', bbox: wholeCity });
    await responder.next((m) => m.type === 'snapshot');

    const monitor = await registerPartner(server, {
      id: 'live-post-monitor',
      orgId: 'station-1',
      name: '舆情监测',
      kind: 'public_post',
      zones: [],
    });
    const centre = server.seed.startPositions.get('police-1-1')!;
    const posted = await postPartnerEvent(server, monitor, {
      eventId: 'live-post-1',
      occurredAt: new Date(server.ctx.clock.now()).toISOString(),
      kind: 'public_post',
      area: { circle: { centre: { lon: centre.lon, lat: centre.lat }, radiusM: 400 } },
      severity: 'Extreme',
      post: { text: '今晚就在江边 live-secret', author: '匿名用户' },
    });
    expect(posted.statusCode, posted.body).toBe(200);
    const alertId = posted.json().alert.id as string;
    const received = await dispatcher.next(
      (m) =>
        m.type === 'event' &&
        (m.event as { type: string; aggregateId: string }).type === 'alert.received' &&
        (m.event as { aggregateId: string }).aggregateId === alertId,
    );
    expect((received.event as { payload: Record<string, unknown> }).payload).toMatchObject({
      id: alertId,
      personalWithheld: true,
    });
    expect(JSON.stringify(received)).not.toContain('live-secret');

    // A case of the district, outside the responder's station: the phone hears of it only once
    // the one key tells its unit.
    server.placeUnits();
    /** A district case, last seen now at the responder's station. */
    const openDistrictCase = async (id: string, description: string) => {
      const opened = await server.app.inject({
        method: 'POST',
        url: '/api/v1/missing-persons',
        headers: { cookie: await server.cookie('dispatcher') },
        payload: {
          id,
          orgId: 'district',
          description,
          lastSeen: { location: centre, at: new Date(server.ctx.clock.now()).toISOString() },
          walkingSpeedMps: 0.8,
        },
      });
      expect(opened.statusCode, opened.body).toBe(201);
    };
    await openDistrictCase('live-mp-1', '78 岁男性，灰色外套');
    const broadcast = await server.app.inject({
      method: 'POST',
      url: '/api/v1/missing-persons/live-mp-1/broadcast',
      headers: { cookie: await server.cookie('dispatcher') },
    });
    expect(broadcast.statusCode, broadcast.body).toBe(200);
    expect(broadcast.json().broadcasts[0].unitIds).toContain('police-1-1');
    const told = await responder.next(
      (m) => m.type === 'event' && (m.event as { aggregateId: string }).aggregateId === 'live-mp-1',
    );
    expect((told.event as { type: string }).type).toBe('missing_person.broadcast');
    // The told phone reads the case it was told of, though the district's cases are not its own.
    const read = await server.app.inject({
      url: '/api/v1/missing-persons/live-mp-1',
      headers: { cookie: await server.cookie('responder') },
    });
    expect(read.statusCode, read.body).toBe(200);
    // …and reports what it sees there.
    const sighting = await server.app.inject({
      method: 'POST',
      url: '/api/v1/missing-persons/live-mp-1/sightings',
      headers: { cookie: await server.cookie('responder') },
      payload: { location: centre, unitId: 'police-1-1' },
    });
    expect(sighting.statusCode, sighting.body).toBe(200);
    // A district case that told nobody stays the district's.
    await openDistrictCase('live-mp-2', '8 岁女孩，红色外套');
    const refused = await server.app.inject({
      url: '/api/v1/missing-persons/live-mp-2',
      headers: { cookie: await server.cookie('responder') },
    });
    expect(refused.statusCode).toBe(403);
    const listed = await server.app.inject({
      url: '/api/v1/missing-persons',
      headers: { cookie: await server.cookie('responder') },
    });
    expect((listed.json() as { id: string }[]).map((c) => c.id)).toEqual(
      expect.arrayContaining(['live-mp-1']),
    );
    expect((listed.json() as { id: string }[]).map((c) => c.id)).not.toContain('live-mp-2');
    expect(
      responder.received.some(
        (m) =>
          m.type === 'event' && (m.event as { aggregateId: string }).aggregateId === 'live-mp-2',
      ),
    ).toBe(false);
    // A responder may not read alerts: none of the alert's events reached the phone.
    expect(
      responder.received.filter(
        (m) =>
          m.type === 'event' && (m.event as { aggregateType: string }).aggregateType === 'alert',
      ),
    ).toEqual([]);
  });

  it('delivers a position sent over the socket to consoles whose bbox holds it, and acks it', async () => {
    const at = server.seed.startPositions.get('police-1-1')!;
    const near = await open('dispatcher');
    near.send({
      type: 'subscribe',
      bbox: [at.lon - 0.01, at.lat - 0.01, at.lon + 0.01, at.lat + 0.01],
    });
    await near.next((m) => m.type === 'snapshot');
    const far = await open('dispatcher');
    far.send({ type: 'subscribe', bbox: [at.lon + 0.5, at.lat + 0.5, at.lon + 0.6, at.lat + 0.6] });
    await far.next((m) => m.type === 'snapshot');

    const device = await open('responder');
    const fix = {
      unitId: 'police-1-1',
      lon: at.lon + 0.0005,
      lat: at.lat,
      at: Date.now(),
      accuracyM: 4,
    };
    device.send({ type: 'position', id: 7, ...fix });
    const ack = await device.next((m) => m.type === 'ack');
    expect(ack).toEqual({ type: 'ack', id: 7, accepted: 1, rejected: [] });

    const update = await near.next(
      (m) =>
        m.type === 'positions' &&
        (m.updates as { unitId: string; accuracyM: number }[]).some(
          (u) => u.unitId === 'police-1-1' && u.accuracyM === 4,
        ),
    );
    expect((update.updates as { lon: number }[]).find((u) => u.lon === fix.lon)).toBeDefined();
    await new Promise((r) => setTimeout(r, 400));
    expect(far.received.filter((m) => m.type === 'positions')).toEqual([]);

    // The responder may report only their own unit; the rest of the batch still counts.
    device.send({
      type: 'positions',
      fixes: [
        { ...fix, at: Date.now() },
        { ...fix, unitId: 'police-1-2' },
        { ...fix, at: Date.now() - 3600_000 },
      ],
    });
    const batchAck = await device.next((m) => m.type === 'ack' && m.id === undefined);
    expect(batchAck.accepted).toBe(1);
    expect(batchAck.rejected).toEqual([
      expect.objectContaining({ index: 1, code: 'ERR_OUT_OF_SCOPE', field: 'unitId' }),
      expect.objectContaining({ index: 2, code: 'ERR_STALE_POSITION', field: 'at' }),
    ]);
  });

  it('device mode: a phone gets its own unit and dispatches only, never the map', async () => {
    const dispatcher = await open('dispatcher');
    dispatcher.send({ type: 'subscribe', bbox: wholeCity });
    await dispatcher.next((m) => m.type === 'snapshot');
    const device = await open('responder');
    // Not the colleague's car: the own-unit grant decides, as for accepting a dispatch.
    device.send({ type: 'device', unitId: 'police-1-2' });
    expect(await device.next((m) => m.type === 'error' && m.field === 'unitId')).toMatchObject({
      code: 'ERR_OUT_OF_SCOPE',
    });
    device.send({ type: 'device', unitId: 'no-such-unit' });
    expect(
      await device.next((m) => m.type === 'error' && m.code === 'ERR_NOT_FOUND'),
    ).toBeDefined();
    device.send({ type: 'device', unitId: 'police-1-1' });
    const hello = await device.next((m) => m.type === 'device');
    expect(hello).toMatchObject({ seq: await findHeadSeq(server.store), dispatches: [] });
    expect((hello.unit as { id: string }).id).toBe('police-1-1');

    // Someone else's unit changes, an incident arrives: nothing for this phone.
    await unitStatus('police-1-2', 'off_duty');
    await unitStatus('police-1-2', 'available');
    const at = server.seed.startPositions.get('police-1-1')!;
    const { id: incidentId } = await server.createIncident(at, {
      reporter: { name: '王先生', phone: '13700000000' },
      description: 'bicycle stolen',
    });
    // Its own dispatch: the dispatch and the unit's status change, in seq order.
    const sent = await server.app.inject({
      method: 'POST',
      url: '/api/v1/dispatches',
      headers: { cookie: await server.cookie('dispatcher') },
      payload: { incidentId, unitId: 'police-1-1', tier: 3 },
    });
    expect(sent.statusCode).toBe(201);
    const dispatchId = sent.json().id as string;
    const dispatched = await device.next(
      (m) => m.type === 'event' && (m.event as { type: string }).type === 'dispatch.created',
    );
    expect(dispatched.event).toMatchObject({
      aggregateId: dispatchId,
      payload: { unitId: 'police-1-1', incidentId, status: 'notified' },
    });
    await device.next(
      (m) =>
        m.type === 'event' &&
        (m.event as { aggregateId: string; payload: { to?: string } }).aggregateId ===
          'police-1-1' &&
        (m.event as { payload: { to?: string } }).payload.to === 'notified',
    );
    // The console saw the incident; the phone only what concerns its unit.
    await dispatcher.next(
      (m) =>
        m.type === 'event' &&
        (m.event as { aggregateId: string; type: string }).type === 'dispatch.created' &&
        (m.event as { aggregateId: string }).aggregateId === dispatchId,
    );
    const events = device.received
      .filter((m) => m.type === 'event')
      .map((m) => m.event as { seq: number; aggregateId: string; aggregateType: string });
    expect(
      events.every((e) => e.aggregateId === 'police-1-1' || e.aggregateId === dispatchId),
    ).toBe(true);
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
    expect(JSON.stringify(device.received)).not.toContain('13700000000');

    // Its fixes are acked but no position batches come back (a phone is not a map).
    device.send({
      type: 'position',
      unitId: 'police-1-1',
      lon: at.lon,
      lat: at.lat,
      at: Date.now(),
      accuracyM: 5,
    });
    expect(await device.next((m) => m.type === 'ack')).toMatchObject({ accepted: 1 });
    await new Promise((r) => setTimeout(r, 400));
    expect(device.received.filter((m) => m.type === 'positions')).toEqual([]);

    // A phone that reconnects finds its live dispatch in the device snapshot.
    const again = await open('responder');
    again.send({ type: 'device', unitId: 'police-1-1' });
    const resumed = await again.next((m) => m.type === 'device');
    expect((resumed.dispatches as { id: string }[]).map((d) => d.id)).toEqual([dispatchId]);

    // A later map subscription ends device mode on that socket.
    again.send({ type: 'subscribe', bbox: wholeCity });
    await again.next((m) => m.type === 'snapshot');
    const cancelled = await server.app.inject({
      method: 'POST',
      url: `/api/v1/dispatches/${dispatchId}/cancel`,
      headers: { cookie: await server.cookie('dispatcher') },
      payload: { reason: 'test over' },
    });
    expect(cancelled.statusCode).toBe(200);
    const standDown = await device.next(
      (m) => m.type === 'event' && (m.event as { type: string }).type === 'dispatch.cancelled',
    );
    const seen = again.received.filter(
      (m) =>
        m.type === 'event' &&
        (m.event as { seq: number }).seq === (standDown.event as { seq: number }).seq,
    );
    expect(seen).toHaveLength(1);
  });

  it('answers bad frames with an error and keeps the socket open', async () => {
    const client = await open('dispatcher');
    client.send('not json');
    expect(await client.next((m) => m.type === 'error')).toMatchObject({
      code: 'ERR_BAD_REQUEST',
      field: 'frame',
    });
    client.send({ type: 'subscribe', bbox: [10, 10, 5, 5] });
    expect(await client.next((m) => m.type === 'error' && m.field === 'bbox')).toMatchObject({
      code: 'ERR_VALIDATION',
    });
    client.send({ type: 'dance' });
    expect(await client.next((m) => m.type === 'error' && m.field === 'type')).toBeDefined();
    client.send({ type: 'positions', fixes: 'none' });
    expect(await client.next((m) => m.type === 'error' && m.field === 'fixes')).toBeDefined();
    client.send(JSON.stringify({ type: 'position', pad: 'x'.repeat(300 * 1024) }));
    expect(
      await client.next((m) => m.type === 'error' && m.code === 'ERR_BODY_TOO_LARGE'),
    ).toBeDefined();
    client.send({ type: 'subscribe', bbox: wholeCity });
    expect(await client.next((m) => m.type === 'snapshot')).toBeDefined();
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('replays the events missed while disconnected when reconnecting with lastSeq', async () => {
    const first = await open('dispatcher');
    first.send({ type: 'subscribe', bbox: wholeCity });
    const snapshot = await first.next((m) => m.type === 'snapshot');
    first.close();

    await unitStatus('eu-3', 'off_duty');
    await unitStatus('eu-3', 'available');

    const again = await open('dispatcher');
    again.send({ type: 'subscribe', bbox: wholeCity, lastSeq: snapshot.seq });
    const resynced = await again.next((m) => m.type === 'resynced');
    const replayed = again.received
      .filter((m) => m.type === 'event')
      .map((m) => m.event as { aggregateId: string; seq: number; payload: { to?: string } });
    expect(replayed.filter((e) => e.aggregateId === 'eu-3').map((e) => e.payload.to)).toEqual([
      'off_duty',
      'available',
    ]);
    expect(replayed.every((e) => e.seq > (snapshot.seq as number))).toBe(true);
    expect(again.received.some((m) => m.type === 'snapshot')).toBe(false);
    expect(resynced.seq).toBe(await findHeadSeq(server.store));

    // Too far back (or ahead of the log): a fresh snapshot instead.
    const lost = await open('dispatcher');
    lost.send({ type: 'subscribe', bbox: wholeCity, lastSeq: 10_000_000 });
    expect(await lost.next((m) => m.type === 'snapshot')).toBeDefined();
  });
  it('closes a socket at once when its session logs out, without waiting for the client to send', async () => {
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'dispatcher', password: 'dispatcher-demo-2026' },
    });
    const cookie = `jf_session=${login.cookies.find((c) => c.name === 'jf_session')!.value}`;
    const console = await LiveTestClient.open(url, { cookie });
    clients.push(console);
    console.send({ type: 'subscribe', bbox: wholeCity });
    await console.next((m) => m.type === 'snapshot');
    const closed = new Promise<number>((resolve) => console.socket.once('close', resolve));
    const logout = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie },
    });
    expect(logout.statusCode).toBe(204);
    expect(await closed).toBe(4401);
    // And an event after the logout is never delivered to it.
    await unitStatus('police-1-2', 'off_duty');
    await unitStatus('police-1-2', 'available');
    expect(console.received.filter((m) => m.type === 'event')).toEqual([]);
  });
});
