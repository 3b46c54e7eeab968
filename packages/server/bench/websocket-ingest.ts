import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import type { Unit } from '@jiefang/core';
import type { JiefangServer } from '../src/app.ts';

/**
 * Positions per second through `/api/v1/live` on loopback: device clients in a worker thread
 * (the second core, as phones are other machines) send `positions` frames of 100 fixes over
 * several sockets, each keeping two frames in flight; the figure counts fixes the server
 * accepted (validated, snapped, stored in memory, queued for the tracks table) per second.
 */
export async function measureWebSocketIngest(
  server: JiefangServer,
  units: readonly Unit[],
  token: string,
  log: (line: string) => void,
  options: {
    connections?: number;
    seconds?: number;
    /** Another door to the same hub (device gateways); default: the server's own port. */
    baseUrl?: string;
  } = {},
): Promise<number> {
  const address =
    options.baseUrl ??
    (server.app.server.listening
      ? `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`
      : await server.app.listen({ host: '127.0.0.1', port: 0 }));
  const url = `${address.replace('http', 'ws')}/api/v1/live`;
  const drive = server.ctx.router.graph('drive');
  const places = units.map((_, i) => {
    const v = (i * 7919) % drive.nodeCount;
    return [drive.nodeLon[v], drive.nodeLat[v]];
  });
  const worker = new Worker(new URL('./websocket-clients.mjs', import.meta.url), {
    workerData: {
      url,
      token,
      unitIds: units.map((u) => u.id),
      places,
      connections: options.connections ?? 20,
      seconds: options.seconds ?? 5,
    },
  });
  const result = await new Promise<{ accepted: number; rejected: number; seconds: number }>(
    (resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    },
  );
  await worker.terminate();
  const perSecond = Math.round(result.accepted / result.seconds);
  log(
    `ingest over WebSocket (${url}): ${perSecond} positions/s (${result.accepted} accepted, ${result.rejected} rejected)`,
  );
  if (result.rejected > 0)
    throw new Error(`${result.rejected} fixes were rejected: the benchmark is invalid`);
  return perSecond;
}
