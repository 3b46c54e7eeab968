import { StoreError, StoreErrorCode } from './errors.ts';

/*
 * Conversions between API values and column values, shared by the event store, track store and
 * audit log so both dialects read back exactly what was written.
 */

/**
 * PostgreSQL text and jsonb cannot hold U+0000; rejecting it in every dialect keeps SQLite from
 * accepting data a PostgreSQL deployment would refuse.
 */
export function encodeJson(value: unknown, field: string): string {
  // undefined has no JSON form; storing null keeps the NOT NULL column honest.
  return JSON.stringify(value ?? null, (key: string, item: unknown) => {
    if (key.includes('\0') || (typeof item === 'string' && item.includes('\0'))) {
      throw invalidArgument(`${field} must not contain the NUL character (U+0000).`, field);
    }
    return item;
  });
}

export function decodeJson(text: string): unknown {
  return JSON.parse(text);
}

/**
 * Normalises to UTC ISO 8601 with milliseconds. SQLite stores times as text, so only one
 * fixed-width form keeps range queries and ordering correct; PostgreSQL returns the same form.
 */
export function normalizeTime(value: string, field: string): string {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw invalidArgument(
      `${field} must be an ISO 8601 time, got ${JSON.stringify(value)}.`,
      field,
    );
  }
  return new Date(ms).toISOString();
}

export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.includes('\0')) {
    throw invalidArgument(`${field} must be a non-empty string without NUL characters.`, field);
  }
  return value;
}

export function requireLimit(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw invalidArgument(`${field} must be a positive integer, got ${value}.`, field);
  }
  return value;
}

export function invalidArgument(message: string, field: string): StoreError {
  return new StoreError(StoreErrorCode.INVALID_ARGUMENT, message, { field });
}
