import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { writeGraphFile } from '@jiefang/routing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCityGraph } from '../src/test-support/test-server.ts';

/*
 * Crash test: the server runs as a real child process on a SQLite file; several clients create
 * incidents and push dispatches through their lifecycle concurrently; the process is killed
 * with SIGKILL mid-stream. Afterwards every acknowledged write must be there, and nothing may
 * be half there: each aggregate's version equals its number of events, and a dispatch and its
 * unit (written in one transaction) agree.
 */
const bin = fileURLToPath(new URL('../../cli/bin/jiefang.js', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'jiefang-crash-'));
const database = join(directory, 'crash.db');
const graph = join(directory, 'city.graph');
const LIFECYCLE = ['notified', 'accepted', 'en_route', 'on_scene', 'cleared'] as const;
const STEP_PATH: Record<string, string> = {
  accepted: 'accept',
  en_route: 'depart',
  on_scene: 'arrive',
  cleared: 'clear',
};

interface Running {
  child: ChildProcess;
  url: string;
}

function startServer(): Promise<Running> {
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--db', database, '--city', graph, '--port', '0', '--demo'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOG_LEVEL: 'error' },
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

async function login(url: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200)
    throw new Error(`login failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get('set-cookie')!;
  return cookie.split(';')[0];
}

describe('crash safety (kill -9 mid-stream)', () => {
  const ackedIncidents = new Set<string>();
  const ackedDispatch = new Map<string, number>(); // dispatch id → furthest acknowledged step
  let server: Running;

  beforeAll(async () => {
    writeGraphFile(graph, await demoCityGraph());
    server = await startServer();
  });
  afterAll(() => {
    server?.child.kill('SIGKILL');
  });

  it('keeps every acknowledged write and nothing half-applied', async () => {
    const cookie = await login(server.url, 'dispatcher', 'dispatcher-demo-2026');
    const headers = { 'content-type': 'application/json', cookie };
    const unitList = (await (await fetch(`${server.url}/api/v1/units`, { headers })).json()) as {
      id: string;
    }[];
    const units = unitList.map((u) => u.id);
    expect(units.length).toBeGreaterThan(4);
    let stop = false;
    let sequence = 0;
    const post = (path: string, body: unknown, extra: Record<string, string> = {}) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { ...headers, ...extra },
        body: JSON.stringify(body),
      });

    const worker = async (w: number) => {
      while (!stop) {
        const n = sequence++;
        const created = await post(
          '/api/v1/incidents',
          {
            source: 'call',
            categoryCode: 'fight',
            location: { lon: 118.7842 + (n % 7) * 0.0003, lat: 32.0413 + (n % 5) * 0.0003 },
            description: `crash test ${w}/${n}`,
          },
          { 'idempotency-key': `crash-${w}-${n}` },
        ).catch(() => undefined);
        if (!created || created.status !== 201) continue;
        const incident = (await created.json()) as { id: string };
        ackedIncidents.add(incident.id);
        const unitId = units[n % units.length];
        const dispatched = await post('/api/v1/dispatches', {
          incidentId: incident.id,
          unitId,
          tier: 1,
        }).catch(() => undefined);
        if (!dispatched || dispatched.status !== 201) continue;
        const dispatch = (await dispatched.json()) as { id: string };
        ackedDispatch.set(dispatch.id, 0);
        for (let step = 1; step < LIFECYCLE.length && !stop; step++) {
          const moved = await post(
            `/api/v1/dispatches/${dispatch.id}/${STEP_PATH[LIFECYCLE[step]]}`,
            {},
          ).catch(() => undefined);
          if (!moved || moved.status !== 200) break;
          ackedDispatch.set(dispatch.id, step);
        }
      }
    };
    const workers = [0, 1, 2, 3].map((w) => worker(w));
    // Kill once enough has been acknowledged (a loaded CI machine is slow), at a moment the
    // workers are still mid-stream; never wait forever.
    const deadline = Date.now() + 30_000;
    const enough = () =>
      ackedIncidents.size >= 20 && [...ackedDispatch.values()].some((step) => step >= 2);
    while (!enough() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((resolve) => setTimeout(resolve, 150));
    server.child.kill('SIGKILL');
    stop = true;
    await Promise.allSettled(workers);
    await new Promise(
      (resolve) => server.child.once('exit', resolve).unref?.() ?? resolve(undefined),
    );
    expect(ackedIncidents.size).toBeGreaterThan(5);
    expect([...ackedDispatch.values()].some((step) => step >= 1)).toBe(true);

    // Nothing half there: read the database file as the killed process left it.
    const db = new Database(database, { readonly: true });
    const aggregates = db
      .prepare(
        'SELECT aggregate_type AS type, aggregate_id AS id, version, status, data FROM aggregates',
      )
      .all() as { type: string; id: string; version: number; status: string; data: string }[];
    const eventCounts = new Map<string, { count: number; max: number }>();
    for (const row of db
      .prepare(
        'SELECT aggregate_type AS type, aggregate_id AS id, COUNT(*) AS count, MAX(version) AS max FROM events GROUP BY 1, 2',
      )
      .all() as { type: string; id: string; count: number; max: number }[]) {
      eventCounts.set(`${row.type}/${row.id}`, row);
    }
    for (const aggregate of aggregates) {
      const events = eventCounts.get(`${aggregate.type}/${aggregate.id}`);
      expect(events, `${aggregate.type} ${aggregate.id} has no events`).toBeDefined();
      expect(events!.count).toBe(aggregate.version);
      expect(events!.max).toBe(aggregate.version);
    }
    const byKey = new Map(aggregates.map((a) => [`${a.type}/${a.id}`, JSON.parse(a.data)]));
    for (const aggregate of aggregates.filter((a) => a.type === 'dispatch')) {
      const dispatch = JSON.parse(aggregate.data);
      const unit = byKey.get(`unit/${dispatch.unitId}`);
      const engaged = ['notified', 'delivered', 'accepted', 'en_route', 'on_scene'].includes(
        dispatch.status,
      );
      if (engaged)
        expect(unit.assignment?.dispatchId, `unit of dispatch ${dispatch.id}`).toBe(dispatch.id);
      else expect(unit.assignment?.dispatchId).not.toBe(dispatch.id);
    }
    db.close();

    // Every acknowledged write survives a restart.
    server = await startServer();
    const after = await login(server.url, 'dispatcher', 'dispatcher-demo-2026');
    for (const id of ackedIncidents) {
      const response = await fetch(`${server.url}/api/v1/incidents/${id}`, {
        headers: { cookie: after },
      });
      expect(response.status, `incident ${id}`).toBe(200);
    }
    for (const [id, step] of ackedDispatch) {
      const response = await fetch(`${server.url}/api/v1/dispatches/${id}`, {
        headers: { cookie: after },
      });
      expect(response.status, `dispatch ${id}`).toBe(200);
      const status = ((await response.json()) as { status: string })
        .status as (typeof LIFECYCLE)[number];
      expect(
        LIFECYCLE.indexOf(status),
        `dispatch ${id} was acknowledged at ${LIFECYCLE[step]}, found ${status}`,
      ).toBeGreaterThanOrEqual(step);
    }
    console.log(
      `[crash] ${ackedIncidents.size} incidents and ${ackedDispatch.size} dispatches acknowledged before kill -9; all present after restart`,
    );
  });
});
