// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { Incident, StoredEvent, UnitView } from '@jiefang/contract';
import type { PositionUpdate } from './live-protocol.ts';
import { isLiveDispatch } from '@jiefang/core';
import { incidentReplays } from '@jiefang/core/testing/incident-replays';
import { LiveStore, type BatchScheduler, type LiveChange } from './live-store.ts';
import { statusCode } from './unit-codes.ts';

/** A clock and timers the test moves by hand. */
function manualScheduler() {
  let now = 1000;
  const timers: { at: number; run: () => void }[] = [];
  const scheduler: BatchScheduler = {
    now: () => now,
    setTimeout: (run, ms) => {
      const timer = { at: now + ms, run };
      timers.push(timer);
      return timer;
    },
    clearTimeout: (handle) => {
      const index = timers.indexOf(handle as (typeof timers)[number]);
      if (index >= 0) timers.splice(index, 1);
    },
  };
  return {
    scheduler,
    pending: () => timers.length,
    advance(ms: number) {
      now += ms;
      for (const timer of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.run();
      }
    },
  };
}

function unit(id: string, lon: number, status: UnitView['status'] = 'available'): UnitView {
  return {
    id,
    name: id,
    kind: 'police',
    orgId: 'org',
    profile: 'drive',
    turnoutSeconds: 30,
    status,
    talkGroupIds: [],
    position: { lon, lat: 32, at: 1, accuracyM: 5, road: null },
    version: 1,
  };
}

const move = (unitId: string, lon: number, at: number): PositionUpdate => ({
  unitId,
  orgId: 'org',
  lon,
  lat: 32.01,
  at,
  accuracyM: 5,
  road: null,
});

function event(seq: number, type: string, aggregateId: string, payload: unknown): StoredEvent {
  const aggregateType = type.split('.')[0];
  return {
    seq,
    type,
    aggregateType,
    aggregateId,
    version: seq,
    orgId: 'org',
    actorId: 'a',
    at: '',
    payload: payload as Record<string, unknown>,
  };
}

function storeWithUnits(count: number) {
  const clock = manualScheduler();
  const store = new LiveStore({ scheduler: clock.scheduler, minBatchIntervalMs: 250 });
  const changes: LiveChange[] = [];
  store.subscribe((change) =>
    changes.push({ ...change, movedRows: change.movedRows.slice(0, change.movedCount) }),
  );
  const units = Array.from({ length: count }, (_, i) => unit(`u${i}`, 118 + i * 1e-4));
  store.receive({
    type: 'snapshot',
    seq: 10,
    bbox: [-180, -90, 180, 90],
    units,
    incidents: [],
    dispatches: [],
  });
  clock.advance(0);
  changes.length = 0;
  return { store, clock, changes };
}

