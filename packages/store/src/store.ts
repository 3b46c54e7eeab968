import type { EventStore } from '@jiefang/core';
import type { Lease } from './lease.ts';

/** One persisted position of a unit, as the live-position stream hands it over in batches. */
export interface TrackPoint {
  unitId: string;
  /** ISO 8601 time of the fix. */
  at: string;
  lon: number;
  lat: number;
  /** Reported accuracy radius of the fix in metres; null when the device does not say. */
  accuracyM: number | null;
  /** Road-graph edge the position was snapped to; null when it could not be snapped. */
  edgeId: number | null;
  /** Position along that edge as the routing snapper reports it; null when not snapped. */
  edgeOffset: number | null;
}

export interface TrackStore {
  /**
   * Persists a batch and returns how many rows were written. Positions are a stream, not events:
   * no versioning, no idempotency, duplicates are harmless — so a SQLite file writes a batch in
   * short transactions off the request thread, and a failed batch retried whole may repeat rows.
   * Each unit's newest fix in the batch also replaces its last position unless that is newer.
   */
  append(points: readonly TrackPoint[]): Promise<number>;
  /**
   * Every unit's newest persisted fix, one per unit (kept by `append` in the same write as the
   * track rows), for a server that starts after a restart.
   */
  lastPositions(): Promise<TrackPoint[]>;
  /** A unit's positions with from <= at < to, oldest first. */
  read(unitId: string, from: string, to: string): Promise<TrackPoint[]>;
}

/** One read or change of personal data (caller data, responder identities, tracks). */
export interface AuditEntry {
  at: string;
  actorId: string;
  /** e.g. 'incident.contact.read', 'unit.track.read' */
  action: string;
  subjectType: string;
  subjectId: string;
  orgId: string;
  detail?: unknown;
}

export interface AuditRecord extends AuditEntry {
  id: number;
  detail: unknown;
}

export interface AuditFilter {
  actorId?: string;
  subjectType?: string;
  subjectId?: string;
  /** Restrict to these orgs (the reviewer's org subtree); undefined = no restriction. */
  orgIds?: readonly string[];
  /** Inclusive lower bound on `at`. */
  from?: string;
  /** Exclusive upper bound on `at`. */
  to?: string;
  /** Newest first; defaults to 1000. */
  limit?: number;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<AuditRecord>;
  /** Newest first. */
  list(filter: AuditFilter): Promise<AuditRecord[]>;
}

/** Everything Jiefang persists, behind one handle per database. */
export interface JiefangStore extends EventStore {
  readonly dialect: 'sqlite' | 'postgres';
  readonly tracks: TrackStore;
  readonly audit: AuditLog;
  /**
   * Takes leadership of `name` among the processes sharing this database, or undefined when
   * another process holds it (PostgreSQL: a session advisory lock; SQLite: always granted).
   */
  tryLead(name: string): Promise<Lease | undefined>;
}
