/**
 * Alerts benchmark: `npm run bench:alerts -- [--seconds 5] [--samples 50] [--json]` on the
 * Nanjing demo city (real SQLite store, real routing, the demo seed, in-process inject).
 * Prints a summary on stderr and, last on stdout, one JSON line:
 * {"cap_per_s":n,"webhook_per_s":n,"alert_to_grid_worker_ms":{"p50":x,"p99":x}}
 * - cap_per_s: CAP 1.2 messages taken per second, one after another, for --seconds.
 * - webhook_per_s: signed partner events taken per second, one after another, for --seconds.
 * - alert_to_grid_worker_ms: from the committed alert to the dispatch of the zone's grid worker,
 *   both as published on the bus the live hub sends to phones from, over
 *   --samples alerts of a rule whose grid-worker step is due at once.
 * No assertions: the machine is shared and noisy.
 */
import { parseArgs } from 'node:util';
import { capSample, type StoredEvent } from '@jiefang/core';
import { startAlertChainRunner } from '../src/alerts/alert-chain-runner.ts';
import {
  postPartnerEvent,
  registerPartner,
  squareAround,
} from '../src/test-support/alert-fixtures.ts';
import { startTestServer } from '../src/test-support/test-server.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    samples: { type: 'string', default: '50' },
    json: { type: 'boolean', default: false },
  },
});
const SECONDS = Number(values.seconds);
const SAMPLES = Number(values.samples);
const log = (line: string) => process.stderr.write(`${line}\n`);
const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
};
const round = (v: number) => Math.round(v * 100) / 100;

const server = await startTestServer();
server.placeUnits();
const admin = await server.cookie('admin');
startAlertChainRunner(server.ctx, { intervalMs: 1000 });
const token = (
  await server.app.inject({
    method: 'POST',
    url: '/api/v1/tokens',
    headers: { cookie: admin },
    payload: { accountId: 'account-integration', name: 'bench', days: 1 },
  })
).json().token as string;

// CAP intake, one message after another.
let capCount = 0;
let started = performance.now();
while (performance.now() - started < SECONDS * 1000) {
  const response = await server.app.inject({
    method: 'POST',
    url: '/api/v1/alerts/cap',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/cap+xml' },
    payload: capSample({ identifier: `BENCH-${capCount}` }),
  });
  if (response.statusCode !== 201) throw new Error(`cap: ${response.body}`);
  capCount++;
}
const capPerS = capCount / ((performance.now() - started) / 1000);
log(`CAP: ${capCount} messages, ${capPerS.toFixed(1)}/s`);

// Signed webhooks, one after another (no rule matches these: intake only).
const square = server.seed.startPositions.get('grid-unit-1')!;
const camera = await registerPartner(server, {
  id: 'bench-camera',
  orgId: 'station-1',
  name: 'bench camera',
  kind: 'camera',
  zones: [{ id: 'zone-bench', name: 'bench', orgId: 'grid-1', polygon: squareAround(square, 60) }],
});
let hookCount = 0;
started = performance.now();
while (performance.now() - started < SECONDS * 1000) {
  const response = await postPartnerEvent(server, camera, {
    eventId: `bench-${hookCount}`,
    occurredAt: new Date().toISOString(),
    kind: 'crowd_count',
    zoneId: 'zone-bench',
    alertKey: `bench-${hookCount}`,
    measure: { name: 'crowd', value: 10 },
  });
  if (response.statusCode !== 200) throw new Error(`webhook: ${response.body}`);
  hookCount++;
}
const webhookPerS = hookCount / ((performance.now() - started) / 1000);
log(`webhooks: ${hookCount} events, ${webhookPerS.toFixed(1)}/s`);

// Alert → the zone's grid worker: a rule whose grid-worker step is due at once.
const rule = await server.app.inject({
  method: 'POST',
  url: '/api/v1/area-rules',
  headers: { cookie: admin },
  payload: {
    id: 'bench-rule',
    orgId: 'station-1',
    name: 'bench crowd',
    categoryCode: 'crowd',
    match: { sources: ['webhook'], events: ['crowd'] },
    steps: [{ kind: 'grid_worker', afterSeconds: 0 }],
  },
});
if (rule.statusCode !== 201) throw new Error(`rule: ${rule.body}`);
const latencies: number[] = [];
for (let i = 0; i < SAMPLES; i++) {
  server.placeUnits();
  // Both moments are taken where the live hub hears them: the committed alert, the dispatch.
  let accepted = 0;
  const stopAccepted = server.ctx.bus.subscribe(() => {
    accepted ||= performance.now();
  }, ['alert.received']);
  const delivered = new Promise<{ event: StoredEvent; at: number }>((resolve) => {
    const stop = server.ctx.bus.subscribe(
      (event) => {
        const payload = event.payload as { unitId?: string };
        if (payload.unitId?.startsWith('grid-unit-')) {
          stop();
          resolve({ event, at: performance.now() });
        }
      },
      ['dispatch.created'],
    );
  });
  const response = await postPartnerEvent(server, camera, {
    eventId: `latency-${i}`,
    occurredAt: new Date().toISOString(),
    kind: 'crowd',
    zoneId: 'zone-bench',
    alertKey: `latency-${i}`,
    measure: { name: 'crowd', value: 80 },
  });
  if (response.statusCode !== 200) throw new Error(`latency webhook: ${response.body}`);
  const { event, at } = await delivered;
  stopAccepted();
  latencies.push(at - accepted);
  // Free the grid worker for the next sample.
  const dispatchId = event.aggregateId;
  const cancel = await server.app.inject({
    method: 'POST',
    url: `/api/v1/dispatches/${dispatchId}/cancel`,
    headers: { cookie: admin },
    payload: { reason: 'bench' },
  });
  if (cancel.statusCode !== 200) throw new Error(`cancel: ${cancel.body}`);
}
const p50 = percentile(latencies, 0.5);
const p99 = percentile(latencies, 0.99);
log(
  `alert → grid worker: p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms over ${SAMPLES} alerts`,
);
await server.close();

const result = {
  cap_per_s: round(capPerS),
  webhook_per_s: round(webhookPerS),
  alert_to_grid_worker_ms: { p50: round(p50), p99: round(p99) },
};
process.stdout.write(`${values.json ? JSON.stringify(result) : JSON.stringify(result, null, 2)}\n`);
