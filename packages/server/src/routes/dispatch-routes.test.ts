import { FixedClock, type Site } from '@jiefang/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

describe('dispatch routes', () => {
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

  const createIncident = async (categoryCode: string) => {
    const response = await call('POST', '/api/v1/incidents', 'dispatcher', {
      source: 'call',
      categoryCode,
      location: { lon: site.location.lon, lat: site.location.lat },
      reporter: { phone: '13800001234' },
      description: `${categoryCode} at ${site.name}`,
    });
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string; version: number };
  };

  const unitStatus = (unitId: string) => server.ctx.world.units.get(unitId)!.value.status;

  beforeAll(async () => {
    server = await startTestServer({ clock });
    server.placeUnits();
    site = server.ctx.world.sites.get('site-1')!.value;
  });
  afterAll(async () => server.close());

  it('lets the responder run their own unit through the lifecycle, each step timestamped', async () => {
    const incident = await createIncident('theft');
    const sent = await call('POST', '/api/v1/dispatches', 'dispatcher', {
      incidentId: incident.id,
      unitId: 'police-1-1',
      tier: 3,
    });
    expect(sent.statusCode).toBe(201);
    const dispatch = sent.json();
    expect(dispatch).toMatchObject({ status: 'notified', tier: 3, acceptTimeoutSeconds: 45 });
    expect(unitStatus('police-1-1')).toBe('notified');

    const steps = ['accept', 'depart', 'arrive', 'clear'] as const;
    for (const [i, step] of steps.entries()) {
      clock.advance(30);
      const response = await call(
        'POST',
        `/api/v1/dispatches/${dispatch.id}/${step}`,
        'responder',
        step === 'clear' ? { outcome: 'suspect gone, statement taken' } : {},
      );
      expect(response.statusCode, `${step}: ${response.body}`).toBe(200);
      expect(response.json().version).toBe(i + 2);
    }
    expect(unitStatus('police-1-1')).toBe('available');
    const done = (await call('GET', `/api/v1/dispatches/${dispatch.id}`, 'responder')).json();
    expect(Object.keys(done.times)).toEqual(
      expect.arrayContaining(['notified', 'accepted', 'en_route', 'on_scene', 'cleared']),
    );
    expect(Date.parse(done.times.cleared) - Date.parse(done.times.notified)).toBe(120_000);

    const timeline = (
      await call('GET', `/api/v1/incidents/${incident.id}/timeline`, 'dispatcher')
    ).json();
    const types = timeline.events.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'incident.created',
        'dispatch.created',
        'incident.stage_changed',
        'dispatch.accepted',
        'dispatch.en_route',
        'dispatch.on_scene',
        'dispatch.cleared',
      ]),
    );
    for (const event of timeline.events) expect(Date.parse(event.at)).not.toBeNaN();
    const at = (type: string) =>
      timeline.events.find((e: { type: string }) => e.type === type).at as string;
    expect(Date.parse(at('dispatch.cleared')) - Date.parse(at('dispatch.accepted'))).toBe(90_000);
  });

  it("records how far the unit was when on scene was reported, keeping the responder's word", async () => {
    server.placeUnits();
    const incident = await createIncident('theft');
    const sent = (
      await call('POST', '/api/v1/dispatches', 'dispatcher', {
        incidentId: incident.id,
        unitId: 'police-1-1',
        tier: 3,
      })
    ).json();
    for (const step of ['accept', 'depart'])
      await call('POST', `/api/v1/dispatches/${sent.id}/${step}`, 'responder', {});
    // The phone reports 0.006° of latitude north of the scene: about 667 m.
    const tracker = server.ctx.positions;
    tracker.report(server.ctx.world.units.get('police-1-1')!.value, {
      lon: site.location.lon,
      lat: site.location.lat + 0.006,
      at: clock.now(),
      accuracyM: 5,
    });
    const arrived = await call('POST', `/api/v1/dispatches/${sent.id}/arrive`, 'responder', {});
    expect(arrived.statusCode, arrived.body).toBe(200);
    expect(arrived.json().status).toBe('on_scene');
    expect(arrived.json().arrivalDistanceMetres).toBeGreaterThan(650);
    expect(arrived.json().arrivalDistanceMetres).toBeLessThan(685);
    const read = (await call('GET', `/api/v1/dispatches/${sent.id}`, 'dispatcher')).json();
    expect(read.arrivalDistanceMetres).toBe(arrived.json().arrivalDistanceMetres);

    // Closing while the unit is on scene is refused with its own code; once cleared it closes.
    // (The unit's accept already moved the incident from assign to handle.)
    const moved = await call('POST', `/api/v1/incidents/${incident.id}/stage`, 'dispatcher', {
      to: 'supervise',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    // Signing off (supervise → close) is the supervisor's.
    const refused = await call('POST', `/api/v1/incidents/${incident.id}/stage`, 'supervisor', {
      to: 'close',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'ERR_UNITS_ON_SCENE', field: 'dispatches' });
    expect(refused.json().error.message).toContain('police-1-1');
    await call('POST', `/api/v1/dispatches/${sent.id}/clear`, 'responder', {});
    const closed = await call('POST', `/api/v1/incidents/${incident.id}/stage`, 'supervisor', {
      to: 'close',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().status).toBe('closed');
  });

  it('runs the loop by itself: accept moves assign → handle, first on scene and last cleared are milestones', async () => {
    server.placeUnits();
    const incident = await createIncident('theft');
    const send = async (unitId: string) =>
      (
        await call('POST', '/api/v1/dispatches', 'dispatcher', {
          incidentId: incident.id,
          unitId,
          tier: 3,
        })
      ).json() as { id: string };
    const step = async (dispatchId: string, what: string, user = 'dispatcher') => {
      const response = await call('POST', `/api/v1/dispatches/${dispatchId}/${what}`, user, {
        ...(what === 'clear' ? { outcome: 'done' } : {}),
      });
      expect(response.statusCode, `${what}: ${response.body}`).toBe(200);
    };
    const stage = async () =>
      (await call('GET', `/api/v1/incidents/${incident.id}`, 'dispatcher')).json().workflow.stage;
    const first = await send('police-1-1');
    const second = await send('police-1-2');
    expect(await stage()).toBe('assign');
    clock.advance(15);
    await step(first.id, 'accept', 'responder');
    expect(await stage()).toBe('handle');
    // Long past assign's deadline now, but the incident is being handled: nothing overdue there.
    clock.advance(20);
    await step(second.id, 'accept');
    await step(first.id, 'arrive', 'responder');
    clock.advance(30);
    await step(second.id, 'arrive');
    clock.advance(300);
    await step(first.id, 'clear', 'responder');
    clock.advance(60);
    await step(second.id, 'clear');

    const timeline = (
      await call('GET', `/api/v1/incidents/${incident.id}/timeline`, 'dispatcher')
    ).json().events as { type: string; actorId: string | null; payload: Record<string, unknown> }[];
    const moves = timeline.filter((e) => e.type === 'incident.stage_changed');
    expect(moves.map((e) => e.payload.to)).toEqual(['assign', 'handle']);
    // By the system, caused by the accept, not a click.
    expect(moves[1].actorId).toBeNull();
    expect(moves[1].payload.cause).toEqual({ dispatchId: first.id, status: 'accepted' });
    const milestones = timeline.filter(
      (e) => e.type.startsWith('incident.') && e.payload.dispatchId,
    );
    expect(milestones.map((e) => [e.type, e.payload.dispatchId])).toEqual([
      ['incident.first_on_scene', first.id],
      ['incident.all_cleared', second.id],
    ]);
    const read = (await call('GET', `/api/v1/incidents/${incident.id}`, 'supervisor')).json();
    expect(read.milestones).toEqual({
      firstOnScene: { at: expect.any(String), dispatchId: first.id, unitId: 'police-1-1' },
      allCleared: { at: expect.any(String), dispatchId: second.id, unitId: 'police-1-2' },
    });
    expect(
      Date.parse(read.milestones.allCleared.at) - Date.parse(read.milestones.firstOnScene.at),
    ).toBe(390_000);
    expect(read.loop.deadlines).toMatchObject({ analyse: 300, assign: 900 });
  });

  it('dispatches every recommended unit with one key and moves the incident to assign', async () => {
    server.placeUnits();
    const incident = await createIncident('violent_attack');
    const response = await call(
      'POST',
      `/api/v1/incidents/${incident.id}/dispatch-recommended`,
      'dispatcher',
    );
    expect(response.statusCode).toBe(201);
    const { dispatches, recommendation } = response.json();
    const picks = recommendation.tiers.flatMap((t: { candidates: unknown[] }) => t.candidates);
    expect(dispatches.length).toBe(picks.length);
    expect(dispatches.filter((d: { tier: number }) => d.tier === 1)).toHaveLength(2);
    for (const d of dispatches) {
      expect(d.status).toBe('notified');
      expect(unitStatus(d.unitId)).toBe('notified');
    }
    const now = (await call('GET', `/api/v1/incidents/${incident.id}`, 'dispatcher')).json();
    expect(now.workflow.stage).toBe('assign');
    const listed = await call('GET', `/api/v1/dispatches?incidentId=${incident.id}`, 'dispatcher');
    expect(listed.json()).toHaveLength(dispatches.length);
    // The key pressed again sends nobody twice: the plan is covered by the live dispatches.
    const again = await call(
      'POST',
      `/api/v1/incidents/${incident.id}/dispatch-recommended`,
      'dispatcher',
    );
    expect(again.statusCode).toBe(201);
    expect(again.json().dispatches).toEqual([]);
    const after = await call('GET', `/api/v1/dispatches?incidentId=${incident.id}`, 'dispatcher');
    expect(after.json()).toHaveLength(dispatches.length);
    const timers = (
      await call('GET', `/api/v1/incidents/${incident.id}/timers`, 'dispatcher')
    ).json();
    expect(timers.timers.map((t: { targetSeconds: number }) => t.targetSeconds)).toEqual([
      60, 180, 300,
    ]);
    // Stand them down so later tests find the units free.
    for (const d of dispatches) {
      const cancelled = await call('POST', `/api/v1/dispatches/${d.id}/cancel`, 'dispatcher', {
        reason: 'test over',
      });
      expect(cancelled.statusCode).toBe(200);
    }
  });

  it('shows the reporter’s phone to a responder only while their unit has taken the job', async () => {
    const phoneSeen = async (incidentId: string) => {
      const read = await call('GET', `/api/v1/incidents/${incidentId}`, 'responder');
      // Once the unit is off the incident, the incident itself may be out of reach (403).
      expect([200, 403]).toContain(read.statusCode);
      return read.body.includes('13800001234');
    };
    const offer = async (incidentId: string) =>
      (
        await call('POST', '/api/v1/dispatches', 'dispatcher', {
          incidentId,
          unitId: 'police-1-1',
          tier: 3,
        })
      ).json() as { id: string };
    const declinedIncident = await createIncident('theft');
    const offered = await offer(declinedIncident.id);
    expect(await phoneSeen(declinedIncident.id)).toBe(false);
    const declined = await call('POST', `/api/v1/dispatches/${offered.id}/decline`, 'responder', {
      reason: 'vehicle fault',
    });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(await phoneSeen(declinedIncident.id)).toBe(false);

    const takenIncident = await createIncident('theft');
    const taken = await offer(takenIncident.id);
    expect(
      (await call('POST', `/api/v1/dispatches/${taken.id}/accept`, 'responder')).statusCode,
    ).toBe(200);
    expect(await phoneSeen(takenIncident.id)).toBe(true);
    await call('POST', `/api/v1/dispatches/${taken.id}/depart`, 'responder');
    await call('POST', `/api/v1/dispatches/${taken.id}/arrive`, 'responder');
    await call('POST', `/api/v1/dispatches/${taken.id}/clear`, 'responder', { outcome: 'done' });
    expect(await phoneSeen(takenIncident.id)).toBe(false);
  });

  it('forbids a responder to move another unit’s dispatch', async () => {
    const incident = await createIncident('theft');
    const sent = await call('POST', '/api/v1/dispatches', 'dispatcher', {
      incidentId: incident.id,
      unitId: 'police-1-2',
      tier: 2,
    });
    const response = await call('POST', `/api/v1/dispatches/${sent.json().id}/accept`, 'responder');
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('ERR_OUT_OF_SCOPE');
    expect(server.ctx.world.dispatches.get(sent.json().id)!.value.status).toBe('notified');
  });

  it('refuses to clear a dispatch that was never accepted, and changes nothing', async () => {
    const incident = await createIncident('theft');
    const sent = (
      await call('POST', '/api/v1/dispatches', 'dispatcher', {
        incidentId: incident.id,
        unitId: 'police-2-1',
        tier: 2,
      })
    ).json();
    const before = await server.store.history('dispatch', sent.id);
    const response = await call('POST', `/api/v1/dispatches/${sent.id}/clear`, 'dispatcher', {});
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'ERR_ILLEGAL_TRANSITION' });
    expect(response.json().error.message).toMatch(/notified to cleared/);
    expect(await server.store.history('dispatch', sent.id)).toEqual(before);
    expect(server.ctx.world.dispatches.get(sent.id)!.value.status).toBe('notified');
    expect(unitStatus('police-2-1')).toBe('notified');
  });

  it('takes a unit off lower-priority work in the same transaction when asked', async () => {
    const routine = await createIncident('theft');
    const urgent = await createIncident('robbery');
    const first = (
      await call('POST', '/api/v1/dispatches', 'dispatcher', {
        incidentId: routine.id,
        unitId: 'grid-unit-2',
        tier: 1,
      })
    ).json();
    const taken = await call('POST', '/api/v1/dispatches', 'dispatcher', {
      incidentId: urgent.id,
      unitId: 'grid-unit-2',
      tier: 2,
      preempt: true,
    });
    expect(taken.statusCode).toBe(201);
    expect(server.ctx.world.dispatches.get(first.id)!.value).toMatchObject({
      status: 'cancelled',
      cancelReason: expect.stringContaining(urgent.id),
    });
    expect(server.ctx.world.units.get('grid-unit-2')!.value).toMatchObject({
      status: 'notified',
      assignment: { incidentId: urgent.id, dispatchId: taken.json().id, priority: 1 },
    });
    const back = await call('POST', '/api/v1/dispatches', 'dispatcher', {
      incidentId: routine.id,
      unitId: 'grid-unit-2',
      tier: 1,
      preempt: true,
    });
    expect(back.statusCode).toBe(409);
  });

  it('refuses a busy unit and an unknown unit with clear errors', async () => {
    const incident = await createIncident('theft');
    const busy = await call('POST', '/api/v1/dispatches', 'dispatcher', {
      incidentId: incident.id,
      unitId: 'police-2-1',
      tier: 2,
    });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error).toMatchObject({ field: 'unitId' });
    const unknown = await call('POST', '/api/v1/dispatches', 'dispatcher', {
      incidentId: incident.id,
      unitId: 'nobody',
      tier: 2,
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({ field: 'unitId' });
  });
});
