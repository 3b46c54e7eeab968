import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeGraphFile } from '@jiefang/routing';
import { clusterResources, type ClusterResources } from '@jiefang/server/cluster-resources';
import { LiveTestClient, type Message } from '@jiefang/server/live-test-client';
import { demoCityGraph } from '@jiefang/server/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCluster } from '../src/cluster/cluster-audit.ts';
import { ClusterClient } from '../src/cluster/cluster-client.ts';
import { ServerProcess } from '../src/cluster/server-process.ts';

/*
 * Three `jiefang serve` processes on one PostgreSQL schema and one NATS JetStream stream (the
 * ones CI provides; a schema and a stream of this test's own).
 */
const DISPATCHER = { username: 'dispatcher', password: 'dispatcher-demo-2026' };
const ADMIN = { username: 'admin', password: 'admin-demo-2026' };
const CENTRE = { lon: 118.7842, lat: 32.0413 };

describe('a cluster of three processes', () => {
  let resources: ClusterResources;
  let directory: string;
  const nodes: ServerProcess[] = [];
  const urls = () => nodes.map((node) => node.url);
  const sockets: LiveTestClient[] = [];

  const start = (demo: boolean) =>
    ServerProcess.start({
      args: [
        '--db',
        resources.databaseUrl,
        '--bus',
        resources.busUrl,
        '--city',
        join(directory, 'city.graph'),
        '--port',
        '0',
        ...(demo ? ['--demo'] : []),
      ],
      env: { ...process.env, LOG_LEVEL: 'error' },
    });

  const openConsole = async (url: string) => {
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(DISPATCHER),
    });
    const session = login.headers.get('set-cookie')!.split(';')[0];
    const socket = await LiveTestClient.open(`${url.replace('http', 'ws')}/api/v1/live`, {
      cookie: session,
    });
    sockets.push(socket);
    return socket;
  };

  const createIncident = async (client: ClusterClient, description: string) => {
    const response = await client.request('POST', '/api/v1/incidents', {
      source: 'call',
      categoryCode: 'fight',
      orgId: 'station-1',
      location: CENTRE,
      description,
    });
    expect(response?.status).toBe(201);
    return ((await response!.json()) as { id: string }).id;
  };

  beforeAll(async () => {
    resources = clusterResources();
    directory = mkdtempSync(join(tmpdir(), 'jiefang-cluster-'));
    writeGraphFile(join(directory, 'city.graph'), await demoCityGraph());
    nodes.push(await start(true));
    nodes.push(...(await Promise.all([start(false), start(false)])));
  }, 180_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.all(nodes.map((node) => node.stop()));
    await resources?.cleanup();
    rmSync(directory, { recursive: true, force: true });
  });

  it('concurrent commands on the same incidents and units from clients on all three: nothing lost, nothing half-applied', async () => {
    const clients = [0, 1, 2].map((i) => new ClusterClient(urls, DISPATCHER, i));
    const admins = [0, 1, 2].map((i) => new ClusterClient(urls, ADMIN, i));
    const incidents = [
      await createIncident(clients[0], 'shared 1'),
      await createIncident(clients[1], 'shared 2'),
    ];
    const units = (await (await clients[2].request('GET', '/api/v1/units'))!.json()) as {
      id: string;
      status: string;
    }[];
    const free = units
      .filter((u) => u.status === 'available')
      .map((u) => u.id)
      .slice(0, 4);
    expect(free.length).toBe(4);
    const beforeRename = await auditCluster(resources.databaseUrl);
    const unitVersion = beforeRename.snapshots.get(`unit/${free[0]}`)!.version;

    const reprioritise = Array.from({ length: 24 }, (_, i) =>
      clients[i % 3].request('POST', `/api/v1/incidents/${incidents[i % 2]}/reprioritise`, {
        priority: (i % 4) + 1,
        reason: `from node ${(i % 3) + 1}`,
      }),
    );
    const renames = Array.from({ length: 12 }, (_, i) =>
      admins[i % 3].request('PATCH', `/api/v1/units/${free[0]}`, { name: `renamed ${i}` }),
    );
    // The same three units offered to both incidents from all three nodes at once.
    const dispatches = Array.from({ length: 12 }, (_, i) =>
      clients[i % 3].request('POST', '/api/v1/dispatches', {
        incidentId: incidents[i % 2],
        unitId: free[1 + (i % 3)],
        tier: 3,
      }),
    );
    const answered = await Promise.all([...reprioritise, ...renames]);
    const sent = await Promise.all(dispatches);
    // Nobody sent If-Match: a race between processes is the server's to settle.
    const refused = await Promise.all(
      answered.filter((r) => r?.status !== 200).map(async (r) => `${r?.status} ${await r?.text()}`),
    );
    expect(refused).toEqual([]);
    for (const response of sent) expect([201, 409, 422]).toContain(response?.status);
    const dispatched = sent.filter((r) => r?.status === 201).length;
    const why = await Promise.all(sent.map(async (r) => `${r?.status} ${await r?.clone().text()}`));
    expect(dispatched, why.join('\n')).toBeGreaterThanOrEqual(3);
    for (const response of sent.filter((r) => r?.status === 409)) {
      // A 409 here may only be the domain's "unit is busy", never a lost version race.
      expect(((await response!.json()) as { error: { code: string } }).error.code).not.toBe(
        'ERR_VERSION_CONFLICT',
      );
    }

    const audit = await auditCluster(resources.databaseUrl);
    expect(audit.halfApplied).toEqual([]);
    // Each acknowledged rename is one stored change.
    expect(audit.snapshots.get(`unit/${free[0]}`)!.version).toBe(unitVersion + renames.length);
    // A unit is on at most one dispatch.
    const holders = new Map<string, number>();
    for (const [key, snapshot] of audit.snapshots) {
      if (!key.startsWith('dispatch/')) continue;
      const dispatch = snapshot.data as { unitId: string; status: string };
      if (dispatch.status === 'notified')
        holders.set(dispatch.unitId, (holders.get(dispatch.unitId) ?? 0) + 1);
    }
    expect([...holders.values()].every((count) => count === 1)).toBe(true);
  });

  it('a session made on one node is good on the others (no sticky sessions needed)', async () => {
    const login = await fetch(`${nodes[0].url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(DISPATCHER),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    for (const node of nodes.slice(1)) {
      await expect
        .poll(
          async () => (await fetch(`${node.url}/api/v1/auth/me`, { headers: { cookie } })).status,
          { timeout: 5000 },
        )
        .toBe(200);
    }
  });

  it('a console on node 1 sees a command decided on node 3, in order, and resyncs by sequence on node 2', async () => {
    const console = await openConsole(nodes[0].url);
    console.send({ type: 'subscribe', bbox: [118.7, 32.0, 118.9, 32.1] });
    const snapshot = await console.next((m) => m.type === 'snapshot', 10_000);
    const onNode3 = new ClusterClient(() => [nodes[2].url], DISPATCHER);
    const id = await createIncident(onNode3, 'decided on node 3');
    const isCreated = (m: Message, incidentId: string) =>
      m.type === 'event' && (m.event as { aggregateId: string }).aggregateId === incidentId;
    await console.next((m) => isCreated(m, id), 10_000);
    const seqs = console.received
      .filter((m) => m.type === 'event')
      .map((m) => (m.event as { seq: number }).seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(seqs[0]).toBeGreaterThan(snapshot.seq as number);

    // The console goes away; meanwhile node 3 decides more; it comes back on node 2.
    const lastSeq = seqs[seqs.length - 1];
    console.close();
    const missed = await createIncident(onNode3, 'while the console was away');
    const again = await openConsole(nodes[1].url);
    again.send({ type: 'subscribe', bbox: [118.7, 32.0, 118.9, 32.1], lastSeq });
    const resynced = await again.next((m) => m.type === 'resynced', 10_000);
    expect(resynced.fromSeq).toBe(lastSeq);
    expect(again.received.some((m) => isCreated(m, missed))).toBe(true);
    expect(again.received.some((m) => m.type === 'snapshot')).toBe(false);
  });
});
