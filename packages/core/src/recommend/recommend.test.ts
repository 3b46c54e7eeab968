import { describe, expect, it } from 'vitest';
import { DEFAULT_RESPONSE_PLANS } from '../plan/default-plans.ts';
import { selectPlan, tierPlan, type ResponsePlan } from '../plan/response-plan.ts';
import type { SnappedPoint, TravelProfile, TravelTimes } from '../ports.ts';
import { offset } from '../testing/geometry.ts';
import { incidentAt } from '../testing/incident-builder.ts';
import { FixedClock, StraightLineTravelTimes } from '../testing/straight-line-travel-times.ts';
import { emergencyUnit, gridWorker, policeCar, specialUnit } from '../testing/unit-builders.ts';
import type { Unit } from '../unit/unit.ts';
import { recommend, type RecommendOptions, type TrackedPosition } from './recommend.ts';
import type { Recommendation } from './recommendation.ts';

const t0 = Date.parse('2026-11-28T08:00:00Z');
// Round numbers: 1 m/s on foot, 4 m/s by bike, 10 m/s by car, no detour.
const travel = new StraightLineTravelTimes({
  speeds: { walk: 1, bike: 4, drive: 10 },
  detourFactor: 1,
});
const p1Plan = selectPlan(DEFAULT_RESPONSE_PLANS, 'violent_attack', 1);
const p2Plan = selectPlan(DEFAULT_RESPONSE_PLANS, 'violent_attack', 2);

/** A unit `metres` east of the incident, seen `ageSeconds` ago. */
type Placed = [Unit, number, number?];

function run(
  placed: Placed[],
  plan: ResponsePlan = p1Plan,
  options: RecommendOptions & {
    clock?: FixedClock;
    travelTimes?: TravelTimes;
    receivedAgo?: number;
  } = {},
): Recommendation {
  const clock = options.clock ?? new FixedClock(t0);
  const incident = incidentAt(clock.now() - (options.receivedAgo ?? 0) * 1000);
  const positions = new Map<string, TrackedPosition>();
  for (const [unit, metres, age = 5] of placed) {
    positions.set(unit.id, { ...offset(metres, 0), at: clock.now() - age * 1000, accuracyM: 5 });
  }
  return recommend(
    incident,
    plan,
    placed.map(([u]) => u),
    positions,
    options.travelTimes ?? travel,
    clock,
    options,
  );
}

const picks = (r: Recommendation, tier: number) =>
  r.tiers.find((t) => t.tier === tier)!.requirements.flatMap((q) => q.picks.map((c) => c.unitId));

const city: Placed[] = [
  [emergencyUnit('e1'), 30], // 30 s on foot + 10 s turnout = 40 s
  [emergencyUnit('e2'), 40], // 50 s
  [emergencyUnit('e3'), 100], // 110 s
  [emergencyUnit('e4'), 150], // 160 s
  [gridWorker('g1'), 800], // 200 s by bike + 20 s = 220 s
  [policeCar('p1'), 1000], // 100 s by car + 30 s = 130 s
  [policeCar('p2'), 2000], // 230 s
  [policeCar('p3'), 2500], // 280 s
  [specialUnit('s1'), 1000], // 100 s + 120 s = 220 s
];

describe('recommend: tiers', () => {
  const r = run(city, p1Plan, {
    siteNames: new Map([['site-mall', '中央商场']]),
  });

  it('fills tier 1 with the nearest emergency units, tier 2 with the next and a police car, tier 3 with police and special', () => {
    expect(picks(r, 1)).toEqual(['e1', 'e2']);
    expect(picks(r, 2)).toEqual(['e3', 'e4', 'p1']);
    expect(picks(r, 3)).toEqual(['p2', 'p3', 's1']);
    expect(r.tiers.map((t) => t.met)).toEqual([true, true, true]);
    expect(r.tiers.every((t) => t.shortfall === undefined)).toBe(true);
  });

  it('gives each candidate ETA = travel + turnout, distance and a reason', () => {
    const [first] = r.tiers[0].requirements[0].picks;
    expect(first).toMatchObject({
      unitId: 'e1',
      kind: 'community',
      profile: 'walk',
      travelSeconds: 30,
      turnoutSeconds: 10,
      etaSeconds: 40,
      distanceMetres: 30,
      withinTarget: true,
      reason: 'community unit at 中央商场, 30 s on foot + 10 s turnout',
    });
    expect(r.tiers[1].requirements[1].picks[0].reason).toBe(
      'police unit 巡-p1, 100 s by car + 30 s turnout',
    );
  });

  it('keeps the next best as alternatives, never repeating a unit across tiers', () => {
    const all = r.tiers.flatMap((t) =>
      t.requirements.flatMap((q) => [...q.picks, ...q.alternatives]),
    );
    const ids = all.map((c) => c.unitId);
    expect(new Set(ids).size).toBe(ids.length);
    // g1 is the only community/grid unit left for tier 2's alternatives.
    expect(r.tiers[1].requirements[0].alternatives.map((c) => c.unitId)).toEqual(['g1']);
  });

  it('reports plan, times and targets', () => {
    expect(r).toMatchObject({
      incidentId: 'i1',
      incidentPriority: 1,
      planId: 'default-p1',
      elapsedSeconds: 0,
    });
    expect(
      r.tiers.map((t) => [t.targetSeconds, t.remainingSeconds, t.acceptTimeoutSeconds]),
    ).toEqual([
      [60, 60, 20],
      [180, 180, 30],
      [300, 300, 45],
    ]);
  });
});

