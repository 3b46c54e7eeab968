import { FixedClock, type Alert, type Dispatch, type Incident } from '@jiefang/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  postPartnerEvent,
  registerPartner,
  squareAround,
  type RegisteredPartner,
} from '../test-support/alert-fixtures.ts';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';
import { AggregateType } from '../world/aggregate-types.ts';
import { AlertChainRunner } from './alert-chain-runner.ts';

/**
 * The Ningbo chain on a simulation clock: crowd >= 50 in the camera zone for >= 3 min → note
 * and spoken reminder → after 2 more minutes the zone's grid worker → after 5 the police by
 * the response plan; a reading below the threshold stops it.
 */
describe('area rule chain (simulation clock)', () => {
  const clock = new FixedClock(Date.parse('2026-12-03T01:00:00Z'));
  let server: TestServer;
  let runner: AlertChainRunner;
  let camera: RegisteredPartner;
  let n = 0;

  const reading = (value: number, track: string) => ({
    eventId: `reading-${++n}`,
    occurredAt: new Date(clock.now()).toISOString(),
    kind: 'crowd',
    zoneId: 'zone-square',
    alertKey: track,
    measure: { name: 'crowd', value },
    severity: 'Moderate',
  });
  const timeline = async (alertId: string) => {
    const response = await server.app.inject({
      url: `/api/v1/alerts/${alertId}/timeline`,
      headers: { cookie: await server.cookie('dispatcher') },
    });
    return response.json() as { type: string; payload: { kind?: string } }[];
  };
  const steps = async (alertId: string) =>
    (await timeline(alertId))
      .filter((e) => e.type === 'alert.step_taken')
      .map((e) => e.payload.kind);
  const alertOf = (id: string) => server.ctx.world.get<Alert>(AggregateType.alert, id)!;

  beforeAll(async () => {
    server = await startTestServer({ clock });
    server.placeUnits();
    runner = new AlertChainRunner(server.ctx, {
      onError: (error) => {
        throw error;
      },
    });
    // The zone lies around grid worker 1's start, but belongs to grid 2: its grid worker is grid-unit-2.
    const square = server.seed.startPositions.get('grid-unit-1')!;
    camera = await registerPartner(server, {
      id: 'camera-square',
      orgId: 'station-1',
      name: '广场 camera',
      kind: 'camera',
      zones: [
        { id: 'zone-square', name: '广场', orgId: 'grid-2', polygon: squareAround(square, 60) },
      ],
    });
    const rule = await server.app.inject({
      method: 'POST',
      url: '/api/v1/area-rules',
      headers: { cookie: await server.cookie('dispatcher') },
      payload: {
        id: 'rule-square-crowd',
        orgId: 'station-1',
        name: '广场人群聚集',
        categoryCode: 'crowd',
        match: {
          sources: ['webhook'],
          events: ['crowd'],
          zone: squareAround(square, 200),
          minSeverity: 'Moderate',
          persistence: { measure: 'crowd', min: 50, forSeconds: 180 },
        },
        steps: [
          { kind: 'note', afterSeconds: 0, text: '人群聚集超过 50 人 3 分钟' },
          { kind: 'reminder', afterSeconds: 0, text: '请勿聚集，注意安全' },
          { kind: 'grid_worker', afterSeconds: 120 },
          { kind: 'police', afterSeconds: 300 },
        ],
      },
    });
    expect(rule.statusCode, rule.body).toBe(201);
  }, 60_000);
  afterAll(async () => server?.close());

  it('climbs note → reminder → grid worker → police, each at its time', async () => {
    const first = await postPartnerEvent(server, camera, reading(63, 'track-a'));
    expect(first.statusCode, first.body).toBe(200);
    const alertId = first.json().alert.id as string;
    expect(alertOf(alertId).chain?.ruleId).toBe('rule-square-crowd');

    clock.advance(179);
    server.placeUnits();
    await runner.tick();
    expect(await steps(alertId)).toEqual([]);

    clock.advance(1);
    await runner.tick();
    expect(await steps(alertId)).toEqual(['note', 'reminder']);
    // The partner learns of the reminder in the answer to its next reading.
    const next = await postPartnerEvent(server, camera, reading(70, 'track-a'));
    expect(next.json().actions).toEqual([
      expect.objectContaining({ kind: 'reminder', text: '请勿聚集，注意安全' }),
    ]);

    clock.advance(119);
    server.placeUnits();
    await runner.tick();
    expect(await steps(alertId)).toEqual(['note', 'reminder']);
    clock.advance(1);
    await runner.tick();
    expect(await steps(alertId)).toEqual(['note', 'reminder', 'grid_worker']);
    const chain = alertOf(alertId).chain!;
    const gridStep = chain.taken.find((t) => t.kind === 'grid_worker')!;
    const gridDispatch = server.ctx.world.get<Dispatch>(
      AggregateType.dispatch,
      gridStep.dispatchIds![0],
    )!;
    expect(gridDispatch.unitId).toBe('grid-unit-2');
    expect(gridStep.outcome).toContain("the zone's grid worker");
    const incident = server.ctx.world.get<Incident>(AggregateType.incident, chain.incidentId!)!;
    expect(incident).toMatchObject({
      source: 'alert',
      categoryCode: 'crowd',
      orgId: 'grid-2',
      externalRef: alertId,
    });

    clock.advance(180);
    server.placeUnits();
    await runner.tick();
    expect(await steps(alertId)).toEqual(['note', 'reminder', 'grid_worker', 'police']);
    const policeStep = alertOf(alertId).chain!.taken.find((t) => t.kind === 'police')!;
    const sent = policeStep.dispatchIds!.map(
      (id) => server.ctx.world.get<Dispatch>(AggregateType.dispatch, id)!.unitId,
    );
    const kinds = sent.map((unitId) => server.ctx.world.units.get(unitId)!.value.kind);
    expect(kinds).toContain('police');
    expect(
      server.ctx.world.get<Incident>(AggregateType.incident, chain.incidentId!)!.priority,
    ).toBe(2);

    clock.advance(3600);
    await runner.tick();
    expect(await steps(alertId)).toHaveLength(4);
  });

  it('waits again when the crowd thins before the chain started', async () => {
    const alertId = (await postPartnerEvent(server, camera, reading(80, 'track-b'))).json().alert
      .id;
    clock.advance(100);
    await postPartnerEvent(server, camera, reading(20, 'track-b'));
    clock.advance(100);
    await postPartnerEvent(server, camera, reading(55, 'track-b'));
    clock.advance(179);
    await runner.tick();
    expect(await steps(alertId)).toEqual([]);
    clock.advance(1);
    await runner.tick();
    expect(await steps(alertId)).toEqual(['note', 'reminder']);
    // The condition clears: the alert is cleared and the chain stops there.
    const cleared = await postPartnerEvent(server, camera, reading(10, 'track-b'));
    expect(cleared.json().alert.status).toBe('cleared');
    clock.advance(3600);
    server.placeUnits();
    await runner.tick();
    expect(await steps(alertId)).toEqual(['note', 'reminder']);
    expect((await timeline(alertId)).at(-1)?.type).toBe('alert.cleared');
  });

  it('stops when a dispatcher clears the alert', async () => {
    const alertId = (await postPartnerEvent(server, camera, reading(90, 'track-c'))).json().alert
      .id;
    clock.advance(180);
    await runner.tick();
    const clear = await server.app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${alertId}/clear`,
      headers: { cookie: await server.cookie('dispatcher') },
      payload: { reason: '现场已疏散' },
    });
    expect(clear.json()).toMatchObject({ status: 'cleared', clearReason: '现场已疏散' });
    clock.advance(600);
    await runner.tick();
    expect(await steps(alertId)).toEqual(['note', 'reminder']);
  });
});
