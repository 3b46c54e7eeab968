import { useEffect, useRef, useState } from 'react';
import type { ApiClient } from '../api/api-client.ts';
import type { ApiError } from '../api/api-error.ts';
import { openOutboxStorage, Outbox, type OutboxSnapshot, type QueuedAction } from './outbox.ts';

/** While actions wait, the queue is tried again this often (besides the browser's "online"). */
const RETRY_MS = 5000;

export interface OutboxState extends OutboxSnapshot {
  /** The browser says it has no network, or the last send got no answer. */
  offline: boolean;
  /** Queues a POST (sent at once when possible); undefined until IndexedDB is open. */
  enqueue: ((path: string, body?: unknown) => Promise<void>) | undefined;
}

/**
 * The signed-in account's outbox, opened once per account: sends through the API client with
 * each action's Idempotency-Key, tries again when the browser comes back online and every few
 * seconds while something waits.
 */
export function useOutbox(
  api: ApiClient,
  accountId: string,
  handlers: {
    onDone?: (action: QueuedAction, answer: unknown) => void;
    onRefused?: (action: QueuedAction, error: ApiError) => void;
  },
): OutboxState {
  const [snapshot, setSnapshot] = useState<OutboxSnapshot>({ pending: 0, unreachable: false });
  const [outbox, setOutbox] = useState<Outbox | undefined>();
  const [browserOnline, setBrowserOnline] = useState(() => navigator.onLine);
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;

  useEffect(() => {
    let closed = false;
    void openOutboxStorage(accountId).then((storage) => {
      if (closed) return;
      const created = new Outbox({
        storage,
        send: (action) =>
          api.request(action.method, action.path, {
            body: action.body,
            idempotencyKey: action.key,
          }),
        onChange: setSnapshot,
        onDone: (action, answer) => handlersRef.current.onDone?.(action, answer),
        onRefused: (action, error) => handlersRef.current.onRefused?.(action, error),
      });
      setOutbox(created);
      void created.flush(); // what an earlier session left queued
    });
    return () => {
      closed = true;
    };
  }, [api, accountId]);

  useEffect(() => {
    const online = () => {
      setBrowserOnline(true);
      void outbox?.flush();
    };
    const offline = () => setBrowserOnline(false);
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
    };
  }, [outbox]);

  const waiting = snapshot.pending > 0;
  useEffect(() => {
    if (!outbox || !waiting) return;
    const timer = setInterval(() => {
      if (navigator.onLine) void outbox.flush();
    }, RETRY_MS);
    return () => clearInterval(timer);
  }, [outbox, waiting]);

  return {
    ...snapshot,
    offline: !browserOnline || snapshot.unreachable,
    enqueue: outbox ? (path, body) => outbox.enqueue(path, body) : undefined,
  };
}
