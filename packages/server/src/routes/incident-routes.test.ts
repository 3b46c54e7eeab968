import { FixedClock, type Site } from '@jiefang/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

describe('incident routes', () => {
  let server: TestServer;
  let site: Site;
  const clock = new FixedClock(Date.now());

  const call = async (
    method: 'GET' | 'POST',
    url: string,
    user: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) =>
    server.app.inject({
      method,
      url,
      payload,
      headers: { cookie: await server.cookie(user), ...headers },
    });

  const createIncident = async (overrides: object = {}, headers: Record<string, string> = {}) => {
    const response = await call(
      'POST',
      '/api/v1/incidents',
      'dispatcher',
      {
        source: 'call',
        categoryCode: 'violent_attack',
        location: { lon: site.location.lon, lat: site.location.lat, placeName: site.name },
        reporter: { name: '陈女士', phone: '138 0000 1234' },
        description: '商场一楼有人持刀伤人',
        ...overrides,
      },
      headers,
    );
    return response;
  };

  beforeAll(async () => {
    server = await startTestServer({ clock });
    server.placeUnits();
    site = server.ctx.world.sites.get('site-1')!.value;
  });
  afterAll(async () => server.close());

  it('creates an incident in the closed loop and flags a second call as a probable duplicate', async () => {
    const first = await createIncident();
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      status: 'open',
      priority: 1,
      orgId: 'district',
      workflow: { stage: 'analyse' },
      reporter: { phone: '138 0000 1234' },
      version: 1,
    });
    expect(first.headers.etag).toBe('"1"');
    const second = await createIncident({ description: '又一个电话: 商场里有人持刀' });
    expect(second.json().probableDuplicateOf).toBe(first.json().id);
  });

  it('links a duplicate in one action (cancelled, units stood down) or dismisses the hint', async () => {
    const original = (await createIncident({ description: '第一个电话' })).json();
    const copy = (await createIncident({ description: '第二个电话' })).json();
    expect(copy.probableDuplicateOf).toBeDefined();
    const dispatched = await call('POST', '/api/v1/dispatches', 'dispatcher', {
      incidentId: copy.id,
      unitId: 'eu-3',
      tier: 1,
    });
    expect(dispatched.statusCode).toBe(201);
    const linked = await call('POST', `/api/v1/incidents/${copy.id}/link-duplicate`, 'dispatcher', {
      of: original.id,
    });
    expect(linked.statusCode).toBe(200);
    expect(linked.json()).toMatchObject({ status: 'cancelled', duplicateOf: original.id });
    const dispatch = await call('GET', `/api/v1/dispatches/${dispatched.json().id}`, 'dispatcher');
    expect(dispatch.json().status).toBe('cancelled');
    expect(server.ctx.world.units.get('eu-3')?.value.status).toBe('available');

    const third = (await createIncident({ description: '第三个电话' })).json();
    const dismissed = await call(
      'POST',
      `/api/v1/incidents/${third.id}/dismiss-duplicate`,
      'dispatcher',
    );
    expect(dismissed.statusCode).toBe(200);
    expect(dismissed.json().probableDuplicateOf).toBeUndefined();
    const again = await call(
      'POST',
      `/api/v1/incidents/${third.id}/dismiss-duplicate`,
      'dispatcher',
    );
    expect(again.statusCode).toBe(400);
    expect(again.json().error.field).toBe('probableDuplicateOf');
  });

  it('refuses an oversized body with 413 and changes nothing', async () => {
    const before = server.ctx.world.incidents.size;
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: { cookie: await server.cookie('dispatcher'), 'content-type': 'application/json' },
      payload: JSON.stringify({ description: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('ERR_BODY_TOO_LARGE');
    expect(server.ctx.world.incidents.size).toBe(before);
  });

  it('recommends community units first for tier 1, by walking time plus turnout, with reasons', async () => {
    const incident = (await createIncident({ categoryCode: 'robbery' })).json();
    const response = await call(
      'GET',
      `/api/v1/incidents/${incident.id}/recommendation`,
      'dispatcher',
    );
    expect(response.statusCode).toBe(200);
    const recommendation = response.json();
    expect(recommendation.planId).toBe('default-p1');
    const [tier1, tier2] = recommendation.tiers;
    expect(tier1).toMatchObject({ tier: 1, targetSeconds: 60, acceptTimeoutSeconds: 20 });
    expect(tier1.candidates.length).toBe(2);
    for (const candidate of tier1.candidates) {
      expect(candidate.kind).toBe('community');
      expect(candidate.profile).toBe('walk');
      expect(candidate.etaSeconds).toBe(candidate.travelSeconds + candidate.turnoutSeconds);
      expect(candidate.turnoutSeconds).toBe(10);
      expect(candidate.reason).toMatch(/on foot \+ 10 s turnout/);
    }
    // The unit stationed where the incident is comes first, at (almost) turnout only.
    expect(tier1.candidates[0].unitId).toBe('eu-1');
    expect(tier1.candidates[0].reason).toContain(site.name);
    expect(tier2.requirements.some((r: { kinds: string[] }) => r.kinds.includes('police'))).toBe(
      true,
    );
  });

  it('refuses coordinates far outside the city with 422 naming location', async () => {
    const response = await createIncident({ location: { lon: 116.397, lat: 39.908 } });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ field: 'location' });
  });

  it('refuses an unknown category with 400 naming categoryCode', async () => {
    const response = await createIncident({ categoryCode: 'alien_landing' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'ERR_VALIDATION', field: 'categoryCode' });
  });

  it('creates one incident for a retried request with the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'call-2026-0001-retry' };
    const before = server.ctx.world.incidents.size;
    const first = await createIncident({ categoryCode: 'theft' }, headers);
    const retry = await createIncident({ categoryCode: 'theft' }, headers);
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.json().id).toBe(first.json().id);
    expect(server.ctx.world.incidents.size).toBe(before + 1);
    const history = await server.store.history('incident', first.json().id);
    expect(history.filter((e) => e.type === 'incident.created')).toHaveLength(1);

    // Two copies in flight at once (a client that retried before the first answer came).
    const concurrent = { 'idempotency-key': 'call-2026-0002-double' };
    const pair = await Promise.all([
      createIncident({ categoryCode: 'theft' }, concurrent),
      createIncident({ categoryCode: 'theft' }, concurrent),
    ]);
    expect(pair.map((r) => r.statusCode)).toEqual([201, 201]);
    expect(pair[0].json().id).toBe(pair[1].json().id);
    expect(server.ctx.world.incidents.size).toBe(before + 2);
  });

  it('lets exactly one of two concurrent updates with the same If-Match win', async () => {
    const incident = (await createIncident({ categoryCode: 'fight' })).json();
    const update = (priority: number) =>
      call(
        'POST',
        `/api/v1/incidents/${incident.id}/reprioritise`,
        'dispatcher',
        { priority, reason: 'caller says weapons' },
        { 'if-match': `"${incident.version}"` },
      );
    const answers = await Promise.all([update(1), update(3)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.statusCode === 409)!.json().error.code).toBe(
      'ERR_VERSION_CONFLICT',
    );
    const now = await call('GET', `/api/v1/incidents/${incident.id}`, 'dispatcher');
    expect(now.json().version).toBe(2);
  });

  it('lists incidents by priority then age, and moves an incident through its stages', async () => {
    const low = (await createIncident({ categoryCode: 'noise', description: '楼上装修' })).json();
    const list = await call('GET', '/api/v1/incidents?status=open', 'dispatcher');
    expect(list.statusCode).toBe(200);
    const priorities = list.json().map((i: { priority: number }) => i.priority);
    expect(priorities).toEqual([...priorities].sort());
    expect(list.json().at(-1).id).toBe(low.id);
    const closed = await call(
      'POST',
      `/api/v1/incidents/${low.id}/stage`,
      'dispatcher',
      { to: 'close', note: 'handed to urban management' },
      { 'if-match': '1' },
    );
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', workflow: { stage: 'close' } });
    const illegal = await call('POST', `/api/v1/incidents/${low.id}/stage`, 'dispatcher', {
      to: 'handle',
    });
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json().error.code).toBe('ERR_ILLEGAL_TRANSITION');
  });

  it('lets only a supervisor sign off the supervise stage (incident.supervise)', async () => {
    const incident = (await createIncident({ categoryCode: 'noise', description: '噪音' })).json();
    const url = `/api/v1/incidents/${incident.id}/stage`;
    for (const to of ['assign', 'handle', 'supervise']) {
      expect((await call('POST', url, 'dispatcher', { to })).statusCode).toBe(200);
    }
    const byDispatcher = await call('POST', url, 'dispatcher', { to: 'close' });
    expect(byDispatcher.statusCode).toBe(403);
    const bySupervisor = await call('POST', url, 'supervisor', { to: 'close' });
    expect(bySupervisor.statusCode).toBe(200);
    expect(bySupervisor.json()).toMatchObject({ status: 'closed', workflow: { stage: 'close' } });
  });

  it('redacts the reporter for an analyst and audits every disclosure', async () => {
    const incident = (await createIncident({ categoryCode: 'dispute' })).json();
    const asAnalyst = await call('GET', `/api/v1/incidents/${incident.id}`, 'analyst');
    expect(asAnalyst.statusCode).toBe(200);
    expect(asAnalyst.json().reporter).toBeUndefined();
    expect(asAnalyst.json().reporterWithheld).toBe(true);
    expect(asAnalyst.body).not.toContain('138 0000 1234');
    const timeline = await call('GET', `/api/v1/incidents/${incident.id}/timeline`, 'analyst');
    expect(timeline.body).not.toContain('138 0000 1234');

    const audited = () =>
      server.store.audit.list({ subjectType: 'incident', subjectId: incident.id });
    const before = (await audited()).length;
    const asDispatcher = await call('GET', `/api/v1/incidents/${incident.id}`, 'dispatcher');
    expect(asDispatcher.json().reporter.phone).toBe('138 0000 1234');
    const records = await audited();
    expect(records.length).toBe(before + 1);
    expect(records[0]).toMatchObject({
      actorId: 'account-dispatcher',
      action: 'incident.contact.read',
      orgId: 'district',
    });
    expect(records.every((r) => r.actorId !== 'account-analyst')).toBe(true);
  });

  it('keeps a station dispatcher out of another station’s incident', async () => {
    const created = await call('POST', '/api/v1/accounts', 'admin', {
      username: 'dispatcher-station-2',
      displayName: '二所调度员',
      password: 'station-two-demo-2026',
      orgId: 'station-2',
      roles: ['dispatcher'],
    });
    expect(created.statusCode).toBe(201);
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'dispatcher-station-2', password: 'station-two-demo-2026' },
    });
    const stationCookie = `jf_session=${login.cookies.find((c) => c.name === 'jf_session')!.value}`;
    const incident = (await createIncident({ categoryCode: 'theft', orgId: 'station-1' })).json();
    const read = await server.app.inject({
      url: `/api/v1/incidents/${incident.id}`,
      headers: { cookie: stationCookie },
    });
    expect([403, 404]).toContain(read.statusCode);
    const list = await server.app.inject({
      url: '/api/v1/incidents',
      headers: { cookie: stationCookie },
    });
    expect(list.json().map((i: { id: string }) => i.id)).not.toContain(incident.id);
    const stage = await server.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/stage`,
      headers: { cookie: stationCookie },
      payload: { to: 'assign' },
    });
    expect(stage.statusCode).toBe(403);
  });

  it('cancels an incident and stands its units down in the same transaction', async () => {
    const incident = (await createIncident({ categoryCode: 'suspicious', priority: 2 })).json();
    const sent = await call(
      'POST',
      `/api/v1/incidents/${incident.id}/dispatch-recommended`,
      'dispatcher',
    );
    expect(sent.statusCode).toBe(201);
    const unitIds = sent.json().dispatches.map((d: { unitId: string }) => d.unitId);
    expect(unitIds.length).toBeGreaterThan(0);
    const cancelled = await call('POST', `/api/v1/incidents/${incident.id}/cancel`, 'dispatcher', {
      reason: 'caller withdrew',
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    for (const unitId of unitIds)
      expect(server.ctx.world.units.get(unitId)!.value.status).toBe('available');
  });
});
