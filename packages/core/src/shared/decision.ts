import type { NewEvent } from '../event-store.ts';

/**
 * What every `decide` returns: the events to append and the aggregate's state after them, so
 * the server can hand both to EventStore.append in one transaction.
 */
export interface Decision<S> {
  events: NewEvent[];
  state: S;
}

/** What every `decide` needs besides state and command. Ids are chosen by the caller. */
export interface DecideContext {
  /** Epoch milliseconds, from the Clock port. */
  now: number;
  actorId: string | null;
}
