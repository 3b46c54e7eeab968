import { haversineMetres } from '@jiefang/core';
import type { Coord } from './motion.ts';
import type { Rng } from './rng.ts';

/**
 * What a unit does between incidents:
 * - `patrol` (police cars): drive to a hotspot of the unit's area (70 %, by weight) or a random
 *   street within its radius, and stop there 10–16 minutes at a hotspot (the Koper curve: stops
 *   of 10–16 minutes deter best) or 2–5 minutes elsewhere; then the next one.
 * - `site_rounds` (community emergency units, 最小应急单元): stand at the site 8–20 minutes,
 *   walk a short round to a point within the radius (150 m), pause 1–3 minutes, walk back.
 * - `grid_rounds` (grid workers on e-bikes): ride to a point of the cell, stay 5–12 minutes
 *   (a visit), ride on.
 * - `stay`: stays where it is (tests, units without rounds).
 * After an incident a unit resumes its routine; a community unit first walks back to its site.
 */
export type RoutineKind = 'patrol' | 'site_rounds' | 'grid_rounds' | 'stay';

export interface WeightedPoint {
  lon: number;
  lat: number;
  weight: number;
}

export interface RoutineSpec {
  kind: RoutineKind;
  /** Station, site or grid-cell centre. */
  home: Coord;
  /** How far from home the routine goes. */
  radiusMetres: number;
  /** Patrol targets of the unit's area, by weight (police). */
  hotspots?: readonly WeightedPoint[];
}

export type RoutineStep = { type: 'move'; to: Coord } | { type: 'wait'; seconds: number };

/** A point on the unit's road network within `radiusMetres` of `centre`. */
export type PointNear = (centre: Coord, radiusMetres: number, rng: Rng) => Coord;

export class Routine {
  /** Index into the kind's cycle of steps. */
  private phase = 0;
  private lastWasHotspot = false;

  constructor(
    readonly spec: RoutineSpec,
    private readonly rng: Rng,
  ) {}

  /** The first step: a random pause, so the fleet does not move in lockstep. */
  start(): RoutineStep {
    if (this.spec.kind === 'stay') return { type: 'wait', seconds: 3600 };
    return { type: 'wait', seconds: this.rng.uniform(0, 600) };
  }

  /** Back to the routine after an incident. */
  resume(): void {
    // site_rounds: phase 3 is "walk back to the site".
    this.phase = this.spec.kind === 'site_rounds' ? 3 : 0;
  }

  next(pointNear: PointNear): RoutineStep {
    const { spec, rng } = this;
    const minutes = (low: number, high: number) => rng.uniform(low, high) * 60;
    switch (spec.kind) {
      case 'patrol': {
        const step = this.phase;
        this.phase = (this.phase + 1) % 2;
        if (step === 0) {
          const hotspots = spec.hotspots ?? [];
          this.lastWasHotspot = hotspots.length > 0 && rng.next() < 0.7;
          if (this.lastWasHotspot) {
            const h = hotspots[rng.weighted(hotspots.map((p) => p.weight))];
            return { type: 'move', to: pointNear([h.lon, h.lat], 30, rng) };
          }
          return { type: 'move', to: pointNear(spec.home, spec.radiusMetres, rng) };
        }
        return { type: 'wait', seconds: this.lastWasHotspot ? minutes(10, 16) : minutes(2, 5) };
      }
      case 'site_rounds': {
        const step = this.phase;
        this.phase = (this.phase + 1) % 4;
        if (step === 0) return { type: 'wait', seconds: minutes(8, 20) };
        if (step === 1) return { type: 'move', to: pointNear(spec.home, spec.radiusMetres, rng) };
        if (step === 2) return { type: 'wait', seconds: minutes(1, 3) };
        return { type: 'move', to: spec.home };
      }
      case 'grid_rounds': {
        const step = this.phase;
        this.phase = (this.phase + 1) % 2;
        if (step === 0) return { type: 'move', to: pointNear(spec.home, spec.radiusMetres, rng) };
        return { type: 'wait', seconds: minutes(5, 12) };
      }
      case 'stay':
        return { type: 'wait', seconds: 3600 };
    }
  }
}

/**
 * The routine a unit of a kind keeps about `home` (its station, site or start): police patrol
 * the hotspots within 1.5 km, community units make 150 m rounds, grid workers ride 800 m rounds,
 * anything else stays put. The demo fleet and the live simulator both start from it.
 */
export function routineFor(
  kind: string,
  home: Coord,
  hotspots: readonly WeightedPoint[],
): RoutineSpec {
  switch (kind) {
    case 'police':
      return {
        kind: 'patrol',
        home,
        radiusMetres: PATROL_RADIUS_METRES,
        hotspots: hotspots.filter(
          (h) => haversineMetres(h.lon, h.lat, home[0], home[1]) <= PATROL_RADIUS_METRES,
        ),
      };
    case 'community':
      return { kind: 'site_rounds', home, radiusMetres: 150 };
    case 'grid':
      return { kind: 'grid_rounds', home, radiusMetres: 800 };
    default:
      return { kind: 'stay', home, radiusMetres: 0 };
  }
}

const PATROL_RADIUS_METRES = 1500;
