import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as connectTcp, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterResources, type ClusterResources } from '../src/test-support/cluster-resources.ts';
import { LiveTestClient } from '../src/test-support/live-test-client.ts';
import { startTestServer, type TestServer } from '../src/test-support/test-server.ts';
import { AggregateType } from '../src/world/aggregate-types.ts';

/*
 * NATS restarted under load: a PRIVATE nats-server (own port, own store directory; the
 * machine's shared one is never touched) is killed while two servers keep taking commands, and
 * started again. Worlds catch up from the store; no console misses an event.
 */
const port = 20000 + Math.floor(Math.random() * 40000);
const storeDir = mkdtempSync(join(tmpdir(), 'jiefang-nats-'));

function listening(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectTcp(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function startNats(): Promise<ChildProcess> {
  const child = spawn(
    'nats-server',
    ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir],
    {
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 100 && !(await listening()); i++)
    await new Promise((r) => setTimeout(r, 100));
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('NATS restarted under load', () => {
  let nats: ChildProcess;
  let resources: ClusterResources;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    nats = await startNats();
    resources = clusterResources(`nats://127.0.0.1:${port}`);
    const config = { busUrl: resources.busUrl };
    a = await startTestServer({ databaseUrl: resources.databaseUrl, config });
    b = await startTestServer({ databaseUrl: resources.databaseUrl, config });
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await resources?.cleanup().catch(() => {});
    await kill(nats);
    rmSync(storeDir, { recursive: true, force: true });
  });

  it('worlds catch up from the store and consoles on both processes miss no event', async () => {
    const consoles: LiveTestClient[] = [];
    for (const server of [a, b]) {
      await server.app.listen({ port: 0, host: '127.0.0.1' });
      const url = `ws://127.0.0.1:${(server.app.server.address() as AddressInfo).port}/api/v1/live`;
      const console = await LiveTestClient.open(url, { cookie: await server.cookie('dispatcher') });
      console.send({ type: 'subscribe', bbox: [...server.ctx.router.city.meta.bbox] });
      await console.next((m) => m.type === 'snapshot');
      consoles.push(console);
    }
    const at = a.seed.startPositions.get('police-1-1')!;
    const acked: string[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const incident = await [a, b][i % 2].createIncident(at, { description: `load ${i}` });
        acked.push(incident.id);
      }
    })();
    const count = (n: number) => async () => {
      while (acked.length < n) await new Promise((r) => setTimeout(r, 20));
    };
    await count(10)();
    await kill(nats);
    const whileDown = acked.length;
    await count(whileDown + 10)(); // commands go on while the broker is away
    nats = await startNats();
    await count(acked.length + 10)();
    writing = false;
    await writer;

    for (const server of [a, b]) {
      await expect
        .poll(() => acked.filter((id) => !server.ctx.world.get(AggregateType.incident, id)), {
          timeout: 15_000,
        })
        .toEqual([]);
    }
    for (const console of consoles) {
      const created = () =>
        new Set(
          console.received
            .filter((m) => m.type === 'event')
            .map((m) => m.event as { aggregateId: string; type: string })
            .filter((e) => e.type === 'incident.created')
            .map((e) => e.aggregateId),
        );
      await expect
        .poll(() => acked.filter((id) => !created().has(id)), { timeout: 15_000 })
        .toEqual([]);
      const seqs = console.received
        .filter((m) => m.type === 'event')
        .map((m) => (m.event as { seq: number }).seq);
      // In order, each once.
      expect(seqs).toEqual([...new Set(seqs)].sort((x, y) => x - y));
      console.close();
    }
  }, 120_000);
});
