import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { ApiError } from '../api/api-error.ts';

/** One request the phone owes the server, kept until the server has answered it. */
export interface QueuedAction {
  /** Order of the taps (IndexedDB's key generator): replayed in this order. */
  seq?: number;
  /** Sent as Idempotency-Key every time: a resend after a lost answer is answered, not redone. */
  key: string;
  method: 'POST';
  path: string;
  body?: unknown;
  /** Epoch ms of the tap. */
  queuedAt: number;
}

/** What a send of one queued action came to. */
export type SendOutcome =
  | { kind: 'done'; answer: unknown }
  /** The server answered no (a step no longer possible): dropped, the error shown. */
  | { kind: 'refused'; error: ApiError }
  /** No answer (offline, server down, 503): kept, replay stops here to keep the order. */
  | { kind: 'unsent'; error: unknown };

/**
 * Answers after which an action stays queued: no session (sent after signing in again) and a
 * proxy's gateway errors. Network failures and 503 are kept too (ApiError.retryable); any other
 * answer is the server's last word on the action.
 */
const KEPT_STATUSES = new Set([401, 502, 504]);

interface OutboxSchema extends DBSchema {
  actions: { key: number; value: QueuedAction };
}

/** The IndexedDB side of the outbox (a fake in unit tests). */
export interface OutboxStorage {
  add(action: QueuedAction): Promise<number>;
  all(): Promise<QueuedAction[]>;
  remove(seq: number): Promise<void>;
}

/** One database per account: a queue is sent only with the session that made it. */
export async function openOutboxStorage(accountId: string): Promise<OutboxStorage> {
  const db: IDBPDatabase<OutboxSchema> = await openDB<OutboxSchema>(
    `jiefang-outbox-${accountId}`,
    1,
    {
      upgrade(database) {
        database.createObjectStore('actions', { keyPath: 'seq', autoIncrement: true });
      },
    },
  );
  return {
    add: (action) => db.add('actions', action),
    all: () => db.getAll('actions'),
    remove: (seq) => db.delete('actions', seq),
  };
}

export interface OutboxOptions {
  storage: OutboxStorage;
  send: (action: QueuedAction) => Promise<unknown>;
  newKey?: () => string;
  now?: () => number;
  /** After each change of the queue (its length) and of reachability. */
  onChange?: (snapshot: OutboxSnapshot) => void;
  /** An action the server refused, and why. */
  onRefused?: (action: QueuedAction, error: ApiError) => void;
  /** An action the server took, with its answer. */
  onDone?: (action: QueuedAction, answer: unknown) => void;
}

export interface OutboxSnapshot {
  pending: number;
  /** The last send got no answer (so the phone is taken for offline until one gets through). */
  unreachable: boolean;
}

/**
 * The responder's outbox: every step (accept, decline, en route, on scene, cleared, status) and
 * position fix is written to IndexedDB first, with its Idempotency-Key, then sent in the order of
 * the taps. Without a connection the actions stay queued (across a reload or a closed tab) and go
 * out, in order, when the connection is back; the server answers a resend of the same key with
 * what it did the first time, so every action lands exactly once.
 */
export class Outbox {
  private snapshot: OutboxSnapshot = { pending: 0, unreachable: false };
  private lastPass: Promise<void> = Promise.resolve();
  private nextPass: Promise<void> | undefined;
  private readonly newKey: () => string;
  private readonly now: () => number;

  constructor(private readonly options: OutboxOptions) {
    this.newKey = options.newKey ?? (() => crypto.randomUUID());
    this.now = options.now ?? (() => Date.now());
  }

  get current(): OutboxSnapshot {
    return this.snapshot;
  }

  /** Queues a POST and tries to send the queue. Resolves once it is stored (not sent). */
  async enqueue(path: string, body?: unknown): Promise<void> {
    await this.options.storage.add({
      key: this.newKey(),
      method: 'POST',
      path,
      body,
      queuedAt: this.now(),
    });
    await this.count();
    void this.flush();
  }

  /**
   * Sends what is queued, oldest first; stops at the first action that gets no answer. Resolves
   * after a pass that started after this call (passes never overlap; calls made while one waits
   * to start share it).
   */
  flush(): Promise<void> {
    if (this.nextPass) return this.nextPass;
    const pass = this.lastPass.then(() => {
      this.nextPass = undefined;
      return this.drain();
    });
    this.nextPass = pass;
    this.lastPass = pass.catch(() => undefined);
    return pass;
  }

  private async drain(): Promise<void> {
    for (const action of await this.options.storage.all()) {
      const outcome = await this.sendOne(action);
      if (outcome.kind === 'unsent') {
        this.update({ unreachable: true });
        await this.count();
        return;
      }
      await this.options.storage.remove(action.seq!);
      this.update({ unreachable: false });
      if (outcome.kind === 'done') this.options.onDone?.(action, outcome.answer);
      else this.options.onRefused?.(action, outcome.error);
      await this.count();
    }
  }

  private async sendOne(action: QueuedAction): Promise<SendOutcome> {
    try {
      return { kind: 'done', answer: await this.options.send(action) };
    } catch (error) {
      return error instanceof ApiError && !KEPT_STATUSES.has(error.status) && !error.retryable
        ? { kind: 'refused', error }
        : { kind: 'unsent', error };
    }
  }

  private async count(): Promise<void> {
    this.update({ pending: (await this.options.storage.all()).length });
  }

  private update(change: Partial<OutboxSnapshot>): void {
    const next = { ...this.snapshot, ...change };
    if (next.pending === this.snapshot.pending && next.unreachable === this.snapshot.unreachable)
      return;
    this.snapshot = next;
    this.options.onChange?.(next);
  }
}