describe('recommend: ordering', () => {
  it('orders by travel + turnout, not by travel alone', () => {
    const slow = emergencyUnit('slow', { turnoutSeconds: 60 }); // 20 + 60 = 80 s
    const quick = emergencyUnit('quick', { turnoutSeconds: 5 }); // 50 + 5 = 55 s
    const r = run([
      [slow, 20],
      [quick, 50],
    ]);
    expect(picks(r, 1)).toEqual(['quick', 'slow']);
  });

  it('compares units of different profiles by time', () => {
    // Grid worker 200 m away by bike: 50 + 20 = 70 s; emergency unit 65 m on foot: 75 s.
    const r = run(
      [
        [emergencyUnit('e'), 65],
        [gridWorker('g'), 200],
      ],
      p2Plan,
    );
    expect(picks(r, 1)).toEqual(['g']);
    expect(r.tiers[0].requirements[0].alternatives.map((c) => c.unitId)).toEqual(['e']);
  });

  it('is deterministic on ties (input order)', () => {
    const r = run([
      [emergencyUnit('b'), 30],
      [emergencyUnit('a'), 30],
    ]);
    expect(picks(r, 1)).toEqual(['b', 'a']);
  });
});

describe('recommend: exclusions', () => {
  it('excludes stale positions (older than 120 s by default) and counts them', () => {
    const r = run([
      [emergencyUnit('e1'), 30, 121],
      [emergencyUnit('e2'), 40, 119],
      [emergencyUnit('e3'), 50],
    ]);
    expect(picks(r, 1)).toEqual(['e2', 'e3']);
    expect(r.excluded.stalePosition).toBe(1);
  });

  it('honours a configured staleness', () => {
    const r = run([[emergencyUnit('e1'), 30, 121]], p1Plan, { staleAfterSeconds: 300 });
    expect(picks(r, 1)).toEqual(['e1']);
  });

  it('excludes units without a position, off duty or out of service', () => {
    const clock = new FixedClock(t0);
    const incident = incidentAt(t0);
    const units = [
      emergencyUnit('nopos'),
      emergencyUnit('off', { status: 'off_duty' }),
      emergencyUnit('oos', { status: 'out_of_service' }),
    ];
    const positions = new Map<string, TrackedPosition>([
      ['off', { ...offset(10, 0), at: t0, accuracyM: 5 }],
      ['oos', { ...offset(10, 0), at: t0, accuracyM: 5 }],
    ]);
    const r = recommend(incident, p1Plan, units, positions, travel, clock);
    expect(picks(r, 1)).toEqual([]);
    expect(r.excluded).toMatchObject({ noPosition: 1, offDuty: 1, outOfService: 1 });
  });

  it('excludes busy units when the plan does not allow pre-emption', () => {
    const busy = emergencyUnit('busy', {
      status: 'en_route',
      assignment: { incidentId: 'other', dispatchId: 'd9', priority: 4 },
    });
    const r = run(
      [
        [busy, 10],
        [emergencyUnit('free'), 200],
      ],
      p2Plan,
    );
    expect(picks(r, 1)).toEqual(['free']);
    expect(r.excluded.busy).toBe(1);
  });

  it('includes busy units on lower-priority work when the plan allows pre-emption, marked, after available units that make the target', () => {
    const busy = emergencyUnit('busy', {
      status: 'en_route',
      assignment: { incidentId: 'noise-1', dispatchId: 'd9', priority: 4 },
    });
    const r = run(
      [
        [busy, 10],
        [emergencyUnit('free'), 40],
        [emergencyUnit('far'), 300],
      ],
      p1Plan,
    );
    // 'free' makes the target and is taken first; the second slot goes to the busy unit (20 s) over 'far' (310 s).
    expect(picks(r, 1)).toEqual(['busy', 'free']);
    const candidate = r.tiers[0].requirements[0].picks[0];
    expect(candidate.preempts).toEqual({ incidentId: 'noise-1', dispatchId: 'd9', priority: 4 });
    expect(candidate.reason).toContain('taken off priority 4 incident noise-1');
  });

  it('prefers available units that make the target over a faster busy one', () => {
    const busy = emergencyUnit('busy', {
      status: 'en_route',
      assignment: { incidentId: 'x', dispatchId: 'd', priority: 3 },
    });
    const r = run(
      [
        [busy, 5],
        [emergencyUnit('a'), 20],
        [emergencyUnit('b'), 30],
      ],
      p1Plan,
    );
    expect(picks(r, 1)).toEqual(['a', 'b']);
  });

  it('never pre-empts a unit already on scene, whatever the priority there', () => {
    const busy = emergencyUnit('busy', {
      status: 'on_scene',
      assignment: { incidentId: 'noise-1', dispatchId: 'd9', priority: 4 },
    });
    const r = run([[busy, 5]], p1Plan);
    expect(picks(r, 1)).toEqual([]);
    expect(r.excluded.busy).toBe(1);
  });

  it('never pre-empts work of the same or higher priority', () => {
    const busy = emergencyUnit('busy', {
      status: 'en_route',
      assignment: { incidentId: 'x', dispatchId: 'd', priority: 1 },
    });
    const r = run([[busy, 5]], p1Plan);
    expect(picks(r, 1)).toEqual([]);
    expect(r.excluded.busy).toBe(1);
  });

  it('does not propose units already assigned to this incident, or excluded ones', () => {
    const mine = emergencyUnit('mine', {
      status: 'en_route',
      assignment: { incidentId: 'i1', dispatchId: 'd1', priority: 1 },
    });
    const r = run(
      [
        [mine, 5],
        [emergencyUnit('declined'), 10],
        [emergencyUnit('e'), 20],
      ],
      p1Plan,
      {
        excludeUnitIds: new Set(['declined']),
      },
    );
    expect(picks(r, 1)).toEqual(['e']);
    expect(r.excluded.alreadyAssigned).toBe(1);
  });

  it('drops units beyond the search limit as unreachable', () => {
    const r = run([[policeCar('far'), 100_000]], p1Plan);
    expect(r.excluded.unreachable).toBe(1);
    expect(picks(r, 2)).toEqual([]);
  });
});

