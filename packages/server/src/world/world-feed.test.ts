import type { AggregateSnapshot, Commit, CommittedState, StoredEvent } from '@jiefang/core';
import { describe, expect, it } from 'vitest';
import { InProcessBus } from '../adapters/in-process-bus.ts';
import { AggregateType } from './aggregate-types.ts';
import { WorldFeed } from './world-feed.ts';
import { World } from './world.ts';

/** A log and current-state table in memory: what the feed reads when the bus missed something. */
class MemoryLog {
  readonly events: StoredEvent[] = [];
  readonly states = new Map<string, CommittedState>();
  reads = 0;

  /** Commits one change of incident `id` and returns it as the bus would carry it. */
  commit(id: string, seq: number): Commit {
    const version = (this.states.get(id)?.version ?? 0) + 1;
    const event: StoredEvent = {
      seq,
      type: 'incident.noted',
      payload: { n: version },
      aggregateType: AggregateType.incident,
      aggregateId: id,
      version,
      orgId: 'org',
      actorId: null,
      at: new Date(0).toISOString(),
    };
    const state: CommittedState = {
      aggregateType: AggregateType.incident,
      aggregateId: id,
      orgId: 'org',
      version,
      data: { id, status: 'open', notes: version },
    };
    this.events.push(event);
    this.states.set(id, state);
    return { events: [event], states: [state] };
  }

  async readLog(afterSeq: number, limit: number): Promise<StoredEvent[]> {
    this.reads++;
    return this.events.filter((e) => e.seq > afterSeq).slice(0, limit);
  }

  async get<T>(_type: string, id: string): Promise<AggregateSnapshot<T> | undefined> {
    const state = this.states.get(id);
    if (!state) return undefined;
    return { ...state, status: 'open', updatedAt: '', data: state.data as T };
  }
}

function setup(gapWaitMs = 20) {
  const log = new MemoryLog();
  const world = new World();
  const bus = new InProcessBus();
  const feed = new WorldFeed(log, world, bus, 0, { gapWaitMs });
  const seen: number[] = [];
  feed.subscribe((event) => seen.push(event.seq));
  return { log, world, bus, feed, seen };
}

const notes = (world: World, id: string) =>
  world.get<{ notes: number }>(AggregateType.incident, id)?.notes;

describe('the world feed', () => {
  it('applies commits in log order when the bus delivers them out of order, and each once', async () => {
    const { log, world, bus, feed, seen } = setup(5_000);
    const c1 = log.commit('a', 1);
    const c2 = log.commit('a', 2);
    const c3 = log.commit('b', 3);
    await bus.publish(c3);
    await bus.publish(c2);
    expect(seen).toEqual([]);
    expect(notes(world, 'a')).toBeUndefined();
    await bus.publish(c1);
    await bus.publish(c2);
    expect(seen).toEqual([1, 2, 3]);
    expect(notes(world, 'a')).toBe(2);
    expect(feed.appliedSeq).toBe(3);
    // The stream filled its own gap: nothing was read from the store.
    expect(log.reads).toBe(0);
    feed.close();
  });

  it('reads from the store what the bus never delivered, then goes on from the stream', async () => {
    const { log, world, bus, feed, seen } = setup();
    log.commit('a', 1); // published while the broker was down: lost
    log.commit('b', 2); // lost too
    await bus.publish(log.commit('a', 3));
    await feed.reached(3);
    expect(seen).toEqual([1, 2, 3]);
    expect(notes(world, 'a')).toBe(2);
    expect(notes(world, 'b')).toBe(1);
    await bus.publish(log.commit('b', 4));
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(notes(world, 'b')).toBe(2);
    feed.close();
  });

  it('passes over a hole the log never fills (a sequence number a rolled-back writer took)', async () => {
    const { log, bus, feed, seen } = setup();
    log.commit('a', 1);
    await bus.publish(log.commit('a', 1 + 2)); // 2 was never committed
    await feed.reached(3);
    expect(seen).toEqual([1, 3]);
    await bus.publish(log.commit('a', 4));
    expect(seen).toEqual([1, 3, 4]);
    feed.close();
  });

  it('answers a waiting command from the store when its own commit does not come back', async () => {
    const { log, world, feed } = setup();
    log.commit('a', 1); // committed; the publish failed
    const started = Date.now();
    await feed.reached(1, { stallMs: 30 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(notes(world, 'a')).toBe(1);
    feed.close();
  });

  it('gives up waiting for a position the log never reaches, when told to', async () => {
    const { feed } = setup();
    const started = Date.now();
    await feed.reached(1_000_000, { stallMs: 10, timeoutMs: 100 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(feed.appliedSeq).toBe(0);
    feed.close();
  });

  it('keeps the newest state when a commit read from the log is older than what the world holds', async () => {
    const { log, world, bus, feed } = setup();
    const c1 = log.commit('a', 1);
    log.commit('a', 2); // never published; a catch-up reads a's current state (version 2)
    await feed.catchUp();
    expect(notes(world, 'a')).toBe(2);
    await bus.publish(c1); // late repeat of an applied commit
    expect(notes(world, 'a')).toBe(2);
    expect(world.version(AggregateType.incident, 'a')).toBe(2);
    feed.close();
  });
});
