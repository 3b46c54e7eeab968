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

/** An aggregate's state right after a commit, as the current-state table holds it. */
export interface CommittedState {
  aggregateType: string;
  aggregateId: string;
  orgId: string;
  version: number;
  data: unknown;
}

/**
 * One committed transaction as it travels between processes: its events in log order (their
 * `seq` is the store's) and the state of every aggregate it changed, so a receiving process
 * updates its read model without reading the database.
 */
export interface Commit {
  events: readonly StoredEvent[];
  states: readonly CommittedState[];
}

export type CommitHandler = (commit: Commit) => void;

/**
 * Fan-out of committed transactions (in-process, or NATS JetStream across processes).
 * Publishing happens only after the EventStore committed, so subscribers never see an event
 * that could still be rolled back. A transport may deliver commits out of log order, twice, or
 * not at all (a broker restart): receivers order them by `seq` and fill gaps from the store's
 * log, which stays the source of truth.
 */
export interface Bus {
  publish(commit: Commit): Promise<void>;
  /**
   * Returns a function that unsubscribes. `onDisruption` is called when the transport may have
   * lost commits (a reconnect), so the receiver reads the log instead of waiting for the next one.
   */
  subscribe(handler: CommitHandler, onDisruption?: () => void): () => void;
  close(): Promise<void>;
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
   * Optional: an empty SourceSet of the profile for reachSet, kept by the caller between queries
   * (one slot per live unit, moved when the unit reports). Engines without it are served by
   * core's generic set over `reach` (FleetIndex does this on its own).
   */
  createSourceSet?(profile: TravelProfile): SourceSet;
  /**
   * Optional, with createSourceSet: the sources of a set made by this engine's createSourceSet
   * that reach the target within `limitSeconds` (in any order), with their seconds.
   */
  reachSet?(target: SnappedPoint, sources: SourceSet, limitSeconds: number): SourceHits;
  /**
   * Road distance of one route, when the engine can tell; used only for the few units shown to
   * the dispatcher, never in the per-unit loop.
   */
  distanceMetres?(profile: TravelProfile, from: SnappedPoint, to: SnappedPoint): number | undefined;
}

/**
 * Snapped points of one profile an engine keeps between queries, by small integer slot, so a
 * query neither rebuilds a source array nor reads one object per source.
 */
export interface SourceSet {
  readonly profile: TravelProfile;
  /** Places slot `slot` at `point` (snapped for this profile by the same engine), or empties it. */
  set(slot: number, point: SnappedPoint | undefined): void;
}

/** What TravelTimes.reachSet answers: parallel arrays of `count` entries. */
export interface SourceHits {
  count: number;
  /** Slots whose point reaches the target in time, in any order. */
  slots: Int32Array;
  /** Seconds to the target, one per slot. */
  seconds: Float64Array;
}
