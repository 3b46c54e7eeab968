import { describe, expect, it } from 'vitest';
import { DEFAULT_RESPONSE_PLANS } from '../plan/default-plans.ts';
import { selectPlan } from '../plan/response-plan.ts';
import type { SnappedPoint, SourceHits, SourceSet, TravelProfile, TravelTimes } from '../ports.ts';
import { offset } from '../testing/geometry.ts';
import { incidentAt } from '../testing/incident-builder.ts';
import { FixedClock, StraightLineTravelTimes } from '../testing/straight-line-travel-times.ts';
import { emergencyUnit, gridWorker, policeCar, specialUnit } from '../testing/unit-builders.ts';
import type { Unit } from '../unit/unit.ts';
import { FleetIndex } from './fleet-index.ts';
import { recommend, recommendFromFleet, type TrackedPosition } from './recommend.ts';

const t0 = Date.parse('2026-11-28T08:00:00Z');
const travel = new StraightLineTravelTimes({
  speeds: { walk: 1, bike: 4, drive: 10 },
  detourFactor: 1,
});
const clock = new FixedClock(t0);
const p1Plan = selectPlan(DEFAULT_RESPONSE_PLANS, 'violent_attack', 1);
const p2Plan = selectPlan(DEFAULT_RESPONSE_PLANS, 'violent_attack', 2);
const at = (east: number, ageSeconds = 5): TrackedPosition => ({
  ...offset(east, 0),
  at: t0 - ageSeconds * 1000,
  accuracyM: 5,
});

function cityFleet(): { units: Unit[]; positions: Map<string, TrackedPosition> } {
  const units: Unit[] = [
    emergencyUnit('e1'),
    emergencyUnit('e2'),
    emergencyUnit('e3'),
    emergencyUnit('e4'),
    emergencyUnit('stale'),
    emergencyUnit('off', { status: 'off_duty' }),
    emergencyUnit('oos', { status: 'out_of_service' }),
    emergencyUnit('busy-low', {
      status: 'en_route',
      assignment: { incidentId: 'noise', dispatchId: 'd1', priority: 4 },
    }),
    emergencyUnit('busy-high', {
      status: 'en_route',
      assignment: { incidentId: 'fire', dispatchId: 'd2', priority: 1 },
    }),
    emergencyUnit('mine', {
      status: 'en_route',
      assignment: { incidentId: 'i1', dispatchId: 'd3', priority: 1 },
    }),
    emergencyUnit('nowhere'),
    gridWorker('g1'),
    policeCar('p1'),
    policeCar('p2'),
    policeCar('p3'),
    policeCar('p-far'),
    specialUnit('s1'),
  ];
  const metres: Record<string, number> = {
    e1: 30,
    e2: 40,
    e3: 100,
    e4: 150,
    stale: 10,
    off: 10,
    oos: 10,
    'busy-low': 5,
    'busy-high': 5,
    mine: 5,
    g1: 800,
    p1: 1000,
    p2: 2000,
    p3: 2500,
    'p-far': 7000,
    s1: 1000,
  };
  const positions = new Map<string, TrackedPosition>();
  for (const [id, m] of Object.entries(metres)) positions.set(id, at(m, id === 'stale' ? 500 : 5));
  return { units, positions };
}

