import {
  dayStartInZone,
  FixedClock,
  INCIDENT_WORKFLOW,
  startWorkflow,
  type Dispatch,
  type Incident,
  type StoredEvent,
} from '@jiefang/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';
import type { TodayStats } from '@jiefang/contract';
import { summariseToday, TodayFold } from './stats-routes.ts';

/**
 * The city's zone; on a machine whose own zone is UTC (CI) an hour or day counted in the
 * process's zone would land eight hours off.
 */
const ZONE = 'Asia/Shanghai';
const localDayStart = (ms: number) => dayStartInZone(ms, ZONE);

/** Today at 12:00 in the city: every test time below stays inside today. */
function localNoon(): number {
  return localDayStart(Date.now()) + 12 * 3600_000;
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('summariseToday (the maths)', () => {
  const noon = localNoon();
  let seq = 0;
  const event = (type: string, aggregateId: string, payload: unknown, at: number, orgId = 'a') =>
    ({
      seq: ++seq,
      type,
      aggregateType: type.split('.')[0],
      aggregateId,
      version: 1,
      orgId,
      actorId: null,
      at: iso(at),
      payload,
    }) as StoredEvent;
  const incident = (id: string, receivedAt: number, orgId = 'a'): Incident => ({
    id,
    orgId,
    categoryCode: 'theft',
    priority: 2,
    policeMatter: true,
    location: { lon: 118.78, lat: 32.04 },
    description: id,
    source: 'call',
    receivedAt: iso(receivedAt),
    createdAt: iso(receivedAt),
    status: 'open',
    workflow: startWorkflow(INCIDENT_WORKFLOW, receivedAt),
  });
  const dispatch = (id: string, incidentId: string, tier: 1 | 2 | 3, at: number): Dispatch => ({
    id,
    incidentId,
    unitId: `unit-${id}`,
    orgId: 'a',
    tier,
    status: 'notified',
    times: { notified: iso(at) },
    acceptTimeoutSeconds: 20,
  });

  it('counts first arrivals per tier against 60/180/300 s, per hour, and only in scope', () => {
    const fold = new TodayFold(localDayStart(noon));
    const t = (seconds: number) => noon + seconds * 1000;
    const events = [
      // Yesterday's call: not today's, whatever happens to it today.
      event('incident.created', 'old', incident('old', localDayStart(noon) - 60_000), t(-7200)),
      // i1 at 11:00: tier 1 on scene after 45 s (met), tier 2 after 200 s (missed).
      event('incident.created', 'i1', incident('i1', t(-3600)), t(-3600)),
      event('dispatch.created', 'd1', dispatch('d1', 'i1', 1, t(-3595)), t(-3595)),
      event('dispatch.created', 'd2', dispatch('d2', 'i1', 2, t(-3595)), t(-3595)),
      event('dispatch.on_scene', 'd1', { dispatchId: 'd1', at: iso(t(-3555)) }, t(-3555)),
      event('dispatch.on_scene', 'd2', { dispatchId: 'd2', at: iso(t(-3400)) }, t(-3400)),
      // i2 at 11:50: nobody yet, 600 s ago: missed for tier 1 and 2, red counts as missed.
      event('incident.created', 'i2', incident('i2', t(-600)), t(-600)),
      // i3 at 11:59:40: nobody yet, within every target: pending.
      event('incident.created', 'i3', incident('i3', t(-20)), t(-20)),
      // Another org's incident: outside the caller's scope.
      event('incident.created', 'x1', incident('x1', t(-30), 'b'), t(-30), 'b'),
      event('incident.escalated', 'i2', { stage: 'analyse', level: 1 }, t(-540)),
      event('incident.escalated', 'x1', { stage: 'analyse', level: 1 }, t(-1), 'b'),
    ];
    for (const e of events) fold.apply(e);
    const open = [...fold.incidents.values(), incident('old', localDayStart(noon) - 60_000)];
    const stats: TodayStats = summariseToday({
      fold,
      scope: new Set(['a']),
      open,
      now: noon,
      timeZone: ZONE,
      targetsOf: () => ({ 1: 60, 2: 180 }),
    });
    expect(stats.incidents).toBe(3);
    expect(stats.perHour[11]).toBe(3);
    expect(stats.perHour.reduce((a, b) => a + b, 0)).toBe(3);
    const [tier1, tier2, tier3] = stats.tiers;
    expect(tier1).toMatchObject({ targetSeconds: 60, arrivalSeconds: [45], met: 1, missed: 1 });
    expect(tier1.pending).toBe(1);
    expect(tier1.metShare).toBe(0.5);
    // Tier 2 is served by the tier-2 car only (200 s > 180 s).
    expect(tier2).toMatchObject({ arrivalSeconds: [200], met: 0, missed: 2, pending: 1 });
    expect(tier2.metShare).toBe(0);
    // The plan has no tier 3: nothing counted, share unknown rather than 0.
    expect(tier3).toMatchObject({ targetSeconds: 300, arrivalSeconds: [], met: 0, missed: 0 });
    expect(tier3.metShare).toBeNull();
    expect(stats.escalations).toBe(1);
    expect(stats.timeZone).toBe('Asia/Shanghai');
    // Open by stage: every open in-scope incident (yesterday's too) is in analyse, against its
    // priority's deadline (P2: 120 s): all but the call of 20 s ago are past it.
    expect(stats.open.total).toBe(4);
    const analyse = stats.open.stages.find((s) => s.stage === 'analyse')!;
    expect(analyse).toEqual({ stage: 'analyse', count: 4, overdue: 3 });
    expect(stats.open.stages.map((s) => s.stage)).toEqual([
      'analyse',
      'assign',
      'handle',
      'supervise',
      'close',
    ]);
    expect(stats.open.overdue).toBe(3);
  });

  /** Today's figures in scope 'a' of a plan with one tier (a minute), nothing open now. */
  const oneTierToday = (fold: TodayFold) =>
    summariseToday({
      fold,
      scope: new Set(['a']),
      open: [],
      now: noon,
      timeZone: ZONE,
      targetsOf: () => ({ 1: 60 }),
    });

  it('counts a closed incident without an arrival as missed, not pending', () => {
    const fold = new TodayFold(localDayStart(noon));
    fold.apply(event('incident.created', 'c1', incident('c1', noon - 10_000), noon - 10_000));
    fold.apply(event('incident.cancelled', 'c1', { incidentId: 'c1', at: iso(noon - 5000) }, noon));
    const stats = oneTierToday(fold);
    expect(stats.tiers[0]).toMatchObject({ met: 0, missed: 1, pending: 0, metShare: 0 });
    expect(stats.open.total).toBe(0);
  });

  it('folds with core: a linked duplicate ends, a cancelled dispatch keeps no arrival', () => {
    const fold = new TodayFold(localDayStart(noon));
    fold.apply(event('incident.created', 'd1', incident('d1', noon - 10_000), noon - 10_000));
    fold.apply(
      event(
        'incident.linked_duplicate',
        'd1',
        { incidentId: 'd1', of: 'x', at: iso(noon - 5000) },
        noon - 5000,
      ),
    );
    fold.apply(event('dispatch.created', 'k1', dispatch('k1', 'd1', 1, noon - 9000), noon - 9000));
    fold.apply(
      event('dispatch.cancelled', 'k1', { reason: 'duplicate', at: iso(noon - 5000) }, noon - 5000),
    );
    expect(fold.incidents.get('d1')).toMatchObject({ status: 'cancelled', duplicateOf: 'x' });
    expect(fold.dispatches.get('k1')).toMatchObject({
      status: 'cancelled',
      cancelReason: 'duplicate',
    });
    const stats = oneTierToday(fold);
    // Ended before anyone arrived: missed, not pending (the old fold left it open).
    expect(stats.tiers[0]).toMatchObject({ met: 0, missed: 1, pending: 0 });
  });
});

describe('GET /api/v1/stats/today', () => {
  let server: TestServer;
  const noon = localNoon();
  const clock = new FixedClock(noon);

  const call = async (method: 'GET' | 'POST', url: string, user: string, payload?: object) =>
    server.app.inject({ method, url, payload, headers: { cookie: await server.cookie(user) } });
  const stats = async (user = 'supervisor') => {
    const response = await call('GET', '/api/v1/stats/today', user);
    expect(response.statusCode).toBe(200);
    return response.json() as TodayStats;
  };
  const createIncident = async (receivedAt: number) => {
    const scene = server.seed.startPositions.get('police-2-1')!;
    const response = await call('POST', '/api/v1/incidents', 'dispatcher', {
      source: 'call',
      categoryCode: 'noise',
      location: { lon: scene.lon, lat: scene.lat },
      description: 'noise complaint',
      receivedAt: iso(receivedAt),
      orgId: 'station-1',
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string };
  };

  beforeAll(async () => {
    server = await startTestServer({ clock, config: { timeZone: ZONE } });
    server.placeUnits();
    // Noise: one tier only (police within a minute), so only tier 1 is counted.
    const plan = await call('POST', '/api/v1/plans', 'admin', {
      id: 'plan-noise-stats',
      orgId: 'district',
      name: 'Noise: one car within a minute',
      categoryCode: 'noise',
      priorities: [],
      preemptLowerPriority: false,
      tiers: [{ tier: 1, units: [{ kinds: ['police'], count: 1 }] }],
      // Its closed loop: a minute to analyse (the P4 default would give 15).
      loop: { deadlines: { analyse: 60 } },
    });
    expect(plan.statusCode, plan.body).toBe(201);
    expect(plan.json().loop).toEqual({ deadlines: { analyse: 60 } });
  });
  afterAll(async () => server.close());

  it('is empty on a quiet day, with 24 hours and all five stages', async () => {
    const empty = await stats();
    expect(empty.incidents).toBe(0);
    expect(empty.perHour).toHaveLength(24);
    expect(empty.tiers.map((t) => [t.tier, t.targetSeconds, t.metShare])).toEqual([
      [1, 60, null],
      [2, 180, null],
      [3, 300, null],
    ]);
    expect(empty.open.stages.map((s) => s.stage)).toEqual([
      'analyse',
      'assign',
      'handle',
      'supervise',
      'close',
    ]);
    expect(Date.parse(empty.from)).toBe(localDayStart(noon));
    expect(empty.timeZone).toBe(ZONE);
  });

  it("follows today's log: arrivals against the plan's target, pending, overdue stages", async () => {
    await createIncident(noon - 13 * 3600_000); // yesterday evening's call, still open
    const met = await createIncident(noon - 30_000);
    const sent = await call('POST', '/api/v1/dispatches', 'dispatcher', {
      incidentId: met.id,
      unitId: 'police-1-1',
      tier: 1,
    });
    expect(sent.statusCode).toBe(201);
    const dispatchId = sent.json().id as string;
    for (const step of ['accept', 'arrive'])
      expect(
        (await call('POST', `/api/v1/dispatches/${dispatchId}/${step}`, 'responder')).statusCode,
      ).toBe(200);
    await createIncident(noon - 200_000); // nobody sent: missed
    await createIncident(noon - 10_000); // still within its minute: pending

    const first = await stats();
    expect(first.incidents).toBe(3);
    expect(first.perHour[11]).toBe(3);
    expect(first.tiers[0]).toMatchObject({
      arrivalSeconds: [30],
      met: 1,
      missed: 1,
      pending: 1,
      metShare: 0.5,
    });
    expect(first.open.total).toBe(4);

    // Later: the pending one has run past its minute, and one more call came in.
    clock.advance(120);
    await createIncident(clock.now() - 5000);
    const later = await stats();
    expect(later.incidents).toBe(4);
    expect(later.tiers[0]).toMatchObject({ met: 1, missed: 2, pending: 1 });
    const analyse = later.open.stages.find((s) => s.stage === 'analyse')!;
    // In analyse: yesterday's, the missed, the once-pending and the new one; all but the new
    // one entered the stage 120 s ago, past the plan's 60 s.
    expect(analyse).toEqual({ stage: 'analyse', count: 4, overdue: 3 });
    // The one a unit accepted moved on to handle by itself.
    expect(later.open.stages.find((s) => s.stage === 'assign')!.count).toBe(0);
    expect(later.open.stages.find((s) => s.stage === 'handle')!.count).toBe(1);
  });

  it('is for stats.read only: the analyst reads it, the dispatcher and responder may not', async () => {
    expect((await call('GET', '/api/v1/stats/today', 'analyst')).statusCode).toBe(200);
    const dispatcher = await call('GET', '/api/v1/stats/today', 'dispatcher');
    expect(dispatcher.statusCode).toBe(403);
    expect(dispatcher.json().error.code).toBe('ERR_FORBIDDEN');
    expect((await call('GET', '/api/v1/stats/today', 'responder')).statusCode).toBe(403);
  });

  it("counts only the caller's subtree: the grid-1 account's org has none of these", async () => {
    const admin = await server.cookie('admin');
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: { cookie: admin },
      payload: {
        username: 'stats-grid-analyst',
        displayName: 'stats',
        password: 'stats-password-2026',
        orgId: 'grid-1',
        roles: ['analyst'],
      },
    });
    expect(created.statusCode).toBe(201);
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'stats-grid-analyst', password: 'stats-password-2026' },
    });
    const cookie = `jf_session=${login.cookies.find((c) => c.name === 'jf_session')!.value}`;
    const response = await server.app.inject({
      url: '/api/v1/stats/today',
      headers: { cookie },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ incidents: 0, open: { total: 0 } });
  });
});
