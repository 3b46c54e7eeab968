import { describe, expect, it } from 'vitest';
import {
  computeMetrics,
  needsMet,
  percentile,
  type Arrival,
  type IncidentOutcome,
} from './metrics.ts';

const arrival = (
  kind: Arrival['kind'],
  afterSeconds: number,
  unitId = `${kind}-${afterSeconds}`,
): Arrival => ({
  unitId,
  kind,
  profile: kind === 'police' ? 'drive' : kind === 'grid' ? 'bike' : 'walk',
  afterSeconds,
});

/** A P1 plan's tiers 1 + 2: 2 community, then 2 community/grid and 1 police. */
const P1_NEEDS = [
  { kinds: ['community' as const], count: 2 },
  { kinds: ['community' as const, 'grid' as const], count: 2 },
  { kinds: ['police' as const], count: 1 },
];

const outcome = (id: string, arrivals: Arrival[], needsBy180 = P1_NEEDS): IncidentOutcome => ({
  id,
  priority: 1,
  planId: 'default-p1',
  needsBy180,
  arrivals,
});

describe('metrics on a hand-made timeline', () => {
  // a: community at 40 s and three more helpers and police by 170 s: everything met.
  // b: community at 55 s, police at 250 s: someone in 60 s, tier-2 needs not met, police by 300.
  // c: police only, at 120 s: not 60, not 180 (no community), police by 300.
  // d: grid at 200 s, police at 400 s: nobody within 60, police late, somebody by 300.
  // e: nobody ever.
  const timeline = [
    outcome('a', [
      arrival('community', 40, 'eu-1'),
      arrival('community', 90, 'eu-2'),
      arrival('grid', 120, 'g-1'),
      arrival('community', 150, 'eu-3'),
      arrival('police', 170, 'p-1'),
    ]),
    outcome('b', [arrival('community', 55), arrival('police', 250)]),
    outcome('c', [arrival('police', 120)]),
    outcome('d', [arrival('grid', 200), arrival('police', 400)]),
    outcome('e', []),
  ];
  const m = computeMetrics(timeline, 0.25);

  it('counts someone within 60 s, police within 300 s and nobody within 300 s', () => {
    expect(m.met_60).toBe(0.4); // a, b
    expect(m.met_300).toBe(0.6); // a, b, c
    expect(m.unserved_300).toBe(0.2); // e
    expect(m.utilisation).toBe(0.25);
  });

  it('meets tier-2 needs only when the units on scene by 180 s fill every slot', () => {
    expect(m.met_180).toBe(0.2); // only a
    // Four community units and police fill it too; three community and police do not.
    const four = ['eu-1', 'eu-2', 'eu-3', 'eu-4'].map((id, i) => arrival('community', 30 + i, id));
    expect(needsMet(P1_NEEDS, [...four, arrival('police', 100)], 180)).toBe(true);
    expect(needsMet(P1_NEEDS, [...four.slice(1), arrival('police', 100)], 180)).toBe(false);
    // A grid worker cannot fill a community-only slot, whatever the order of arrival.
    const gridFirst = [
      arrival('grid', 10, 'g-1'),
      arrival('grid', 11, 'g-2'),
      arrival('community', 12, 'eu-1'),
      arrival('community', 13, 'eu-2'),
      arrival('police', 14),
    ];
    expect(needsMet(P1_NEEDS, gridFirst, 180)).toBe(true);
    expect(needsMet(P1_NEEDS, gridFirst.slice(0, 2).concat(gridFirst.slice(3)), 180)).toBe(false);
    // Arrivals after the mark do not count.
    expect(needsMet([{ kinds: ['police'], count: 1 }], [arrival('police', 181)], 180)).toBe(false);
  });

  it('takes nearest-rank percentiles with the never-served as infinitely late', () => {
    // first on scene: a 40, b 55, c 120, d 200, e ∞
    expect(m.first_on_scene_p50_s).toBe(120);
    expect(m.first_on_scene_p90_s).toBeNull();
    // police: a 170, b 250, c 120, d 400, e ∞ → p90 falls on e
    expect(m.police_on_scene_p90_s).toBeNull();
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9)).toBe(90);
    expect(percentile([5], 0.5)).toBe(5);
    expect(percentile([], 0.5)).toBeNull();
  });
});