describe('recommendFromFleet', () => {
  it('gives what recommend gives, exclusions included', () => {
    const { units, positions } = cityFleet();
    const fleet = FleetIndex.of(units, positions, travel);
    for (const plan of [p1Plan, p2Plan]) {
      for (const options of [{}, { excludeUnitIds: new Set(['e1', 'p2']) }]) {
        const incident = incidentAt(t0 - 20_000);
        const expected = recommend(incident, plan, units, positions, travel, clock, options);
        expect(recommendFromFleet(incident, plan, fleet, clock, options)).toEqual(expected);
      }
    }
    const r = recommendFromFleet(incidentAt(t0), p1Plan, fleet, clock);
    expect(r.excluded).toMatchObject({
      offDuty: 1,
      outOfService: 1,
      busy: 1,
      alreadyAssigned: 1,
      noPosition: 1,
      stalePosition: 1,
    });
    // Available units that make the target go first; the pre-emptable one is the next best.
    expect(r.tiers[0].requirements[0].alternatives[0]).toMatchObject({
      unitId: 'busy-low',
      preempts: { incidentId: 'noise' },
    });
  });

  it('follows moves, status changes and removals', () => {
    const { units, positions } = cityFleet();
    const fleet = FleetIndex.of(units, positions, travel);
    const incident = incidentAt(t0);
    // e4 runs next to the incident, e1 goes off duty, busy-low is removed, the stale unit reports.
    positions.set('e4', at(1));
    fleet.setPosition('e4', positions.get('e4'));
    const e1 = emergencyUnit('e1', { status: 'off_duty' });
    units[0] = e1;
    fleet.setUnit(e1);
    units.splice(
      units.findIndex((u) => u.id === 'busy-low'),
      1,
    );
    positions.delete('busy-low');
    fleet.removeUnit('busy-low');
    positions.set('stale', at(20));
    fleet.setPosition('stale', positions.get('stale'));
    const r = recommendFromFleet(incident, p1Plan, fleet, clock);
    expect(r).toEqual(recommend(incident, p1Plan, units, positions, travel, clock));
    expect(r.tiers[0].requirements[0].picks.map((c) => c.unitId)).toEqual(['e4', 'stale']);
  });

  it('places a position that arrived before its unit, and re-snaps when the profile changes', () => {
    const snaps: TravelProfile[] = [];
    const counting: TravelTimes = {
      snap: (profile, lon, lat) => {
        snaps.push(profile);
        return travel.snap(profile, lon, lat);
      },
      reach: (profile, target, sources, limit) => travel.reach(profile, target, sources, limit),
    };
    const fleet = new FleetIndex(counting);
    fleet.setPosition('p', at(100));
    expect(snaps).toEqual([]);
    fleet.setUnit(policeCar('p', { mode: 'foot', profile: 'walk', turnoutSeconds: 10 }));
    expect(snaps).toEqual(['walk']);
    fleet.setUnit(policeCar('p', { mode: 'foot', profile: 'walk', status: 'en_route' }));
    expect(snaps).toEqual(['walk']); // same profile: no new snap
    fleet.setUnit(policeCar('p'));
    expect(snaps).toEqual(['walk', 'drive']);
    const r = recommendFromFleet(incidentAt(t0), p2Plan, fleet, clock);
    expect(r.tiers[1].requirements[0].picks[0]).toMatchObject({
      unitId: 'p',
      profile: 'drive',
      travelSeconds: 10,
    });
  });

  it('breaks ties by slot, the order units were first added', () => {
    const fleet = new FleetIndex(travel);
    for (const id of ['b', 'a']) {
      fleet.setUnit(emergencyUnit(id));
      fleet.setPosition(id, at(30));
    }
    const r = recommendFromFleet(incidentAt(t0), p1Plan, fleet, clock);
    expect(r.tiers[0].requirements[0].picks.map((c) => c.unitId)).toEqual(['b', 'a']);
    expect(fleet.slotOf('a')).toBe(1);
  });

  it("uses the engine's own source sets when the engine has them", () => {
    let reachCalls = 0;
    let setCalls = 0;
    class Sets implements SourceSet {
      readonly points: (SnappedPoint | undefined)[] = [];
      constructor(readonly profile: TravelProfile) {}
      set(slot: number, point: SnappedPoint | undefined) {
        setCalls++;
        this.points[slot] = point;
      }
    }
    const engine: TravelTimes = {
      snap: (profile, lon, lat) => travel.snap(profile, lon, lat),
      reach: () => {
        reachCalls++;
        throw new Error('not used with source sets');
      },
      distanceMetres: (profile, from, to) => travel.distanceMetres(profile, from, to),
      createSourceSet: (profile) => new Sets(profile),
      reachSet: (target, sources, limit): SourceHits => {
        const set = sources as Sets;
        const slots: number[] = [];
        const dense: SnappedPoint[] = [];
        set.points.forEach((p, slot) => {
          if (p) {
            slots.push(slot);
            dense.push(p);
          }
        });
        const seconds = travel.reach(set.profile, target, dense, limit);
        const keep = slots.map((_, j) => j).filter((j) => seconds[j] <= limit);
        return {
          count: keep.length,
          slots: Int32Array.from(keep, (j) => slots[j]),
          seconds: Float64Array.from(keep, (j) => seconds[j]),
        };
      },
    };
    const { units, positions } = cityFleet();
    const fleet = FleetIndex.of(units, positions, engine);
    const incident = incidentAt(t0);
    expect(recommendFromFleet(incident, p1Plan, fleet, clock)).toEqual(
      recommend(incident, p1Plan, units, positions, travel, clock),
    );
    expect(reachCalls).toBe(0);
    expect(setCalls).toBeGreaterThan(0);
  });
});
