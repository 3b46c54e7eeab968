import { FixedClock, type ForecastRecord, type PatrolPlan } from '@jiefang/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patrolPlannerOf } from '../patrol/patrol-planner.ts';
import { PatrolRunner } from '../patrol/patrol-runner.ts';
import { AggregateType } from '../world/aggregate-types.ts';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

/** A deterministic generator, so the history is the same every run. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('patrol: forecast → plan → assign → re-plan on dispatch → compliance (demo city)', () => {
  const now = Date.parse('2026-12-03T02:00:00Z');
  const clock = new FixedClock(now);
  let server: TestServer;
  let runner: PatrolRunner;
  /** Where calls keep coming from: beside police-1-1's start. */
  let hot: { lon: number; lat: number };
  const call = async (
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    user: string,
    payload?: object,
  ) => server.app.inject({ method, url, headers: { cookie: await server.cookie(user) }, payload });

  beforeAll(async () => {
    // The calls are taken as three weeks pass: the server starts then, its sessions last a month.
    clock.set(now - 21 * 86_400_000);
    server = await startTestServer({ clock, config: { sessionTtlSeconds: 31 * 86_400 } });
    server.placeUnits();
    runner = new PatrolRunner(server.ctx, 60_000);
    hot = server.seed.startPositions.get('police-1-1')!;
    const random = seeded(11);
    // Three weeks of calls: a third at the hot corner, the rest spread over ~2 km.
    const times = Array.from({ length: 90 }, () => now - (1 + random() * 20) * 86_400_000).sort(
      (a, b) => a - b,
    );
    for (let i = 0; i < 90; i++) {
      const atHot = i % 3 === 0;
      const at = atHot
        ? { lon: hot.lon + (random() - 0.5) * 0.0006, lat: hot.lat + (random() - 0.5) * 0.0005 }
        : { lon: hot.lon + (random() - 0.5) * 0.02, lat: hot.lat + (random() - 0.5) * 0.018 };
      clock.set(times[i]);
      await server.createIncident(at, {
        description: atHot ? '夜间拉车门把手，盗窃车内财物' : '纠纷',
      });
    }
    clock.set(now);
  }, 120_000);
  afterAll(async () => {
    await runner?.close();
    await server?.close();
  });

  let forecast: ForecastRecord;
  let plan: PatrolPlan;

  it('computes a requested forecast in the background and keeps it in the store', async () => {
    const requested = await call('POST', '/api/v1/forecasts', 'supervisor', {
      orgId: 'station-1',
      categoryCode: '*',
      horizonDays: 7,
    });
    expect(requested.statusCode, requested.body).toBe(202);
    expect(requested.json()).toMatchObject({ status: 'requested', horizonDays: 7 });
    const id = (requested.json() as ForecastRecord).id;
    await runner.tick();
    const read = await call('GET', `/api/v1/forecasts/${id}`, 'analyst');
    expect(read.statusCode, read.body).toBe(200);
    forecast = read.json() as ForecastRecord;
    expect(forecast.status).toBe('computed');
    const result = forecast.result!;
    expect(['naive', 'kde', 'promap', 'sepp']).toContain(result.method);
    expect(result.from).toBe('2026-12-03');
    expect(result.until).toBe('2026-12-10');
    expect(result.historyCount).toBeGreaterThanOrEqual(80);
    // The best cell is the hot corner (within one cell of it).
    const top = result.cells[0].centre;
    const metres = Math.hypot((top[0] - hot.lon) * 94_400, (top[1] - hot.lat) * 111_000);
    expect(metres).toBeLessThan(result.cellSizeFt * 0.3048);
    const stored = await server.store.get(AggregateType.forecast, id);
    expect((stored?.data as ForecastRecord).status).toBe('computed');
  }, 120_000);

  it('refuses bad requests naming the field', async () => {
    const bad = await call('POST', '/api/v1/forecasts', 'supervisor', {
      orgId: 'station-1',
      categoryCode: '*',
      horizonDays: 5,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('horizonDays');
    const dwell = await call('POST', '/api/v1/patrol-plans', 'supervisor', {
      forecastId: forecast.id,
      shiftStart: new Date(now - 30 * 60_000).toISOString(),
      shiftMinutes: 480,
      unitIds: ['police-1-1'],
      dwellMin: 20,
    });
    expect(dwell.statusCode).toBe(400);
    expect(dwell.json().error.field).toBe('dwellMin');
  });

  it('plans a shift from the forecast under the coverage floor, with Koper dwells', async () => {
    // Planning runs on the planner's thread: while it works, other requests are answered.
    const planner = patrolPlannerOf(server.ctx);
    const plan0 = planner.plan.bind(planner);
    let planning!: () => void;
    const started = new Promise<void>((resolve) => (planning = resolve));
    let planned = false;
    planner.plan = (input) => {
      planning();
      return plan0(input).finally(() => (planned = true));
    };
    const making = call('POST', '/api/v1/patrol-plans', 'supervisor', {
      forecastId: forecast.id,
      shiftStart: new Date(now - 30 * 60_000).toISOString(),
      shiftMinutes: 240,
      unitIds: ['police-1-1', 'police-1-2'],
    });
    await started;
    const other = await call('GET', '/api/v1/forecasts', 'analyst');
    expect(other.statusCode).toBe(200);
    expect(planned).toBe(false);
    const made = await making;
    planner.plan = plan0;
    expect(made.statusCode, made.body).toBe(201);
    plan = made.json() as PatrolPlan;
    expect(plan.status).toBe('draft');
    expect(plan.minCoverage).toBeGreaterThanOrEqual(plan.floor - 1e-4);
    expect(plan.units.map((u) => u.unitId)).toEqual(['police-1-1', 'police-1-2']);
    const stops = plan.units.flatMap((u) =>
      u.legs.filter((l) => l.kind === 'dwell' && l.stop !== undefined),
    );
    expect(stops.length).toBeGreaterThan(0);
    for (const s of stops) expect(s.endMin - s.startMin).toBe(12);
    for (const u of plan.units)
      for (let i = 1; i < u.legs.length; i++) expect(u.legs[i].startMin).toBe(u.legs[i - 1].endMin);
  }, 120_000);

  it('assigns the plan; a dispatch takes a unit off it and the other unit is re-planned over its square', async () => {
    const assigned = await call('POST', `/api/v1/patrol-plans/${plan.id}/assign`, 'supervisor');
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json().status).toBe('assigned');
    const part = await call('GET', `/api/v1/units/${plan.units[1].unitId}/patrol`, 'dispatcher');
    expect(part.statusCode, part.body).toBe(200);
    expect(part.json()).toMatchObject({ planId: plan.id, unit: { unitId: plan.units[1].unitId } });
    const again = await call('POST', `/api/v1/patrol-plans/${plan.id}/assign`, 'supervisor');
    expect(again.statusCode).toBe(409);

    const unit = plan.units.find((u) => u.legs.some((l) => l.kind === 'dwell' && l.stop))!;
    const ahead = unit.legs.filter((l) => l.kind === 'dwell' && l.stop && l.startMin >= 30);
    const incident = await server.createIncident(hot);
    const sent = await call('POST', '/api/v1/dispatches', 'dispatcher', {
      incidentId: incident.id,
      unitId: unit.unitId,
      tier: 3,
    });
    expect(sent.statusCode, sent.body).toBe(201);
    await runner.tick();
    const after = (
      await call('GET', `/api/v1/patrol-plans/${plan.id}`, 'dispatcher')
    ).json() as PatrolPlan;
    const cut = after.units.find((u) => u.unitId === unit.unitId)!;
    expect(cut.takenAtMin).toBe(30);
    expect(cut.legs.every((l) => l.startMin < 30)).toBe(true);
    // The other unit keeps the legs it had begun and takes over the taken unit's square …
    const heir = after.units.find((u) => u.unitId !== unit.unitId)!;
    const before = plan.units.find((u) => u.unitId === heir.unitId)!;
    const begun = before.legs.filter((l) => l.startMin < 30);
    expect(heir.legs.slice(0, begun.length)).toEqual(begun);
    expect(heir.adopted?.map((z) => z.id)).toEqual([cut.zone.id]);
    expect(heir.legs[heir.legs.length - 1].endMin).toBe(plan.shiftMinutes);
    // … under the coverage floor of the posts left …
    expect(after.replans).toHaveLength(1);
    const replan = after.replans![0];
    expect(replan).toMatchObject({ atMin: 30, takenUnitId: unit.unitId, heirUnitId: heir.unitId });
    expect(replan.minCoverage).toBeGreaterThanOrEqual(replan.floor - 1e-4);
    // … and only the stops it does not reach stay flagged.
    const reached = new Set(
      heir.legs.flatMap((l) =>
        l.kind === 'dwell' && l.stop && l.startMin >= 30 ? [l.stop.cell] : [],
      ),
    );
    const flagged = ahead.filter((l) => l.kind === 'dwell' && l.stop && !reached.has(l.stop.cell));
    expect(after.uncovered.map((s) => s.startMin)).toEqual(flagged.map((l) => l.startMin));
    expect(after.uncovered.every((s) => s.fromUnitId === unit.unitId)).toBe(true);
  }, 60_000);

  it('scores compliance from the stored tracks, and audits the read', async () => {
    const start = Date.parse(plan.shiftStart);
    const unit = plan.units[1];
    const stop = unit.legs.find((l) => l.kind === 'dwell' && l.stop !== undefined);
    const fixes = [];
    // On the first stop for its whole dwell, a fix a minute; nothing else.
    if (stop && stop.kind === 'dwell')
      for (let m = stop.startMin; m <= stop.endMin; m++)
        fixes.push({
          unitId: unit.unitId,
          at: new Date(start + m * 60_000).toISOString(),
          lon: stop.at[0],
          lat: stop.at[1],
          accuracyM: 5,
          edgeId: null,
          edgeOffset: null,
        });
    await server.store.tracks.append(fixes);
    const board = await call('GET', `/api/v1/patrol-plans/${plan.id}/compliance`, 'supervisor');
    expect(board.statusCode, board.body).toBe(200);
    const row = board.json().units.find((u: { unitId: string }) => u.unitId === unit.unitId);
    expect(row.fixes).toBe(fixes.length);
    if (stop) {
      expect(row.stopsVisited).toBeGreaterThanOrEqual(1);
      expect(row.dwellAchievedMin).toBeGreaterThanOrEqual(12);
    }
    expect(row.gaps.length).toBeGreaterThan(0);
    const audit = await server.store.audit.list({ subjectType: 'unit', subjectId: unit.unitId });
    expect(audit.some((a) => Object.values(a.detail ?? {}).includes(plan.id))).toBe(true);

    const csv = await call('GET', `/api/v1/patrol-plans/${plan.id}/compliance.csv`, 'supervisor');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toMatch(/^unit,zone,stops_planned/);
    expect(csv.body).toContain(unit.unitId);
    const xlsx = await call('GET', `/api/v1/patrol-plans/${plan.id}/compliance.xlsx`, 'supervisor');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('suggests series links for an incident, and audits the read', async () => {
    const incidents = await server.store.list<{ id: string; description: string }>({
      aggregateType: AggregateType.incident,
    });
    const target = incidents.find((i) => i.data.description.startsWith('夜间'))!;
    const answer = await call('GET', `/api/v1/incidents/${target.aggregateId}/series`, 'analyst');
    expect(answer.statusCode, answer.body).toBe(200);
    const suggestions = answer.json().suggestions as {
      incidentId: string;
      parts: { text: number };
    }[];
    expect(suggestions.length).toBeGreaterThan(0);
    // The same narrative at the same corner ranks first.
    const first = incidents.find((i) => i.aggregateId === suggestions[0].incidentId)!;
    expect(first.data.description).toBe('夜间拉车门把手，盗窃车内财物');
    expect(suggestions[0].parts.text).toBeCloseTo(1, 5);
    const audit = await server.store.audit.list({
      subjectType: 'incident',
      subjectId: target.aggregateId,
    });
    expect(audit.some((a) => a.action === 'incident.series.read')).toBe(true);
    const refused = await call(
      'GET',
      `/api/v1/incidents/${target.aggregateId}/series`,
      'dispatcher',
    );
    expect(refused.statusCode).toBe(403);
  });
  it('builds a series: start from an incident, accept and reject suggestions, read its timeline', async () => {
    const incidents = await server.store.list<{
      id: string;
      description: string;
      receivedAt: string;
    }>({
      aggregateType: AggregateType.incident,
    });
    const thefts = incidents
      .filter((i) => i.data.description.startsWith('夜间'))
      .sort((a, b) => a.data.receivedAt.localeCompare(b.data.receivedAt));
    const anchor = thefts[thefts.length - 1].aggregateId;
    const bad = await call('POST', '/api/v1/series', 'analyst', { incidentId: anchor, title: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('title');
    const started = await call('POST', '/api/v1/series', 'analyst', {
      incidentId: anchor,
      title: '拉车门把手',
    });
    expect(started.statusCode, started.body).toBe(201);
    const id = started.json().id as string;
    const suggestions = (await call('GET', `/api/v1/incidents/${anchor}/series`, 'analyst')).json()
      .suggestions as { incidentId: string }[];
    const best = suggestions[0];
    const worst = suggestions[suggestions.length - 1];
    expect(worst.incidentId).not.toBe(best.incidentId);
    const accepted = await call('POST', `/api/v1/series/${id}/links`, 'analyst', {
      incidentId: best.incidentId,
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const rejected = await call('POST', `/api/v1/series/${id}/rejections`, 'analyst', {
      incidentId: worst.incidentId,
    });
    expect(rejected.json()).toMatchObject({
      incidentIds: [anchor, best.incidentId],
      rejectedIds: [worst.incidentId],
    });
    const twice = await call('POST', `/api/v1/series/${id}/links`, 'analyst', {
      incidentId: best.incidentId,
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.field).toBe('incidentId');
    const anchorOut = await call('DELETE', `/api/v1/series/${id}/links/${anchor}`, 'analyst');
    expect(anchorOut.statusCode).toBe(409);
    // The timeline runs oldest first, with each incident's place and narrative; read audited.
    const detail = await call('GET', `/api/v1/series/${id}`, 'analyst');
    expect(detail.statusCode, detail.body).toBe(200);
    const timeline = detail.json().timeline as { incidentId: string; receivedAt: string }[];
    expect(timeline.map((e) => e.incidentId).sort()).toEqual([anchor, best.incidentId].sort());
    expect(timeline[0].receivedAt <= timeline[1].receivedAt).toBe(true);
    const audit = await server.store.audit.list({ subjectType: 'case_series', subjectId: id });
    expect(audit.some((a) => a.action === 'series.read')).toBe(true);
    const list = await call('GET', '/api/v1/series', 'supervisor');
    expect(list.json().map((s: { id: string }) => s.id)).toContain(id);
    const dispatcher = await call('GET', `/api/v1/series/${id}`, 'dispatcher');
    expect(dispatcher.statusCode).toBe(403);
  });
});
