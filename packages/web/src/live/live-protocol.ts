import type {
  Dispatch,
  Incident,
  PatrolAssignment,
  StoredEvent,
  UnitView,
} from '@jiefang/contract';

/**
 * Frames of GET /api/v1/live (packages/server/LIVE.md). All frames are JSON text.
 */

/** [west, south, east, north] in degrees. */
export type BBox = [number, number, number, number];

/** One unit's latest fix, as the server batches them every 250 ms. */
export interface PositionUpdate {
  unitId: string;
  orgId: string;
  lon: number;
  lat: number;
  /** Epoch milliseconds of the fix. */
  at: number;
  accuracyM: number;
  road: { lon: number; lat: number } | null;
}

export interface SubscribeFrame {
  type: 'subscribe';
  bbox: BBox;
  /** The highest seq seen: the server replays what was missed instead of a fresh snapshot. */
  lastSeq?: number;
}

export interface DeviceFix {
  unitId: string;
  lon: number;
  lat: number;
  at: number;
  accuracyM: number;
}

export type ClientFrame =
  | SubscribeFrame
  | ({ type: 'position'; id?: string | number } & DeviceFix)
  | { type: 'positions'; fixes: DeviceFix[]; id?: string | number };

export interface SnapshotFrame {
  type: 'snapshot';
  seq: number;
  bbox: BBox;
  units: UnitView[];
  incidents: Incident[];
  dispatches: Dispatch[];
}

export interface EventFrame {
  type: 'event';
  event: StoredEvent;
}

export interface PositionsFrame {
  type: 'positions';
  updates: PositionUpdate[];
}

export interface ResyncedFrame {
  type: 'resynced';
  fromSeq: number;
  seq: number;
  events: number;
}

export interface AckFrame {
  type: 'ack';
  accepted: number;
  rejected: { index: number; code: string; field: string; message: string }[];
  id?: string | number;
}

/** A unit's part of an assigned patrol plan changed (null: it has none now). */
export interface PatrolFrame {
  type: 'patrol';
  seq: number;
  unitId: string;
  patrol: PatrolAssignment | null;
}

export interface ErrorFrame {
  type: 'error';
  code: string;
  message: string;
  field: string;
}

export type ServerFrame =
  SnapshotFrame | EventFrame | PositionsFrame | ResyncedFrame | AckFrame | ErrorFrame | PatrolFrame;

/** A WebSocket close code meaning "log in again": never reconnect after it. */
export const SESSION_ENDED_CLOSE_CODE = 4401;
