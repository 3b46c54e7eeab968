import { describe, expect, it } from 'vitest';
import { straightLineNetwork } from '../testing/straight-line-network.ts';
import { chessboardZones } from './chessboard.ts';
import { minuteTrack, planPatrols, type PatrolUnit } from './plan-patrol.ts';
import type { HotPlace } from './patrol-plan.ts';
import type { LonLatPair } from './road-network.ts';

// Two 2.2 km squares side by side near (0, 0); roads sampled every ~220 m.
const zones = chessboardZones([0, 0, 0.04, 0.02], 2);
const samples: LonLatPair[] = [];
for (let x = 0.001; x < 0.04; x += 0.002)
  for (let y = 0.001; y < 0.02; y += 0.002) samples.push([x, y]);
const units: PatrolUnit[] = zones.map((zone, i) => ({ id: `u${i}`, post: zone.centre, zone }));
const flat = (perHour: number) => Array.from({ length: 8 }, () => perHour);

function checkPlans(result: ReturnType<typeof planPatrols>, shift: number, revisit: number) {
  for (const plan of result.plans) {
    let t = 0;
    const visits = new Map<string, number>();
    for (const leg of plan.legs) {
      expect(leg.startMin).toBe(t);
      expect(leg.endMin).toBeGreaterThan(leg.startMin);
      t = leg.endMin;
      if (leg.kind === 'dwell' && leg.stop) {
        expect(leg.endMin - leg.startMin).toBeGreaterThanOrEqual(10);
        expect(leg.endMin - leg.startMin).toBeLessThanOrEqual(15);
        expect(leg.stop.window[0]).toBeLessThanOrEqual(leg.startMin);
        expect(leg.stop.window[1]).toBeGreaterThanOrEqual(leg.startMin);
        const zone = zones.find((z) => z.id === plan.zone)!;
        expect(leg.at[0]).toBeGreaterThanOrEqual(zone.bbox[0]);
        expect(leg.at[0]).toBeLessThan(zone.bbox[2]);
        const last = visits.get(leg.stop.cell);
        if (last !== undefined) expect(leg.startMin - last).toBeGreaterThanOrEqual(revisit);
        visits.set(leg.stop.cell, leg.startMin);
      }
    }
    expect(t).toBe(shift);
  }
}

describe('planPatrols', () => {
  it('visits the hot places of each square with Koper dwells, windows and return gaps', () => {
    const hot: HotPlace[] = [
      { cell: 'a', at: [0.012, 0.011], perHour: flat(2) },
      { cell: 'b', at: [0.008, 0.008], perHour: flat(1) },
      { cell: 'c', at: [0.03, 0.01], perHour: flat(3) },
    ];
    const network = straightLineNetwork(samples);
    const result = planPatrols(network, {
      shiftMinutes: 480,
      units,
      hot,
      revisitMin: 45,
      coverageSlack: 1,
    });
    checkPlans(result, 480, 45);
    const stops = result.plans.flatMap((p) => p.legs.filter((l) => l.kind === 'dwell' && l.stop));
    expect(stops.length).toBeGreaterThan(10);
    // The unit of the left square never goes to the right square's place, and vice versa.
    const left = result.plans.find((p) => p.zone === zones[0].id)!;
    expect(left.legs.some((l) => l.kind === 'dwell' && l.stop?.cell === 'c')).toBe(false);
    expect(left.legs.some((l) => l.kind === 'dwell' && l.stop?.cell === 'a')).toBe(true);
  });

  it('keeps road coverage within 300 s at every minute no lower than the posts minus 2 points', () => {
    // One hot place in the far corner of the left square: reaching it pulls that unit away from
    // the middle, which at 3 m/s loses coverage. One a hundred metres from the right post.
    const hot: HotPlace[] = [
      { cell: 'far-left', at: [0.0005, 0.0005], perHour: flat(5) },
      { cell: 'near-right', at: [0.0305, 0.0102], perHour: flat(5) },
    ];
    const network = straightLineNetwork(samples, 3);
    const unconstrained = planPatrols(network, { shiftMinutes: 240, units, hot, coverageSlack: 1 });
    const worst = Math.min(...unconstrained.coverageByMinute);
    expect(worst).toBeLessThan(unconstrained.staticCoverage - 0.02);
    const result = planPatrols(network, { shiftMinutes: 240, units, hot });
    checkPlans(result, 240, 60);
    expect(result.removedStops).toBeGreaterThan(0);
    // The repair takes out the far trips only: the right unit keeps its stops.
    const stopsAt = (cell: string) =>
      result.plans
        .flatMap((p) => p.legs)
        .filter((l) => l.kind === 'dwell' && l.stop?.cell === cell);
    expect(stopsAt('far-left')).toHaveLength(0);
    expect(stopsAt('near-right').length).toBeGreaterThan(2);
    // Recomputed independently from the plans, minute by minute.
    const tracks = result.plans.map((p) => minuteTrack(p, 240));
    for (let m = 0; m < 240; m++) {
      const share = network.coverageShare(
        tracks.map((t) => t[m]),
        300,
      );
      expect(share).toBeGreaterThanOrEqual(result.staticCoverage - 0.02 - 1e-12);
      expect(share).toBeCloseTo(result.coverageByMinute[m], 12);
    }
  });

  it('refuses a dwell outside the Koper 10–15 minutes', () => {
    const network = straightLineNetwork(samples);
    expect(() =>
      planPatrols(network, { shiftMinutes: 60, units, hot: [], dwellMin: 30 }),
    ).toThrowError(expect.objectContaining({ field: 'dwellMin' }));
  });
});
