import type { UnitView } from '@jiefang/contract';
import { kindCode, statusCode } from './unit-codes.ts';

const INITIAL_CAPACITY = 1024;

/**
 * Every unit the console watches, in typed arrays indexed by a row number that stays fixed
 * for the table's life (until `clear`). The hot path — 20,000 positions several times a second —
 * touches only the Float64Arrays and never allocates; the rest of a unit (name, members,
 * assignment…) sits in `views`, replaced when an event changes it.
 */
export class UnitTable {
  /** Rows in use: 0 … count-1. */
  count = 0;
  readonly ids: string[] = [];
  readonly views: UnitView[] = [];
  lon = new Float64Array(INITIAL_CAPACITY);
  lat = new Float64Array(INITIAL_CAPACITY);
  /** Epoch ms of the fix; 0 when the unit has no position. */
  fixAt = new Float64Array(INITIAL_CAPACITY);
  /** Codes of unit-codes.ts. */
  kind = new Uint8Array(INITIAL_CAPACITY);
  status = new Uint8Array(INITIAL_CAPACITY);
  private readonly rows = new Map<string, number>();

  rowOf(unitId: string): number | undefined {
    return this.rows.get(unitId);
  }

  hasPosition(row: number): boolean {
    return this.fixAt[row] > 0;
  }

  /** Adds the unit or replaces its view; returns its row. Keeps the newer position. */
  upsert(view: UnitView): number {
    let row = this.rows.get(view.id);
    if (row === undefined) {
      row = this.count++;
      if (row >= this.lon.length) this.grow();
      this.rows.set(view.id, row);
      this.ids[row] = view.id;
    }
    this.views[row] = view;
    this.kind[row] = kindCode(view.kind);
    this.status[row] = statusCode(view.status);
    const position = view.position;
    if (position && position.at >= this.fixAt[row]) {
      this.lon[row] = position.lon;
      this.lat[row] = position.lat;
      this.fixAt[row] = position.at;
    }
    return row;
  }

  /**
   * A new fix for a known unit: false when the unit is unknown or the fix is older than the one
   * held (out-of-order delivery never moves a unit back).
   */
  move(row: number, lon: number, lat: number, at: number): boolean {
    if (at < this.fixAt[row]) return false;
    this.lon[row] = lon;
    this.lat[row] = lat;
    this.fixAt[row] = at;
    return true;
  }

  setStatus(row: number, status: string): void {
    this.status[row] = statusCode(status);
  }

  clear(): void {
    this.count = 0;
    this.ids.length = 0;
    this.views.length = 0;
    this.rows.clear();
    this.fixAt.fill(0);
  }

  private grow(): void {
    const capacity = this.lon.length * 2;
    this.lon = copyInto(new Float64Array(capacity), this.lon);
    this.lat = copyInto(new Float64Array(capacity), this.lat);
    this.fixAt = copyInto(new Float64Array(capacity), this.fixAt);
    this.kind = copyInto(new Uint8Array(capacity), this.kind);
    this.status = copyInto(new Uint8Array(capacity), this.status);
  }
}

function copyInto<T extends Float64Array | Uint8Array>(target: T, source: T): T {
  target.set(source);
  return target;
}
