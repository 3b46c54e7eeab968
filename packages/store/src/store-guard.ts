import type { StoreDialect } from './dialect.ts';
import { translateDriverError } from './driver-errors.ts';
import { StoreError, StoreErrorCode } from './errors.ts';

/**
 * Wraps every database call of one store: refuses work after close() and turns driver failures
 * into coded StoreErrors. Shared by the event store, track store and audit log so they close
 * together.
 */
export class StoreGuard {
  #closed = false;

  constructor(private readonly dialect: StoreDialect) {}

  get closed(): boolean {
    return this.#closed;
  }

  markClosed(): void {
    this.#closed = true;
  }

  readonly run = async <T>(action: string, work: () => Promise<T>): Promise<T> => {
    if (this.#closed) {
      throw new StoreError(
        StoreErrorCode.STORE_CLOSED,
        `Cannot ${action}: the store has been closed.`,
      );
    }
    try {
      return await work();
    } catch (error) {
      throw translateDriverError(error, this.dialect, action);
    }
  };
}
