import { describe, expect, it } from 'vitest';
import { decidePatrolPlan, type PatrolLeg, type PatrolPlan } from './patrol-plan.ts';

const start = Date.parse('2026-12-03T08:00:00Z');
const ctx = { now: start, actorId: 'sup' };
const zone = (id: string, west: number) => ({
  id,
  bbox: [west, 0, west + 0.02, 0.02] as [number, number, number, number],
});
const stop = (cell: string, startMin: number, at: [number, number]): PatrolLeg => ({
  kind: 'dwell',
  startMin,
  endMin: startMin + 12,
  at,
  stop: { cell, window: [startMin - 5, startMin + 10] },
});
const drive = (startMin: number, endMin: number): PatrolLeg => ({
  kind: 'drive',
  startMin,
  endMin,
  path: [
    [0, 0],
    [0.01, 0.01],
  ],
  metres: 1500,
});

function assignedPlan(): PatrolPlan {
  const created = decidePatrolPlan(
    undefined,
    {
      type: 'create',
      plan: {
        id: 'p1',
        orgId: 'station-1',
        forecastId: 'f1',
        shiftStart: new Date(start).toISOString(),
        shiftMinutes: 120,
        units: [
          {
            unitId: 'u0',
            zone: zone('A1', 0),
            post: [0.01, 0.01],
            legs: [
              drive(0, 8),
              stop('a', 8, [0.012, 0.011]),
              drive(20, 30),
              stop('a2', 30, [0.01, 0.01]),
              { kind: 'dwell', startMin: 42, endMin: 120, at: [0.01, 0.01] },
            ],
          },
          {
            unitId: 'u1',
            zone: zone('B1', 0.02),
            post: [0.03, 0.01],
            legs: [
              drive(0, 10),
              stop('c', 10, [0.03, 0.011]),
              drive(22, 40),
              stop('d', 40, [0.035, 0.011]),
              drive(52, 60),
              stop('c', 60, [0.03, 0.011]),
              { kind: 'dwell', startMin: 72, endMin: 120, at: [0.03, 0.01] },
            ],
          },
        ],
        staticCoverage: 0.8,
        floor: 0.78,
        minCoverage: 0.79,
      },
    },
    ctx,
  ).state;
  return decidePatrolPlan(created, { type: 'assign' }, ctx).state;
}

describe('decidePatrolPlan: unit taken by a dispatch', () => {
  const at = start + 25 * 60_000;

  it('without a re-plan, cuts the unit and flags its stops still to come', () => {
    const { state, events } = decidePatrolPlan(
      assignedPlan(),
      { type: 'unit_taken', unitId: 'u1', dispatchId: 'd1', at },
      ctx,
    );
    const cut = state.units[1];
    expect(cut.takenAtMin).toBe(25);
    expect(cut.legs.map((l) => l.startMin)).toEqual([0, 10, 22]);
    expect(state.uncovered.map((s) => [s.cell, s.startMin])).toEqual([
      ['d', 40],
      ['c', 60],
    ]);
    expect(state.replans).toBeUndefined();
    expect(events[0].type).toBe('patrol_plan.unit_taken');
  });

  it("with a re-plan, replaces the others' legs and leaves uncovered only the cells it does not visit", () => {
    const plan = assignedPlan();
    const kept = plan.units[0].legs.filter((l) => l.startMin < 25);
    const legs = [
      ...kept,
      stop('c', 30, [0.03, 0.011]),
      { kind: 'dwell' as const, startMin: 42, endMin: 120, at: [0.01, 0.01] as [number, number] },
    ];
    const { state, events } = decidePatrolPlan(
      plan,
      {
        type: 'unit_taken',
        unitId: 'u1',
        dispatchId: 'd1',
        at,
        replan: {
          units: [{ unitId: 'u0', legs, adopted: [zone('B1', 0.02)] }],
          heirUnitId: 'u0',
          floor: 0.5,
          minCoverage: 0.52,
        },
      },
      ctx,
    );
    expect(state.units[0].legs).toEqual(legs);
    expect(state.units[0].adopted).toEqual([zone('B1', 0.02)]);
    // Cell c is visited by u0 after the cut; d is not.
    expect(state.uncovered.map((s) => s.cell)).toEqual(['d']);
    expect(state.replans).toEqual([
      { atMin: 25, takenUnitId: 'u1', heirUnitId: 'u0', floor: 0.5, minCoverage: 0.52 },
    ]);
    expect(events[0].payload).toMatchObject({ replannedUnitIds: ['u0'] });
  });

  it('refuses a re-plan that changes legs already begun, or leaves a gap', () => {
    const plan = assignedPlan();
    const changed = [
      drive(0, 9),
      stop('a', 9, [0.012, 0.011]),
      { kind: 'dwell' as const, startMin: 21, endMin: 120, at: [0.01, 0.01] as [number, number] },
    ];
    const gap = [
      ...plan.units[0].legs.filter((l) => l.startMin < 25),
      stop('c', 35, [0.03, 0.011]),
    ];
    for (const legs of [changed, gap])
      expect(() =>
        decidePatrolPlan(
          plan,
          {
            type: 'unit_taken',
            unitId: 'u1',
            dispatchId: 'd1',
            at,
            replan: { units: [{ unitId: 'u0', legs, adopted: [] }], floor: 0.5, minCoverage: 0.5 },
          },
          ctx,
        ),
      ).toThrowError(expect.objectContaining({ field: 'replan' }));
  });
});
