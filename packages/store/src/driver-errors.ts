import type { StoreDialect } from './dialect.ts';
import { StoreError, StoreErrorCode } from './errors.ts';

/**
 * Turns driver errors the caller can act on (database down, busy, closed) into coded
 * StoreErrors; anything else is a bug or a broken schema and is rethrown untouched so its stack
 * and driver code survive.
 */
export function translateDriverError(
  error: unknown,
  dialect: StoreDialect,
  action: string,
): unknown {
  if (error instanceof StoreError) return error;
  const failure = dialect.classifyFailure(error);
  const reason = error instanceof Error ? error.message : String(error);
  switch (failure?.kind) {
    case 'unavailable':
      return new StoreError(
        StoreErrorCode.STORE_UNAVAILABLE,
        `Cannot ${action}: the ${dialect.name} database is unavailable (${reason}).`,
        {},
        { cause: error },
      );
    case 'invalid-value':
      return new StoreError(
        StoreErrorCode.INVALID_ARGUMENT,
        `Cannot ${action}: the ${dialect.name} database refused a value (${reason}).`,
        {},
        { cause: error },
      );
    case 'busy':
      return new StoreError(
        StoreErrorCode.STORE_BUSY,
        `Cannot ${action}: another process kept the ${dialect.name} database locked (${reason}).`,
        {},
        { cause: error },
      );
    case 'closed':
      return new StoreError(
        StoreErrorCode.STORE_CLOSED,
        `Cannot ${action}: the store has been closed.`,
        {},
        { cause: error },
      );
    default:
      return error;
  }
}
