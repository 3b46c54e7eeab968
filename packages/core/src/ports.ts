/**
 * The ports core declares besides the EventStore (event-store.ts). Adapters live in other
 * packages (routing, store, server); only the composition root wires them together, so core
 * stays free of I/O and can be tested with plain in-memory implementations.
 */
import type { StoredEvent } from './event-store.ts';

/** Time comes in through a port so that deadlines and timers are testable and replayable. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export type EventHandler = (event: StoredEvent) => void;

/**
 * Fan-out of committed events (in-process emitter, or NATS JetStream across processes).
 * Publishing happens only after the EventStore committed, so subscribers never see an event
 * that could still be rolled back.
 */
export interface Bus {
  publish(events: readonly StoredEvent[]): Promise<void>;
  /** Returns a function that unsubscribes. `types` restricts delivery to those event types. */
  subscribe(handler: EventHandler, types?: readonly string[]): () => void;
}

/** Road-network travel mode: police cars drive, emergency units walk, grid workers ride e-bikes. */
export type TravelProfile = 'drive' | 'walk' | 'bike';

export const TRAVEL_PROFILES: readonly TravelProfile[] = ['drive', 'walk', 'bike'];

/**
 * A coordinate placed on the road network of one profile. Core reads only these fields; the
 * routing engine adds its own (edge, offset) and core passes the object back untouched, which
 * is why positions are snapped once when reported and not again for every recommendation.
 */
export interface SnappedPoint {
  readonly profile: TravelProfile;
  /** The point on the road, for display. */
  readonly lon: number;
  readonly lat: number;
  /** Straight-line distance from the reported coordinate to the road. */
  readonly offRoadMetres: number;
}

/** Road travel times, implemented by the routing engine (and by a straight-line double in tests). */
export interface TravelTimes {
  /** Undefined when no road of the profile lies within the engine's snapping radius. */
  snap(profile: TravelProfile, lon: number, lat: number): SnappedPoint | undefined;
  /**
   * Seconds from each source to the target (one-to-many toward the incident, so one-way streets
   * count in the direction units actually travel). Infinity where the source cannot reach the
   * target within `limitSeconds`. The result has one entry per source, in the same order.
   */
  reach(
    profile: TravelProfile,
    target: SnappedPoint,
    sources: readonly SnappedPoint[],
    limitSeconds: number,
  ): Float64Array;
  /**
   * Road distance of one route, when the engine can tell; used only for the few units shown to
   * the dispatcher, never in the per-unit loop.
   */
  distanceMetres?(profile: TravelProfile, from: SnappedPoint, to: SnappedPoint): number | undefined;
}
