/**
 * One behavioural contract for every dialect: the same tests run against SQLite (a temp file, as
 * in production) and PostgreSQL (a fresh schema per test). A dialect passes only if it behaves
 * exactly like the others.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  dropTestSchema,
  postgresUnreachableReason,
  TEST_POSTGRES_URL,
} from '../test/postgres-test-target.ts';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppendRequest } from '@jiefang/core';
import { StoreErrorCode } from './errors.ts';
import { openPostgresStore } from './postgres/open-postgres-store.ts';
import { redactUrl } from './redact-url.ts';
import { openSqliteStore } from './sqlite/open-sqlite-store.ts';
import type { JiefangStore, TrackPoint } from './store.ts';

const POSTGRES_URL = TEST_POSTGRES_URL;

interface Harness {
  /** A fresh, empty store. */
  open(): Promise<JiefangStore>;
  /** Another handle on the store last opened, as a restarted process would get. */
  reopen(): Promise<JiefangStore>;
  /** Drops everything open() created. */
  cleanup(): Promise<void>;
}

function sqliteHarness(): Harness {
  let dir: string | undefined;
  return {
    async open() {
      dir = mkdtempSync(join(tmpdir(), 'jiefang-store-'));
      return openSqliteStore({ filename: join(dir, 'jiefang.db') });
    },
    async reopen() {
      return openSqliteStore({ filename: join(dir!, 'jiefang.db') });
    },
    async cleanup() {
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    },
  };
}