describe('recommend: targets not met', () => {
  it('says when a tier cannot make its target and still offers the best available', () => {
    const r = run([
      [emergencyUnit('e1'), 30],
      [emergencyUnit('e2'), 90],
    ]);
    const tier1 = r.tiers[0];
    expect(tier1.met).toBe(false);
    expect(picks(r, 1)).toEqual(['e1', 'e2']);
    expect(tier1.requirements[0].picks.map((c) => c.withinTarget)).toEqual([true, false]);
    expect(tier1.shortfall).toBe(
      'tier 1 needs 2 community within 60 s: 1 in time, next best 100 s',
    );
  });

  it('says when no unit of a kind is available', () => {
    const r = run([
      [emergencyUnit('e1'), 30],
      [emergencyUnit('e2'), 40],
    ]);
    expect(r.tiers[1].met).toBe(false);
    expect(r.tiers[1].shortfall).toBe(
      'tier 2 needs 2 community/grid: none available; needs 1 police: none available',
    );
  });

  it('says when too few units exist', () => {
    const r = run([[emergencyUnit('e1'), 30]]);
    expect(r.tiers[0].shortfall).toBe(
      'tier 1 needs 2 community within 60 s: 1 in time, only 1 available',
    );
  });

  it('counts the time already gone since the call', () => {
    // Received 40 s ago: 20 s of the minute are left, e1 needs 40 s.
    const r = run(
      [
        [emergencyUnit('e1'), 30],
        [emergencyUnit('e2'), 40],
      ],
      p1Plan,
      { receivedAgo: 40 },
    );
    expect(r.elapsedSeconds).toBe(40);
    expect(r.tiers[0].remainingSeconds).toBe(20);
    expect(r.tiers[0].met).toBe(false);
    expect(picks(r, 1)).toEqual(['e1', 'e2']);
  });

  it('says when the incident is off a profile network', () => {
    const driveOnly = new StraightLineTravelTimes({ profiles: ['drive'] });
    const r = run([[emergencyUnit('e1'), 30]], p1Plan, { travelTimes: driveOnly });
    expect(r.excluded.offNetwork).toBe(1); // the unit's own position cannot be snapped either
    const snappedUnit: Placed = [emergencyUnit('e2'), 30];
    const clock = new FixedClock(t0);
    const positions = new Map<string, TrackedPosition>([
      [
        'e2',
        {
          ...offset(30, 0),
          at: t0,
          accuracyM: 5,
          snapped: { profile: 'walk', ...offset(30, 0), offRoadMetres: 0 },
        },
      ],
    ]);
    const r2 = recommend(incidentAt(t0), p1Plan, [snappedUnit[0]], positions, driveOnly, clock);
    expect(r2.excluded.unreachable).toBe(1);
    expect(r2.tiers[0].shortfall).toContain('incident is off the walk network');
  });
});