describe('LiveStore batching', () => {
  it('applies many position frames as one batch and emits one change', () => {
    const { store, clock, changes } = storeWithUnits(20_000);
    // 80 frames of 250 updates each (20,000 updates) arrive between two batches.
    for (let f = 0; f < 80; f++) {
      const updates: PositionUpdate[] = [];
      for (let i = 0; i < 250; i++) updates.push(move(`u${f * 250 + i}`, 119, 2));
      store.receive({ type: 'positions', updates });
    }
    expect(changes).toHaveLength(0);
    clock.advance(250);
    expect(changes).toHaveLength(1);
    expect(changes[0].movedCount).toBe(20_000);
    expect(changes[0].reset).toBe(false);
    expect(store.units.lon[store.units.rowOf('u19999')!]).toBe(119);
  });

  it('applies at most one batch per interval, however fast frames come', () => {
    const { store, clock, changes } = storeWithUnits(3);
    for (let t = 0; t < 1000; t += 10) {
      store.receive({ type: 'positions', updates: [move('u0', 118 + t * 1e-6, 2 + t)] });
      clock.advance(10);
    }
    clock.advance(250);
    expect(changes.length).toBeGreaterThanOrEqual(4);
    expect(changes.length).toBeLessThanOrEqual(5);
  });

  it('counts a unit moved twice in one batch once and never moves it back in time', () => {
    const { store, clock, changes } = storeWithUnits(2);
    store.receive({ type: 'positions', updates: [move('u0', 118.5, 5), move('u0', 118.6, 6)] });
    store.receive({ type: 'positions', updates: [move('u0', 118.1, 3)] });
    clock.advance(250);
    expect(changes[0].movedCount).toBe(1);
    expect(store.units.lon[store.units.rowOf('u0')!]).toBe(118.6);
  });

  it('asks for units it only knows from position frames', () => {
    const clock = manualScheduler();
    const asked: string[][] = [];
    const store = new LiveStore({
      scheduler: clock.scheduler,
      onUnknownUnits: (ids) => asked.push(ids),
    });
    store.receive({ type: 'positions', updates: [move('new-unit', 118, 2)] });
    clock.advance(250);
    expect(asked).toEqual([['new-unit']]);
    store.addUnits([unit('new-unit', 118.2)]);
    clock.advance(250);
    expect(store.units.rowOf('new-unit')).toBe(0);
  });

  it('applies events in seq order and keeps the highest seq for the resync', () => {
    const { store, clock, changes } = storeWithUnits(1);
    const incident = {
      id: 'i1',
      priority: 2,
      status: 'open',
      workflow: { escalationLevel: 0, stage: 'assign' },
    } as Incident;
    store.receive({
      type: 'event',
      event: event(12, 'unit.status_changed', 'u0', { unitId: 'u0', to: 'en_route', at: 't' }),
    });
    store.receive({ type: 'event', event: event(11, 'incident.created', 'i1', incident) });
    expect(store.lastSeq).toBe(12);
    clock.advance(250);
    expect(changes).toHaveLength(1);
    expect(changes[0].events.map((e) => e.seq)).toEqual([11, 12]);
    expect(store.units.status[0]).toBe(statusCode('en_route'));
    expect(store.units.views[0]).toMatchObject({ status: 'en_route', version: 12 });
    expect([...changes[0].changedUnitRows]).toEqual([0]);
    expect(store.incidents.get('i1')?.priority).toBe(2);

    store.receive({
      type: 'event',
      event: event(13, 'incident.reprioritised', 'i1', { incidentId: 'i1', to: 1 }),
    });
    store.receive({
      type: 'event',
      event: event(14, 'incident.closed', 'i1', { incidentId: 'i1' }),
    });
    store.receive({ type: 'resynced', fromSeq: 12, seq: 20, events: 2 });
    clock.advance(250);
    expect(store.incidents.has('i1')).toBe(false);
    expect(store.lastSeq).toBe(20);
  });

  it('replaces everything on a snapshot and says so', () => {
    const { store, clock, changes } = storeWithUnits(5);
    store.receive({ type: 'positions', updates: [move('u1', 118.9, 9)] });
    store.receive({
      type: 'snapshot',
      seq: 50,
      bbox: [-180, -90, 180, 90],
      units: [unit('z', 118)],
      incidents: [],
      dispatches: [],
    });
    clock.advance(250);
    expect(changes).toHaveLength(1);
    expect(changes[0].reset).toBe(true);
    expect(store.units.count).toBe(1);
    expect(store.lastSeq).toBe(50);
  });

  // The same event sequences core's fold test replays, decided as the server decides them: after
  // every step the dispatcher's queue must hold exactly the incident the server's world holds while
  // it is open (and nothing once it ended), and its board exactly the server's dispatches still
  // under way (re-offered, accepted, on scene), with the versions the server gave them.
  for (const replay of incidentReplays()) {
    it(`shows the server's incident and dispatches after every step: ${replay.name}`, () => {
      const clock = manualScheduler();
      const store = new LiveStore({ scheduler: clock.scheduler });
      const versions = new Map<string, number>();
      let fed = 0;
      expect(replay.steps.length).toBeGreaterThan(1);
      for (const step of replay.steps) {
        for (; fed < step.events; fed++) {
          const e = replay.events[fed];
          const version = (versions.get(e.aggregateId) ?? 0) + 1;
          versions.set(e.aggregateId, version);
          store.receive({
            type: 'event',
            event: { ...event(fed + 1, e.type, e.aggregateId, e.payload), version },
          });
        }
        clock.advance(250);
        const shown = store.incidents.get(step.state.id);
        if (step.state.status === 'open') {
          expect(shown).toEqual({ ...step.state, version: versions.get(step.state.id) });
        } else {
          expect(shown).toBeUndefined();
        }
        const live = step.dispatches.filter((d) => isLiveDispatch(d.status));
        const board = [...store.dispatches.values()].sort((a, b) => a.id.localeCompare(b.id));
        expect(board).toEqual(
          live
            .map((d) => ({ ...d, version: versions.get(d.id) }))
            .sort((a, b) => a.id.localeCompare(b.id)),
        );
      }
      expect(fed).toBe(replay.events.length);
    });
  }
});
