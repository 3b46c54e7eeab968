import { parse } from 'csv-parse/sync';
import { RoutingError, RoutingErrorCode } from '../errors.ts';
import type { ObservedDrive } from './observed-drive.ts';

export interface ParsedDrives {
  drives: ObservedDrive[];
  /** Rows flagged `suspect_timing` = 1 (timestamps that look wrong), left out and counted. */
  suspect: number;
}

const REQUIRED = [
  'call_number',
  'unit_id',
  'unit_type',
  'priority',
  'hour_of_day',
  'from_lat',
  'from_lon',
  'to_lat',
  'to_lon',
  'observed_travel_s',
  'response_dttm_local',
  'suspect_timing',
] as const;

/**
 * Observed drives from CSV text with the columns of the SF fire-response cases (cases-2016.csv).
 * Priority 3 and E are lights-and-sirens drives; 2 and others are not. Any bad value is a coded
 * error naming its row and column, never a silently skipped row.
 */
export function parseDrivesCsv(text: string, source = 'drives'): ParsedDrives {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    throw new RoutingError(
      RoutingErrorCode.DRIVES_INVALID,
      `${source} is not readable CSV: ${(error as Error).message}`,
      source,
    );
  }
  if (records.length > 0) {
    for (const column of REQUIRED) {
      if (!(column in records[0])) {
        throw new RoutingError(
          RoutingErrorCode.DRIVES_INVALID,
          `${source} has no column ${column}`,
          column,
        );
      }
    }
  }
  const drives: ObservedDrive[] = [];
  let suspect = 0;
  records.forEach((record, index) => {
    const row = index + 2; // the header is line 1
    const bad = (column: string, why: string): never => {
      throw new RoutingError(
        RoutingErrorCode.DRIVES_INVALID,
        `${source} row ${row}: ${column} ${why}, got '${record[column]}'`,
        `row ${row} ${column}`,
      );
    };
    const number = (column: string, min: number, max: number): number => {
      const text = record[column];
      const value = text === '' ? NaN : Number(text);
      if (!Number.isFinite(value) || value < min || value > max) {
        bad(column, `must be a number between ${min} and ${max}`);
      }
      return value;
    };
    // A flagged row's other values are what made it suspect (0 s drives): count it, read no more.
    if (number('suspect_timing', 0, 1) === 1) {
      suspect++;
      return;
    }
    const drive: ObservedDrive = {
      id: `${record.call_number}/${record.unit_id}`,
      from: [number('from_lon', -180, 180), number('from_lat', -90, 90)],
      to: [number('to_lon', -180, 180), number('to_lat', -90, 90)],
      observedSeconds: number('observed_travel_s', 1, 86400),
      kind: record.unit_type === '' ? bad('unit_type', 'must not be empty') : record.unit_type,
      hour: number('hour_of_day', 0, 23),
      emergency: record.priority === '3' || record.priority === 'E',
      day: /^\d{4}-\d{2}-\d{2}/.test(record.response_dttm_local)
        ? record.response_dttm_local.slice(0, 10)
        : bad('response_dttm_local', 'must start with a YYYY-MM-DD date'),
    };
    drives.push(drive);
  });
  return { drives, suspect };
}
