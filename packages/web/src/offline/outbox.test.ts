import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error.ts';
import { Outbox, type OutboxStorage, type QueuedAction } from './outbox.ts';

function memoryStorage(): OutboxStorage & { rows: QueuedAction[] } {
  const rows: QueuedAction[] = [];
  let seq = 0;
  return {
    rows,
    add: async (action) => {
      rows.push({ ...action, seq: ++seq });
      return seq;
    },
    all: async () => rows.map((r) => ({ ...r })),
    remove: async (s) => {
      rows.splice(
        rows.findIndex((r) => r.seq === s),
        1,
      );
    },
  };
}

describe('Outbox', () => {
  it('keeps actions while unreachable and sends them in order, each key unchanged, once back', async () => {
    const storage = memoryStorage();
    let online = false;
    const sent: { path: string; key: string }[] = [];
    let keys = 0;
    const outbox = new Outbox({
      storage,
      newKey: () => `key-${++keys}`,
      send: async (action) => {
        if (!online) throw ApiError.network(new TypeError('offline'));
        sent.push({ path: action.path, key: action.key });
        return { ok: true };
      },
    });
    await outbox.enqueue('/a');
    await outbox.enqueue('/b');
    await outbox.enqueue('/c');
    await outbox.flush();
    expect(outbox.current).toEqual({ pending: 3, unreachable: true });
    expect(sent).toEqual([]);

    online = true;
    await outbox.flush();
    expect(sent).toEqual([
      { path: '/a', key: 'key-1' },
      { path: '/b', key: 'key-2' },
      { path: '/c', key: 'key-3' },
    ]);
    expect(outbox.current).toEqual({ pending: 0, unreachable: false });
  });

  it('drops an action the server refused and goes on; keeps one that got a 503', async () => {
    const storage = memoryStorage();
    const refused: string[] = [];
    const answers: Record<string, () => never | string> = {
      '/refused': () => {
        throw new ApiError(409, 'ERR_ILLEGAL_TRANSITION', 'no');
      },
      '/fine': () => 'ok',
      '/busy': () => {
        throw new ApiError(503, 'ERR_STORE_BUSY', 'later');
      },
    };
    const outbox = new Outbox({
      storage,
      send: async (action) => answers[action.path](),
      onRefused: (action) => refused.push(action.path),
    });
    await storage.add({ key: 'k1', method: 'POST', path: '/refused', queuedAt: 0 });
    await storage.add({ key: 'k2', method: 'POST', path: '/fine', queuedAt: 0 });
    await storage.add({ key: 'k3', method: 'POST', path: '/busy', queuedAt: 0 });
    await storage.add({ key: 'k4', method: 'POST', path: '/fine', queuedAt: 0 });
    await outbox.flush();
    expect(refused).toEqual(['/refused']);
    // The 503 stops the replay so that /fine after it still goes after it.
    expect(storage.rows.map((r) => r.key)).toEqual(['k3', 'k4']);
  });
});
