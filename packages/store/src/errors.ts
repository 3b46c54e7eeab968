/**
 * Every failure the store reports on purpose is a StoreError with a stable code. Callers (server,
 * CLI) branch on `code`, never on message text: a version conflict becomes HTTP 409, an
 * unavailable store 503. Each code is documented in packages/store/ERRORS.md and a test keeps
 * that list complete.
 */
export const StoreErrorCode = {
  /** The aggregate's stored version is not the version the command was decided on. */
  VERSION_CONFLICT: 'ERR_VERSION_CONFLICT',
  /** An idempotency key already used for another request (another body or kind of aggregate). */
  IDEMPOTENCY_KEY_REUSED: 'ERR_IDEMPOTENCY_KEY_REUSED',
  /** An argument (append request, limit, time range, track row) is malformed. */
  INVALID_ARGUMENT: 'ERR_INVALID_ARGUMENT',
  /** The database cannot be reached or opened (refused, unknown host, bad credentials, unwritable file). */
  STORE_UNAVAILABLE: 'ERR_STORE_UNAVAILABLE',
  /** Another process held the database's write lock for longer than the busy timeout. */
  STORE_BUSY: 'ERR_STORE_BUSY',
  /** The store was used after close(). */
  STORE_CLOSED: 'ERR_STORE_CLOSED',
  /** A store URL / DATABASE_URL (or an open option) is not one the store understands. */
  STORE_URL_INVALID: 'ERR_STORE_URL_INVALID',
  /** The database holds migrations this version of Jiefang does not know (written by a newer one). */
  SCHEMA_TOO_NEW: 'ERR_SCHEMA_TOO_NEW',
  /** A schema migration failed; the transaction was rolled back and the schema is unchanged. */
  MIGRATION_FAILED: 'ERR_MIGRATION_FAILED',
} as const;

export type StoreErrorCode = (typeof StoreErrorCode)[keyof typeof StoreErrorCode];

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    /** Machine-readable facts behind the message (e.g. expected and actual version). */
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}
