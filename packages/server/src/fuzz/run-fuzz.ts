import type { AddressInfo } from 'node:net';
import { startFuzzTarget } from './fuzz-target.ts';
import { fuzzHttp, type FuzzReport } from './http-fuzzer.ts';
import { fuzzLiveSocket, type SocketFuzzReport } from './socket-fuzzer.ts';

export interface FuzzSummary {
  requests: number;
  by_status: FuzzReport['by_status'];
  status_5xx: number;
  crashes: number;
  undocumented_error_bodies: number;
  /** Resent requests answered otherwise than the first, reused keys not refused. */
  idempotency_violations: number;
  /** Keys reused with another body after a first request with that key succeeded. */
  idempotency_probes: number;
  socket: Omit<SocketFuzzReport, 'findings'>;
  findings: (FuzzReport['findings'][number] | SocketFuzzReport['findings'][number])[];
}

/**
 * The whole fuzz run: HTTP requests from the OpenAPI document, then live-socket frames, against
 * one real server. A "crash" is an exception or rejection nobody handled while it ran, or a
 * server that no longer answers afterwards.
 */
export async function runFuzz(options: {
  requests: number;
  seed: number;
  onProgress?: (done: number) => void;
}): Promise<FuzzSummary> {
  let crashes = 0;
  const onCrash = () => crashes++;
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  const { server, target } = await startFuzzTarget();
  try {
    const http = await fuzzHttp(target, options);
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = server.app.server.address() as AddressInfo;
    const socket = await fuzzLiveSocket(target, {
      url: `ws://127.0.0.1:${port}/api/v1/live`,
      framesPerRole: Math.max(20, Math.round(options.requests / 50)),
      seed: options.seed,
    });
    const health = await server.app.inject({ method: 'GET', url: '/health' });
    if (health.statusCode !== 200) crashes++;
    const { findings: socketFindings, ...socketCounts } = socket;
    return {
      requests: http.requests,
      by_status: http.by_status,
      status_5xx: http.status_5xx,
      crashes,
      undocumented_error_bodies: http.undocumented_error_bodies + socket.undocumented_error_frames,
      idempotency_violations: http.idempotency_violations,
      idempotency_probes: http.idempotency_probes,
      socket: socketCounts,
      findings: [...http.findings, ...socketFindings],
    };
  } finally {
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    await server.close();
  }
}