describe('recommend: one unit per tier', () => {
  it('never gives the same police unit to two tiers', () => {
    const plan: ResponsePlan = {
      id: 'police-only',
      name: 'police only',
      categoryCode: '*',
      priorities: [],
      preemptLowerPriority: false,
      tiers: [
        tierPlan(1, [{ kinds: ['police'], count: 1 }]),
        tierPlan(2, [{ kinds: ['police'], count: 2 }]),
        tierPlan(3, [{ kinds: ['police'], count: 2 }]),
      ],
    };
    const units: Placed[] = [100, 200, 300, 400, 500, 600, 700].map((m, i) => [
      policeCar(`p${i}`),
      m,
    ]);
    const r = run(units, plan, { alternativesPerRequirement: 1 });
    expect(picks(r, 1)).toEqual(['p0']);
    expect(picks(r, 2)).toEqual(['p1', 'p2']);
    expect(picks(r, 3)).toEqual(['p3', 'p4']);
    expect(r.tiers.map((t) => t.requirements[0].alternatives.map((c) => c.unitId))).toEqual([
      ['p5'],
      ['p6'],
      [],
    ]);
  });

  it('respects a profile restriction in a requirement', () => {
    const plan: ResponsePlan = {
      ...p2Plan,
      tiers: [tierPlan(1, [{ kinds: ['police'], count: 1, profile: 'walk' }])],
    };
    const foot = policeCar('foot', { mode: 'foot', profile: 'walk', turnoutSeconds: 10 });
    const r = run(
      [
        [policeCar('car'), 50],
        [foot, 40],
      ],
      plan,
    );
    expect(picks(r, 1)).toEqual(['foot']);
  });
});

describe('recommend: calls to the routing engine', () => {
  class CountingTravelTimes implements TravelTimes {
    reachCalls: TravelProfile[] = [];
    snapCalls = 0;
    snap(profile: TravelProfile, lon: number, lat: number): SnappedPoint | undefined {
      this.snapCalls++;
      return travel.snap(profile, lon, lat);
    }
    reach(
      profile: TravelProfile,
      target: SnappedPoint,
      sources: readonly SnappedPoint[],
      limit: number,
    ) {
      this.reachCalls.push(profile);
      return travel.reach(profile, target, sources, limit);
    }
  }

  it('calls reach once per profile and snaps only positions that arrived unsnapped', () => {
    const counting = new CountingTravelTimes();
    const r = run(city, p1Plan, { travelTimes: counting });
    expect(counting.reachCalls.sort()).toEqual(['bike', 'drive', 'walk']);
    // 9 unit positions + 3 incident snaps (one per profile).
    expect(counting.snapCalls).toBe(12);
    expect(picks(r, 1)).toEqual(['e1', 'e2']);
    // Without distanceMetres on the engine, candidates simply have none.
    expect(r.tiers[0].requirements[0].picks[0].distanceMetres).toBeUndefined();
  });

  it('reuses the snapped point stored with the position', () => {
    const counting = new CountingTravelTimes();
    const clock = new FixedClock(t0);
    const where = offset(30, 0);
    const positions = new Map<string, TrackedPosition>([
      [
        'e1',
        {
          ...where,
          at: t0,
          accuracyM: 5,
          snapped: { profile: 'walk', ...where, offRoadMetres: 2 },
        },
      ],
    ]);
    recommend(incidentAt(t0), p1Plan, [emergencyUnit('e1')], positions, counting, clock);
    expect(counting.snapCalls).toBe(1); // the incident only
  });
});