function postgresHarness(): Harness {
  let schema: string | undefined;
  return {
    async open() {
      schema = `jiefang_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
      return openPostgresStore({ connectionString: POSTGRES_URL, schema, maxConnections: 8 });
    },
    async reopen() {
      return openPostgresStore({ connectionString: POSTGRES_URL, schema: schema! });
    },
    async cleanup() {
      if (!schema) return;
      await dropTestSchema(schema);
      schema = undefined;
    },
  };
}

const postgresProblem = await postgresUnreachableReason();
const dialects: { name: string; harness: () => Harness }[] = [
  { name: 'sqlite', harness: sqliteHarness },
];
if (postgresProblem === undefined) {
  dialects.push({ name: 'postgres', harness: postgresHarness });
} else if (process.env.CI === 'true') {
  describe('postgres', () => {
    it('is reachable (required in CI)', () => {
      expect.fail(
        `PostgreSQL at ${redactUrl(POSTGRES_URL)} is unreachable in CI: ${postgresProblem}`,
      );
    });
  });
} else {
  console.warn(
    `\n⚠ Store conformance: SKIPPING PostgreSQL — ${redactUrl(POSTGRES_URL)} unreachable (${postgresProblem}).\n`,
  );
  describe.skip('postgres (unreachable, skipped)', () => {
    it('conformance', () => undefined);
  });
}

let nextId = 0;
function create(overrides: Partial<AppendRequest> = {}): AppendRequest {
  nextId += 1;
  return {
    aggregateType: 'incident',
    aggregateId: `inc-${nextId}`,
    orgId: 'org-a',
    actorId: 'user-1',
    at: '2025-03-01T08:00:00.000Z',
    expectedVersion: 0,
    events: [{ type: 'incident.created', payload: { n: nextId } }],
    status: 'open',
    data: { n: nextId },
    ...overrides,
  };
}

function change(previous: AppendRequest, version: number, overrides: Partial<AppendRequest> = {}) {
  return {
    ...previous,
    idempotencyKey: undefined,
    expectedVersion: version,
    at: '2025-03-01T08:05:00.000Z',
    events: [{ type: 'incident.updated', payload: { version } }],
    ...overrides,
  };
}

const codeOf = (reason: unknown) => (reason as { code?: string }).code;

describe.each(dialects)('$name store', ({ harness: makeHarness }) => {
  const harness = makeHarness();
  let store: JiefangStore;
  const extraStores: JiefangStore[] = [];

  beforeEach(async () => {
    store = await harness.open();
  });
  afterEach(async () => {
    await store.close();
    await Promise.all(extraStores.splice(0).map((s) => s.close()));
    await harness.cleanup();
  });
  afterAll(() => harness.cleanup());

  it('appends a create and reads it back via get, history and readLog', async () => {
    const request = create({ actorId: null });
    const result = await store.append(request);

    expect(result.replayed).toBe(false);
    expect(result.version).toBe(1);
    expect(result.events).toHaveLength(1);
    const [event] = result.events;
    expect(event).toMatchObject({
      aggregateType: 'incident',
      aggregateId: request.aggregateId,
      version: 1,
      type: 'incident.created',
      payload: request.events[0].payload,
      orgId: 'org-a',
      actorId: null,
      at: '2025-03-01T08:00:00.000Z',
    });
    expect(event.seq).toBeGreaterThan(0);

    expect(await store.get('incident', request.aggregateId)).toEqual({
      aggregateType: 'incident',
      aggregateId: request.aggregateId,
      orgId: 'org-a',
      status: 'open',
      version: 1,
      data: request.data,
      updatedAt: '2025-03-01T08:00:00.000Z',
    });
    expect(await store.history('incident', request.aggregateId)).toEqual([event]);
    expect(await store.readLog(0, 100)).toEqual([event]);
    expect(await store.get('incident', 'missing')).toBeUndefined();
    expect(await store.history('incident', 'missing')).toEqual([]);
  });

  it('advances the version with each append and keeps the history in order', async () => {
    const first = create();
    await store.append(first);
    const second = await store.append(
      change(first, 1, {
        events: [
          { type: 'incident.classified', payload: { code: 'fire' } },
          { type: 'incident.escalated', payload: { level: 2 } },
        ],
        status: 'escalated',
        data: { level: 2 },
      }),
    );

    expect(second.version).toBe(3);
    expect(second.events.map((e) => e.version)).toEqual([2, 3]);
    expect(second.events[1].seq).toBe(second.events[0].seq + 1);
    const history = await store.history('incident', first.aggregateId);
    expect(history.map((e) => [e.version, e.type])).toEqual([
      [1, 'incident.created'],
      [2, 'incident.classified'],
      [3, 'incident.escalated'],
    ]);
    expect(await store.get('incident', first.aggregateId)).toMatchObject({
      version: 3,
      status: 'escalated',
      data: { level: 2 },
      updatedAt: '2025-03-01T08:05:00.000Z',
    });
  });

  it('gives the log strictly increasing seqs and pages it with afterSeq and limit', async () => {
    for (let i = 0; i < 5; i++) await store.append(create());
    const log = await store.readLog(0, 100);
    expect(log).toHaveLength(5);
    for (let i = 1; i < log.length; i++) expect(log[i].seq).toBeGreaterThan(log[i - 1].seq);

    const page = await store.readLog(log[1].seq, 2);
    expect(page.map((e) => e.seq)).toEqual([log[2].seq, log[3].seq]);
    expect(await store.readLog(log[4].seq, 10)).toEqual([]);
  });

  it('normalises event times to UTC ISO 8601', async () => {
    const request = create({ at: '2025-03-01T16:00:00+08:00' });
    const { events } = await store.append(request);
    expect(events[0].at).toBe('2025-03-01T08:00:00.000Z');
    expect((await store.history('incident', request.aggregateId))[0].at).toBe(
      '2025-03-01T08:00:00.000Z',
    );
  });

  it('replays an idempotent create instead of writing it twice', async () => {
    const request = create({ idempotencyKey: 'req-42' });
    const first = await store.append(request);
    const retry = await store.append({ ...request, aggregateId: 'inc-generated-again' });

    expect(retry.replayed).toBe(true);
    expect(retry.version).toBe(first.version);
    expect(retry.events).toEqual(first.events);
    expect(await store.readLog(0, 100)).toHaveLength(1);
    expect(await store.get('incident', 'inc-generated-again')).toBeUndefined();
  });

  it('rejects an idempotency key reused for another aggregate type', async () => {
    await store.append(create({ idempotencyKey: 'req-7' }));
    await expect(
      store.append(create({ aggregateType: 'unit', idempotencyKey: 'req-7' })),
    ).rejects.toMatchObject({ code: StoreErrorCode.IDEMPOTENCY_KEY_REUSED });
  });

  it('replays a key with the same request digest and refuses it with another, across a reopen', async () => {
    const request = create({ idempotencyKey: 'req-hashed', requestHash: 'digest-a' });
    const first = await store.append(request);
    const reopened = await harness.reopen();
    try {
      const retry = await reopened.append({ ...request, aggregateId: 'inc-again' });
      expect(retry.replayed).toBe(true);
      expect(retry.events).toEqual(first.events);
      expect(await reopened.findIdempotent('req-hashed', 'digest-a')).toEqual({
        aggregateType: 'incident',
        aggregateId: request.aggregateId,
      });

      await expect(
        reopened.append({ ...request, aggregateId: 'inc-other', requestHash: 'digest-b' }),
      ).rejects.toMatchObject({ code: StoreErrorCode.IDEMPOTENCY_KEY_REUSED });
      await expect(reopened.findIdempotent('req-hashed', 'digest-b')).rejects.toMatchObject({
        code: StoreErrorCode.IDEMPOTENCY_KEY_REUSED,
      });
      expect(await reopened.readLog(0, 100)).toHaveLength(1);
      expect(await reopened.get('incident', 'inc-other')).toBeUndefined();
    } finally {
      await reopened.close();
    }
  });

  it('rejects a stale expectedVersion with ERR_VERSION_CONFLICT naming both versions', async () => {
    const first = create();
    await store.append(first);
    await store.append(change(first, 1));

    const stale = store.append(change(first, 1));
    await expect(stale).rejects.toMatchObject({
      code: StoreErrorCode.VERSION_CONFLICT,
      details: { aggregateId: first.aggregateId, expectedVersion: 1, actualVersion: 2 },
    });
    await expect(stale).rejects.toThrow(
      new RegExp(`${first.aggregateId}.*expected version 1.*version 2`),
    );
    await expect(store.append(first)).rejects.toMatchObject({
      code: StoreErrorCode.VERSION_CONFLICT,
    });
    await expect(store.append(change(create(), 3))).rejects.toMatchObject({
      code: StoreErrorCode.VERSION_CONFLICT,
      details: { actualVersion: 0 },
    });
    expect(await store.history('incident', first.aggregateId)).toHaveLength(2);
  });

  it('lets exactly one of several concurrent writers of the same version win', async () => {
    const first = create();
    await store.append(first);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        store.append(change(first, 1, { events: [{ type: 'incident.noted', payload: { i } }] })),
      ),
    );

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes.filter((o) => o.status === 'rejected')) {
      expect(codeOf(outcome.reason)).toBe(StoreErrorCode.VERSION_CONFLICT);
    }
    const history = await store.history('incident', first.aggregateId);
    expect(history.map((e) => e.version)).toEqual([1, 2]);
    expect((await store.get('incident', first.aggregateId))?.version).toBe(2);
  });

  it('lets exactly one of several concurrent creates of the same aggregate win', async () => {
    const request = create();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, () => store.append({ ...request })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes.filter((o) => o.status === 'rejected')) {
      expect(codeOf(outcome.reason)).toBe(StoreErrorCode.VERSION_CONFLICT);
    }
    expect(await store.history('incident', request.aggregateId)).toHaveLength(1);
  });

  it('turns concurrent retries with one idempotency key into one write and replays', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        store.append(create({ aggregateId: `retry-${i}`, idempotencyKey: 'req-concurrent' })),
      ),
    );
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const winner = results.find((r) => !r.replayed)!;
    for (const result of results) expect(result.events).toEqual(winner.events);
    expect(await store.readLog(0, 100)).toHaveLength(1);
  });

  it('commits appendAll together', async () => {
    const incident = create();
    const unit = create({ aggregateType: 'unit', status: 'available' });
    await store.append(unit);

    const [incidentResult, unitResult] = await store.appendAll([
      incident,
      change(unit, 1, { status: 'dispatched', events: [{ type: 'unit.dispatched', payload: {} }] }),
    ]);
    expect(incidentResult.version).toBe(1);
    expect(unitResult.version).toBe(2);
    expect(unitResult.events[0].seq).toBe(incidentResult.events[0].seq + 1);
    expect((await store.get('unit', unit.aggregateId))?.status).toBe('dispatched');
    expect(await store.appendAll([])).toEqual([]);
  });

  it('writes nothing of appendAll when a later request conflicts', async () => {
    const unit = create({ aggregateType: 'unit', status: 'available' });
    await store.append(unit);
    await store.append(change(unit, 1));
    const before = await store.readLog(0, 100);

    const incident = create({ idempotencyKey: 'req-atomic' });
    await expect(
      store.appendAll([incident, change(unit, 1, { status: 'dispatched' })]),
    ).rejects.toMatchObject({ code: StoreErrorCode.VERSION_CONFLICT });

    expect(await store.get('incident', incident.aggregateId)).toBeUndefined();
    expect(await store.readLog(0, 100)).toEqual(before);
    // The idempotency key was rolled back too, so the retry really writes.
    expect((await store.append(incident)).replayed).toBe(false);
  });

  it('applies two appends to one aggregate inside one appendAll in order', async () => {
    const first = create();
    const results = await store.appendAll([first, change(first, 1)]);
    expect(results.map((r) => r.version)).toEqual([1, 2]);
    await expect(store.appendAll([create(), change(first, 1)])).rejects.toMatchObject({
      code: StoreErrorCode.VERSION_CONFLICT,
    });
  });

  it('lists aggregates filtered by type, org and status', async () => {
    await store.append(create({ aggregateId: 'a-open', orgId: 'org-a', status: 'open' }));
    await store.append(create({ aggregateId: 'a-closed', orgId: 'org-a', status: 'closed' }));
    await store.append(create({ aggregateId: 'b-open', orgId: 'org-b', status: 'open' }));
    await store.append(create({ aggregateId: 'c-open', orgId: 'org-c', status: 'open' }));
    await store.append(create({ aggregateType: 'unit', aggregateId: 'u-1', orgId: 'org-a' }));

    const ids = async (query: Parameters<JiefangStore['list']>[0]) =>
      (await store.list(query)).map((s) => s.aggregateId).sort();
    expect(await ids({ aggregateType: 'incident' })).toEqual([
      'a-closed',
      'a-open',
      'b-open',
      'c-open',
    ]);
    expect(await ids({ aggregateType: 'incident', orgIds: ['org-a', 'org-b'] })).toEqual([
      'a-closed',
      'a-open',
      'b-open',
    ]);
    expect(await ids({ aggregateType: 'incident', statuses: ['closed'] })).toEqual(['a-closed']);
    expect(
      await ids({ aggregateType: 'incident', orgIds: ['org-a', 'org-c'], statuses: ['open'] }),
    ).toEqual(['a-open', 'c-open']);
    expect(await ids({ aggregateType: 'incident', orgIds: [] })).toEqual([]);
    expect(await ids({ aggregateType: 'incident', statuses: [] })).toEqual([]);
    expect(await store.list({ aggregateType: 'incident', limit: 2 })).toHaveLength(2);
    expect(await ids({ aggregateType: 'unit' })).toEqual(['u-1']);
  });

  it('round-trips JSON payloads and state, including Chinese text', async () => {
    const payload = {
      description: '朝阳区建国路88号三楼起火，有人被困 🚒',
      caller: { name: '王小明', phone: '+86 138 0000 0000' },
      tags: ['火警', 'fire', ''],
      nested: { deep: [1, 2.5, -3e-7, null, true, false, { k: '值' }] },
      quote: 'he said "水" \\ \n\t',
      nothing: null,
    };
    const request = create({
      events: [
        { type: 'incident.created', payload },
        { type: 'incident.noted', payload: '仅一行文字' },
        { type: 'incident.counted', payload: 42 },
        { type: 'incident.flagged', payload: null },
      ],
      data: { summary: '火警', payload },
    });
    await store.append(request);

    const history = await store.history('incident', request.aggregateId);
    expect(history.map((e) => e.payload)).toEqual([payload, '仅一行文字', 42, null]);
    expect((await store.get('incident', request.aggregateId))?.data).toEqual({
      summary: '火警',
      payload,
    });
  });

  it('rejects malformed appends with ERR_INVALID_ARGUMENT and writes nothing', async () => {
    for (const bad of [
      create({ events: [] }),
      create({ actorId: 'a\u0000b' }),
      create({ at: 'yesterday' }),
      create({ expectedVersion: -1 }),
      create({ aggregateId: '' }),
    ]) {
      await expect(store.append(bad)).rejects.toMatchObject({
        code: StoreErrorCode.INVALID_ARGUMENT,
      });
    }
    await expect(
      store.append(create({ events: [{ type: 'x', payload: { text: 'nul\u0000' } }] })),
    ).rejects.toMatchObject({ code: StoreErrorCode.INVALID_ARGUMENT });
    await expect(store.readLog(0, 0)).rejects.toMatchObject({
      code: StoreErrorCode.INVALID_ARGUMENT,
    });
    expect(await store.readLog(0, 100)).toEqual([]);
  });

  it('writes track batches and reads one unit over a half-open time range', async () => {
    const start = Date.parse('2025-03-01T08:00:00.000Z');
    const points: TrackPoint[] = [];
    for (let i = 0; i < 1200; i++) {
      points.push({
        unitId: i % 2 === 0 ? 'unit-a' : 'unit-b',
        at: new Date(start + i * 1000).toISOString(),
        lon: 116.4 + i * 1e-6,
        lat: 39.9 - i * 1e-6,
        accuracyM: i % 3 === 0 ? null : 4.5,
        edgeId: i % 5 === 0 ? null : 1_000_000 + i,
        edgeOffset: i % 5 === 0 ? null : 0.25,
      });
    }
    expect(await store.tracks.append(points)).toBe(1200);
    expect(await store.tracks.append([])).toBe(0);

    const all = await store.tracks.read('unit-a', '2025-03-01T00:00:00Z', '2025-03-02T00:00:00Z');
    expect(all).toHaveLength(600);
    expect(all).toEqual(points.filter((p) => p.unitId === 'unit-a'));

    const window = await store.tracks.read(
      'unit-b',
      new Date(start + 11_000).toISOString(),
      new Date(start + 21_000).toISOString(),
    );
    expect(window.map((p) => p.at)).toEqual(
      [11, 13, 15, 17, 19].map((s) => new Date(start + s * 1000).toISOString()),
    );
    await expect(store.tracks.append([{ ...points[0], lat: 95 }])).rejects.toMatchObject({
      code: StoreErrorCode.INVALID_ARGUMENT,
    });
  });

  it("keeps each unit's newest fix as its last position, across batches and a reopen", async () => {
    const fix = (unitId: string, second: number, lon: number): TrackPoint => ({
      unitId,
      at: new Date(Date.parse('2025-03-01T08:00:00.000Z') + second * 1000).toISOString(),
      lon,
      lat: 39.9,
      accuracyM: 5,
      edgeId: 7,
      edgeOffset: 0.5,
    });
    expect(await store.tracks.lastPositions()).toEqual([]);
    // Two fixes of one unit in one batch, out of order: the newer one wins.
    await store.tracks.append([fix('a', 20, 116.2), fix('a', 10, 116.1), fix('b', 5, 116.5)]);
    // A late, older fix does not replace a newer last position; a newer one does.
    await store.tracks.append([fix('a', 15, 116.15), fix('b', 30, 116.6)]);
    const byUnit = (points: TrackPoint[]) =>
      [...points].sort((x, y) => x.unitId.localeCompare(y.unitId));
    const expected = [fix('a', 20, 116.2), fix('b', 30, 116.6)];
    expect(byUnit(await store.tracks.lastPositions())).toEqual(expected);
    const again = await harness.reopen();
    extraStores.push(again);
    expect(byUnit(await again.tracks.lastPositions())).toEqual(expected);
  });

  it('records audit entries and lists them by subject, actor, org and time', async () => {
    const entry = {
      actorId: 'officer-1',
      action: 'incident.caller.read',
      subjectType: 'incident',
      subjectId: 'inc-9',
      orgId: 'org-a',
    };
    const first = await store.audit.record({
      ...entry,
      at: '2025-03-01T08:00:00Z',
      detail: { fields: ['电话'] },
    });
    await store.audit.record({ ...entry, at: '2025-03-01T09:00:00Z', actorId: 'officer-2' });
    await store.audit.record({
      ...entry,
      at: '2025-03-01T10:00:00Z',
      actorId: 'officer-3',
      subjectType: 'unit',
      subjectId: 'unit-3',
      action: 'unit.track.read',
      orgId: 'org-b',
    });

    expect(first).toMatchObject({
      ...entry,
      at: '2025-03-01T08:00:00.000Z',
      detail: { fields: ['电话'] },
    });
    const bySubject = await store.audit.list({ subjectType: 'incident', subjectId: 'inc-9' });
    expect(bySubject.map((r) => r.actorId)).toEqual(['officer-2', 'officer-1']);
    expect(bySubject[1]).toEqual(first);
    expect(bySubject[0].detail).toBeNull();
    expect((await store.audit.list({ actorId: 'officer-1' })).map((r) => r.id)).toEqual([first.id]);
    expect((await store.audit.list({ orgIds: ['org-b'] })).map((r) => r.subjectId)).toEqual([
      'unit-3',
    ]);
    expect(await store.audit.list({ orgIds: [] })).toEqual([]);
    const window = await store.audit.list({
      from: '2025-03-01T08:30:00Z',
      to: '2025-03-01T10:00:00Z',
    });
    expect(window.map((r) => r.actorId)).toEqual(['officer-2']);
    expect(await store.audit.list({ limit: 1 })).toHaveLength(1);
  });

  it('keeps data and schema across a reopen', async () => {
    const request = create();
    await store.append(request);
    const again = await harness.reopen();
    extraStores.push(again);
    expect((await again.get('incident', request.aggregateId))?.version).toBe(1);
    expect((await again.append(change(request, 1))).version).toBe(2);
  });

  it('refuses work after close with ERR_STORE_CLOSED', async () => {
    const other = await harness.reopen();
    await other.close();
    await other.close();
    await expect(other.get('incident', 'x')).rejects.toMatchObject({
      code: StoreErrorCode.STORE_CLOSED,
    });
    await expect(other.tracks.read('u', '2025-01-01', '2025-01-02')).rejects.toMatchObject({
      code: StoreErrorCode.STORE_CLOSED,
    });
  });
});
