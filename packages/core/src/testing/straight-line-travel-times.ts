import { haversineMetres } from '../geo/distance.ts';
import type { Clock, SnappedPoint, TravelProfile, TravelTimes } from '../ports.ts';

export interface StraightLineOptions {
  /** Metres per second per profile. Defaults: city driving 8.3 (30 km/h), walking 1.4, e-bike 4.2. */
  speeds?: Partial<Record<TravelProfile, number>>;
  /** Roads are not straight: straight-line distance × this factor ≈ road distance (default 1.3). */
  detourFactor?: number;
  /** Profiles with a "network"; snapping for any other returns undefined (default: all three). */
  profiles?: readonly TravelProfile[];
}

const DEFAULT_SPEEDS: Record<TravelProfile, number> = { drive: 8.3, walk: 1.4, bike: 4.2 };
const RAD = Math.PI / 180;
const METRES_PER_DEGREE = 111_195;

/**
 * A TravelTimes without a road graph: straight line × detour factor at a constant speed. It is
 * a test double for the port (core tests, benchmarks, demos before a graph is built), never a
 * substitute for the routing engine: real recommendation must use road time.
 */
export class StraightLineTravelTimes implements TravelTimes {
  private readonly speeds: Record<TravelProfile, number>;
  private readonly detour: number;
  private readonly profiles: ReadonlySet<TravelProfile>;

  constructor(options: StraightLineOptions = {}) {
    this.speeds = { ...DEFAULT_SPEEDS, ...options.speeds };
    this.detour = options.detourFactor ?? 1.3;
    this.profiles = new Set(options.profiles ?? ['drive', 'walk', 'bike']);
  }

  snap(profile: TravelProfile, lon: number, lat: number): SnappedPoint | undefined {
    if (!this.profiles.has(profile)) return undefined;
    return { profile, lon, lat, offRoadMetres: 0 };
  }

  /** Equirectangular distance: within a city it differs from haversine by millimetres and is several times faster. */
  reach(
    profile: TravelProfile,
    target: SnappedPoint,
    sources: readonly SnappedPoint[],
    limitSeconds: number,
  ): Float64Array {
    const out = new Float64Array(sources.length);
    const kx = Math.cos(target.lat * RAD) * METRES_PER_DEGREE;
    const secondsPerMetre = this.detour / this.speeds[profile];
    for (let i = 0; i < sources.length; i++) {
      const s = sources[i];
      const dx = (s.lon - target.lon) * kx;
      const dy = (s.lat - target.lat) * METRES_PER_DEGREE;
      const seconds = Math.sqrt(dx * dx + dy * dy) * secondsPerMetre;
      out[i] = seconds <= limitSeconds ? seconds : Infinity;
    }
    return out;
  }

  distanceMetres(_profile: TravelProfile, from: SnappedPoint, to: SnappedPoint): number {
    return haversineMetres(from.lon, from.lat, to.lon, to.lat) * this.detour;
  }
}

/** A Clock that stands still until told otherwise. */
export class FixedClock implements Clock {
  constructor(private ms: number) {}
  now(): number {
    return this.ms;
  }
  set(ms: number): void {
    this.ms = ms;
  }
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}