describe('recommend: positions aligned with the units array', () => {
  it('gives the same recommendation as positions by id', () => {
    const clock = new FixedClock(t0);
    const units = city.map(([u]) => u);
    const aligned: TrackedPosition[] = city.map(([, metres, age = 5]) => ({
      ...offset(metres, 0),
      at: t0 - age * 1000,
      accuracyM: 5,
    }));
    const byId = new Map(units.map((u, i) => [u.id, aligned[i]]));
    const incident = incidentAt(t0);
    expect(recommend(incident, p1Plan, units, aligned, travel, clock)).toEqual(
      recommend(incident, p1Plan, units, byId, travel, clock),
    );
  });

  it('rejects an array of the wrong length', () => {
    const clock = new FixedClock(t0);
    expect(() =>
      recommend(incidentAt(t0), p1Plan, [emergencyUnit('e1')], [], travel, clock),
    ).toThrow('positions array has 0 entries for 1 units');
  });
});

describe('recommend: search radius', () => {
  /** Records the limit of every reach call, by profile. */
  class LimitRecorder implements TravelTimes {
    limits: [TravelProfile, number][] = [];
    snap(profile: TravelProfile, lon: number, lat: number) {
      return travel.snap(profile, lon, lat);
    }
    reach(
      profile: TravelProfile,
      target: SnappedPoint,
      sources: readonly SnappedPoint[],
      limit: number,
    ) {
      this.limits.push([profile, limit]);
      return travel.reach(profile, target, sources, limit);
    }
  }

  it('searches only as far as the last tier target when everyone it picks is nearer', () => {
    const recorder = new LimitRecorder();
    const r = run(city, p1Plan, { travelTimes: recorder, alternativesPerRequirement: 0 });
    expect(picks(r, 3)).toEqual(['p2', 'p3', 's1']);
    expect(recorder.limits.sort()).toEqual([
      ['bike', 300],
      ['drive', 300],
      ['walk', 300],
    ]);
  });

  it('widens to the search limit and still finds a unit 600 s away when nobody is within 300 s', () => {
    const recorder = new LimitRecorder();
    const r = run([[policeCar('far'), 6000]], p2Plan, { travelTimes: recorder });
    // 600 s by car + 30 s turnout: late for every tier, but the best that exists.
    expect(picks(r, 2)).toEqual(['far']);
    expect(r.tiers[1].requirements[0].picks[0]).toMatchObject({
      travelSeconds: 600,
      etaSeconds: 630,
      withinTarget: false,
    });
    expect(r.excluded.unreachable).toBe(0);
    expect(recorder.limits).toEqual([
      ['drive', 300],
      ['drive', 900],
    ]);
  });

  it('widens only the profiles that are short', () => {
    const recorder = new LimitRecorder();
    const placed: Placed[] = [
      ...[10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((m, i): Placed => [
        emergencyUnit(`e${i}`),
        m,
      ]),
      [policeCar('p-far'), 5000],
    ];
    const r = run(placed, p2Plan, { travelTimes: recorder });
    expect(picks(r, 1)).toEqual(['e0']);
    expect(picks(r, 2)).toEqual(['p-far']);
    expect(recorder.limits).toEqual([
      ['drive', 300],
      ['walk', 300],
      ['drive', 900],
    ]);
  });

  it('widens when a unit beyond the radius would arrive first, turnout included', () => {
    // s-near: 290 s + 120 s turnout = 410 s; s-quick: 350 s + 10 s = 360 s, beyond 300 s of road.
    const r = run(
      [
        [specialUnit('s-near'), 2900],
        [specialUnit('s-quick', { turnoutSeconds: 10 }), 3500],
      ],
      p1Plan,
      { alternativesPerRequirement: 0 },
    );
    expect(picks(r, 3)).toEqual(['s-quick']);
  });

  it('never searches beyond searchLimitSeconds, and counts those beyond as unreachable', () => {
    const recorder = new LimitRecorder();
    const r = run([[policeCar('far'), 6000]], p2Plan, {
      travelTimes: recorder,
      searchLimitSeconds: 200,
    });
    expect(picks(r, 2)).toEqual([]);
    expect(r.excluded.unreachable).toBe(1);
    expect(recorder.limits).toEqual([['drive', 200]]);
  });

  it('does not widen for kinds no eligible unit has', () => {
    const recorder = new LimitRecorder();
    // p1 asks for a special unit; none exists, so tier 3 is short without a wider search.
    const r = run(
      city.filter(([u]) => u.kind !== 'special'),
      p1Plan,
      { travelTimes: recorder, alternativesPerRequirement: 0 },
    );
    expect(r.tiers[2].shortfall).toContain('needs 1 special: none available');
    expect(recorder.limits.every(([, limit]) => limit === 300)).toBe(true);
  });
});
