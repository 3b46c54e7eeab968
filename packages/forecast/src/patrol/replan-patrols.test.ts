import { describe, expect, it } from 'vitest';
import { straightLineNetwork } from '../testing/straight-line-network.ts';
import { chessboardZones } from './chessboard.ts';
import type { HotPlace, UnitPlan } from './patrol-plan.ts';
import { minuteTrack, planPatrols, type PatrolUnit } from './plan-patrol.ts';
import { replanPatrols, type PlannedUnit } from './replan-patrols.ts';
import type { LonLatPair } from './road-network.ts';

// Three 2.2 km squares in a row near (0, 0) (A1, B1, C1); roads sampled every ~220 m.
const zones = chessboardZones([0, 0, 0.06, 0.02], 3);
const samples: LonLatPair[] = [];
for (let x = 0.001; x < 0.06; x += 0.002)
  for (let y = 0.001; y < 0.02; y += 0.002) samples.push([x, y]);
const units: PatrolUnit[] = zones.map((zone, i) => ({ id: `u${i}`, post: zone.centre, zone }));
const flat = (perHour: number) => Array.from({ length: 8 }, () => perHour);
const SHIFT = 480;

const planned = (plans: UnitPlan[]): PlannedUnit[] =>
  plans.map((p, i) => ({ id: p.unit, post: p.post, zone: units[i].zone, legs: p.legs }));
const stopsAt = (plan: UnitPlan, cell: string, from = 0) =>
  plan.legs.filter((l) => l.kind === 'dwell' && l.stop?.cell === cell && l.startMin >= from);

describe('replanPatrols: a unit taken by a dispatch', () => {
  const hot: HotPlace[] = [
    { cell: 'a', at: [0.012, 0.011], perHour: flat(2) },
    { cell: 'b', at: [0.032, 0.009], perHour: flat(2) },
    { cell: 'c', at: [0.048, 0.011], perHour: flat(3) },
  ];

  it("hands the taken unit's square to the nearest unit, keeping the legs under way", () => {
    const network = straightLineNetwork(samples);
    const before = planPatrols(network, { shiftMinutes: SHIFT, units, hot, coverageSlack: 1 });
    expect(stopsAt(before.plans[1], 'c')).toHaveLength(0);
    const minute = 100;
    const after = replanPatrols(network, {
      shiftMinutes: SHIFT,
      units: planned(before.plans),
      hot,
      coverageSlack: 1,
      takenUnitId: 'u2',
      minute,
    });
    expect(after.heir).toBe('u1');
    expect(after.plans.map((p) => p.unit)).toEqual(['u0', 'u1']);
    expect(after.units[1].adopted?.map((z) => z.id)).toEqual([zones[2].id]);
    for (const [k, plan] of after.plans.entries()) {
      const old = before.plans[k];
      // Every leg begun before the cut is kept as it was; the rest runs on without gaps.
      const kept = old.legs.filter((l) => l.startMin < minute);
      expect(plan.legs.slice(0, kept.length)).toEqual(kept);
      let t = 0;
      for (const leg of plan.legs) {
        expect(leg.startMin).toBe(t);
        t = leg.endMin;
      }
      expect(t).toBe(SHIFT);
      expect(after.heldFromMin).toBeGreaterThanOrEqual(kept[kept.length - 1].endMin);
    }
    // The heir now works the taken square's place as well as its own.
    expect(stopsAt(after.plans[1], 'c', minute).length).toBeGreaterThan(0);
    expect(stopsAt(after.plans[1], 'b', minute).length).toBeGreaterThan(0);
    expect(stopsAt(after.plans[0], 'c')).toHaveLength(0);
  });

  it('keeps the coverage floor of the remaining posts from the minute the legs under way end', () => {
    // At 3 m/s the far corner of the taken square pulls the heir out of reach of its own.
    const slow = straightLineNetwork(samples, 3);
    const far: HotPlace[] = [...hot, { cell: 'far', at: [0.0595, 0.0005], perHour: flat(8) }];
    const before = planPatrols(slow, { shiftMinutes: SHIFT, units, hot: far });
    const request = {
      shiftMinutes: SHIFT,
      units: planned(before.plans),
      hot: far,
      takenUnitId: 'u2',
      minute: 60,
    };
    const free = replanPatrols(slow, { ...request, coverageSlack: 1 });
    const floor = free.staticCoverage - 0.02;
    expect(Math.min(...free.coverageByMinute.slice(free.heldFromMin))).toBeLessThan(floor);

    const held = replanPatrols(slow, request);
    expect(held.floor).toBeCloseTo(
      slow.coverageShare(
        units.slice(0, 2).map((u) => u.post),
        300,
      ) - 0.02,
      12,
    );
    expect(held.removedStops).toBeGreaterThan(0);
    // Recomputed from the plans, minute by minute, from the minute the floor holds.
    const tracks = held.plans.map((p) => minuteTrack(p, SHIFT));
    for (let m = held.heldFromMin; m < SHIFT; m++) {
      const share = slow.coverageShare(
        tracks.map((t) => t[m]),
        300,
      );
      expect(share).toBeGreaterThanOrEqual(held.floor - 1e-12);
    }
  });

  it('has nothing to re-plan when the taken unit was the last one', () => {
    const network = straightLineNetwork(samples);
    const one = planPatrols(network, { shiftMinutes: SHIFT, units: units.slice(0, 1), hot });
    const after = replanPatrols(network, {
      shiftMinutes: SHIFT,
      units: planned(one.plans),
      hot,
      takenUnitId: 'u0',
      minute: 30,
    });
    expect(after.plans).toEqual([]);
    expect(after.heir).toBeUndefined();
  });
});
