import type { Kysely, Selectable } from 'kysely';
import type { TrackPoint, TrackStore } from './store.ts';
import type { TrackRowValues, TrackRowWriter } from './sqlite/sqlite-track-writer.ts';
import type { StoreGuard } from './store-guard.ts';
import type { JiefangDatabase, TracksTable } from './schema/tables.ts';
import { invalidArgument, normalizeTime, requireText } from './values.ts';

/**
 * Rows per INSERT statement: 7 bound parameters each stays far below SQLite's (32 766) and
 * PostgreSQL's (65 535) parameter limits while keeping the statement count low.
 */
const ROWS_PER_STATEMENT = 500;

export class KyselyTrackStore implements TrackStore {
  constructor(
    private readonly db: Kysely<JiefangDatabase>,
    private readonly guard: StoreGuard['run'],
    /** Where inserts go when the database has a writer off the request thread (SQLite files). */
    private readonly writer?: TrackRowWriter,
  ) {}

  async append(points: readonly TrackPoint[]): Promise<number> {
    const rows = points.map((point, i) => toRow(point, `points[${i}]`));
    if (rows.length === 0) return 0;
    const writer = this.writer;
    if (writer) {
      // Validated here, at the boundary; the writer only inserts.
      const values = rows.map((r): TrackRowValues => [
        r.unit_id,
        r.at,
        r.lon,
        r.lat,
        r.accuracy_m,
        r.edge_id,
        r.edge_offset,
      ]);
      return this.guard('write track points', () => writer.write(values));
    }
    return this.guard('write track points', () =>
      this.db.transaction().execute(async (trx) => {
        for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
          await trx
            .insertInto('tracks')
            .values(rows.slice(start, start + ROWS_PER_STATEMENT))
            .execute();
        }
        // One row per unit per statement: PostgreSQL refuses to upsert a key twice in one.
        const newest = newestPerUnit(rows);
        for (let start = 0; start < newest.length; start += ROWS_PER_STATEMENT) {
          await trx
            .insertInto('last_positions')
            .values(newest.slice(start, start + ROWS_PER_STATEMENT))
            .onConflict((oc) =>
              oc
                .column('unit_id')
                .doUpdateSet((eb) => ({
                  at: eb.ref('excluded.at'),
                  lon: eb.ref('excluded.lon'),
                  lat: eb.ref('excluded.lat'),
                  accuracy_m: eb.ref('excluded.accuracy_m'),
                  edge_id: eb.ref('excluded.edge_id'),
                  edge_offset: eb.ref('excluded.edge_offset'),
                }))
                .whereRef('excluded.at', '>', 'last_positions.at'),
            )
            .execute();
        }
        return rows.length;
      }),
    );
  }

  async lastPositions(): Promise<TrackPoint[]> {
    return this.guard('read last positions', async () => {
      // The SQLite writer keeps the newest fixes a while before saving them: save them first.
      await this.writer?.saveLastPositions();
      return (await this.db.selectFrom('last_positions').selectAll().execute()).map(toPoint);
    });
  }

  async read(unitId: string, from: string, to: string): Promise<TrackPoint[]> {
    requireText(unitId, 'unitId');
    const fromAt = normalizeTime(from, 'from');
    const toAt = normalizeTime(to, 'to');
    return this.guard('read a track', async () => {
      const rows = await this.db
        .selectFrom('tracks')
        .selectAll()
        .where('unit_id', '=', unitId)
        .where('at', '>=', fromAt)
        .where('at', '<', toAt)
        .orderBy('at')
        .execute();
      return rows.map(toPoint);
    });
  }
}

function toPoint(row: Selectable<TracksTable>): TrackPoint {
  return {
    unitId: row.unit_id,
    at: row.at,
    lon: Number(row.lon),
    lat: Number(row.lat),
    accuracyM: row.accuracy_m === null ? null : Number(row.accuracy_m),
    edgeId: row.edge_id === null ? null : Number(row.edge_id),
    edgeOffset: row.edge_offset === null ? null : Number(row.edge_offset),
  };
}

/** The newest row of each unit (ISO times of one format compare as text). */
function newestPerUnit(rows: readonly TracksTable[]): TracksTable[] {
  const newest = new Map<string, TracksTable>();
  for (const row of rows) {
    const known = newest.get(row.unit_id);
    if (!known || known.at < row.at) newest.set(row.unit_id, row);
  }
  return [...newest.values()];
}

function toRow(point: TrackPoint, where: string): TracksTable {
  requireText(point.unitId, `${where}.unitId`);
  if (!Number.isFinite(point.lon) || Math.abs(point.lon) > 180) {
    throw invalidArgument(`${where}.lon must be a longitude, got ${point.lon}.`, `${where}.lon`);
  }
  if (!Number.isFinite(point.lat) || Math.abs(point.lat) > 90) {
    throw invalidArgument(`${where}.lat must be a latitude, got ${point.lat}.`, `${where}.lat`);
  }
  return {
    unit_id: point.unitId,
    at: normalizeTime(point.at, `${where}.at`),
    lon: point.lon,
    lat: point.lat,
    accuracy_m: point.accuracyM ?? null,
    edge_id: point.edgeId ?? null,
    edge_offset: point.edgeOffset ?? null,
  };
}
