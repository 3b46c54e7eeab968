/**
 * Alerts benchmark: `npm run bench:alerts -- [--rate 200] [--seconds 60] [--capacity-seconds 5]
 * [--store sqlite|postgres] [--json]` beside the running Nanjing demo: `startServer` with `demo: true` (SQLite file, real
 * routing, the demo seed, its camera and school gate posting on their own, the scheduler and the
 * alert chains on the leader), listening on a free port.
 * Prints a summary on stderr and, last on stdout, one JSON line:
 * {"cap_per_s":n,"webhook_per_s":n,"alert_to_grid_worker_ms":{"p50":x,"p99":x}}
 * - cap_per_s / webhook_per_s: CAP 1.2 messages / signed partner events taken per second, one
 *   after another, for --capacity-seconds each, with the demo running (capacity).
 * - alert_to_grid_worker_ms: while alerts arrive at --rate per second for --seconds (open loop,
 *   CAP and signed webhooks alternating, in-process requests), once a second a crowd alert of a
 *   zone whose rule sends the grid worker at once: from the committed alert (on the bus) to the
 *   dispatch frame on the grid worker's device socket (a real WebSocket in device mode).
 * No assertions: the machine is shared and noisy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { capSample, squareAround } from '@jiefang/core';
import { LatencyPercentiles } from '@jiefang/core/latency-percentiles';
import { writeGraphFile } from '@jiefang/routing';
import { signedHeaders } from '../src/alerts/webhook-signature.ts';
import { defaultConfig } from '../src/config.ts';
import { clusterResources } from '../src/test-support/cluster-resources.ts';
import { startServer } from '../src/start-server.ts';
import { LiveTestClient, type Message } from '../src/test-support/live-test-client.ts';
import { demoCityGraph } from '../src/test-support/test-server.ts';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '60' },
    'capacity-seconds': { type: 'string', default: '5' },
    /** `sqlite` (a file, the embedded default) or `postgres` (a schema of its own on the CI server). */
    store: { type: 'string', default: 'sqlite' },
    json: { type: 'boolean', default: false },
  },
});
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const CAPACITY_SECONDS = Number(values['capacity-seconds']);
const log = (line: string) => process.stderr.write(`${line}\n`);
const round = (v: number | null) => Math.round((v ?? Number.NaN) * 100) / 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const directory = mkdtempSync(join(tmpdir(), 'jiefang-bench-alerts-'));
const postgres = values.store === 'postgres' ? clusterResources() : undefined;
writeGraphFile(join(directory, 'city.graph'), await demoCityGraph());
const server = await startServer(
  defaultConfig({
    databaseUrl: postgres?.databaseUrl ?? join(directory, 'bench.db'),
    cityGraph: join(directory, 'city.graph'),
    port: 0,
    logLevel: 'silent',
    loginAttemptsPerMinute: 1000,
  }),
  { demo: true, log: () => undefined },
);
const { app, ctx } = server;
const login = async (username: string, password: string) => {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
  });
  return `jf_session=${response.cookies.find((c) => c.name === 'jf_session')!.value}`;
};
const admin = await login('admin', 'admin-demo-2026');
const token = (
  await app.inject({
    method: 'POST',
    url: '/api/v1/tokens',
    headers: { cookie: admin },
    payload: { accountId: 'account-integration', name: 'bench', days: 1 },
  })
).json().token as string;

const postCap = (identifier: string) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/alerts/cap',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/cap+xml' },
    payload: capSample({ identifier }),
  });

// A camera over grid-1's grid worker, and a rule that sends the zone's grid worker at once.
const gridWorkerAt = ctx.positions.positions.get('grid-unit-1')!;
/** A POST as the city admin that must answer 201. */
const created = async (url: string, payload: object) => {
  const response = await app.inject({ method: 'POST', url, headers: { cookie: admin }, payload });
  if (response.statusCode !== 201) throw new Error(`${url}: ${response.body}`);
  return response;
};
const register = await created('/api/v1/partners', {
  id: 'bench-camera',
  orgId: 'station-1',
  name: 'bench camera',
  kind: 'camera',
  zones: [
    {
      id: 'zone-bench',
      name: 'bench',
      orgId: 'grid-1',
      polygon: squareAround({ lon: gridWorkerAt.lon, lat: gridWorkerAt.lat }, 60),
    },
  ],
});
const camera = register.json() as { keyId: string; secret: string };
const postEvent = (event: Record<string, unknown>) => {
  const body = JSON.stringify(event);
  return app.inject({
    method: 'POST',
    url: '/api/v1/partners/bench-camera/events',
    headers: signedHeaders(camera.keyId, camera.secret, body, Date.now()),
    payload: body,
  });
};
const crowdEvent = (id: string, value: number, kind = 'crowd') => ({
  eventId: id,
  occurredAt: new Date().toISOString(),
  kind,
  zoneId: 'zone-bench',
  alertKey: id,
  measure: { name: 'crowd', value },
});

// Capacity, one request after another, with the demo running.
const capacity = async (send: (i: number) => Promise<{ statusCode: number; body: string }>) => {
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < CAPACITY_SECONDS * 1000) {
    const response = await send(count);
    if (response.statusCode >= 300) throw new Error(`capacity: ${response.body}`);
    count++;
  }
  return count / ((performance.now() - started) / 1000);
};
const capPerS = await capacity((i) => postCap(`CAPACITY-${i}`));
log(`store: ${values.store}; CAP capacity: ${capPerS.toFixed(1)}/s`);
// Counts no rule matches: intake only.
const webhookPerS = await capacity((i) =>
  postEvent(crowdEvent(`capacity-${i}`, 10, 'crowd_count')),
);
log(`webhook capacity: ${webhookPerS.toFixed(1)}/s`);

await created('/api/v1/area-rules', {
  id: 'bench-rule',
  orgId: 'station-1',
  name: 'bench crowd',
  categoryCode: 'crowd',
  match: {
    sources: ['webhook'],
    senders: ['bench-camera'],
    events: ['crowd'],
    persistence: { measure: 'crowd', min: 50, forSeconds: 0 },
  },
  steps: [{ kind: 'grid_worker', afterSeconds: 0 }],
});

// The grid workers' phones: device-mode sockets following grid-1's and grid-2's units.
const dispatcher = await login('dispatcher', 'dispatcher-demo-2026');
const phones = await Promise.all(
  ['grid-unit-1', 'grid-unit-2'].map(async (unitId) => {
    const phone = await LiveTestClient.open(`${server.url.replace('http', 'ws')}/api/v1/live`, {
      cookie: dispatcher,
    });
    phone.send({ type: 'device', unitId });
    await phone.next((m) => m.type === 'device');
    return phone;
  }),
);
const dispatchFrame = (m: Message) =>
  m.type === 'event' && (m.event as { type: string }).type === 'dispatch.created';

// Open-loop load: one request every 1000/RATE ms, CAP and webhooks alternating.
const intake = new LatencyPercentiles();
const latency = new LatencyPercentiles();
const outcomes = { ok: 0, failed: 0 };
const pending = new Set<Promise<void>>();
let running = true;
const load = (async () => {
  const interval = 1000 / RATE;
  const started = performance.now();
  for (let i = 0; running; i++) {
    const wait = started + i * interval - performance.now();
    if (wait > 1) await sleep(wait);
    if (performance.now() - started >= SECONDS * 1000) break;
    const sentAt = performance.now();
    const request = (
      i % 2 === 0 ? postCap(`LOAD-${i}`) : postEvent(crowdEvent(`load-${i}`, 10, 'crowd_count'))
    )
      .then((response) => {
        intake.record(performance.now() - sentAt);
        if (response.statusCode < 300) outcomes.ok++;
        else outcomes.failed++;
      })
      .catch(() => void outcomes.failed++)
      .finally(() => pending.delete(request));
    pending.add(request);
  }
})();

// Once a second, a crowd alert that sends the grid worker; timed to the phone's frame.
const loadStarted = performance.now();
let samples = 0;
let missed = 0;
while (performance.now() - loadStarted < SECONDS * 1000) {
  const tickAt = performance.now();
  const id = `sample-${samples}`;
  let committedAt = 0;
  const stopCommitted = ctx.bus.subscribe(
    (event) => {
      if (!committedAt && JSON.stringify(event.payload).includes(id))
        committedAt = performance.now();
    },
    ['alert.received'],
  );
  const before = phones.map((p) => p.received.length);
  const frame = Promise.any(
    phones.map((phone, i) =>
      phone.next((m) => dispatchFrame(m) && phone.received.indexOf(m) >= before[i], 10_000),
    ),
  ).then((m) => ({ message: m, at: performance.now() }));
  // Awaited below; a sample whose frame never comes must not end the run as an unhandled rejection.
  frame.catch(() => undefined);
  const response = await postEvent(crowdEvent(id, 80));
  if (response.statusCode !== 200) throw new Error(`sample: ${response.body}`);
  try {
    const { message, at } = await frame;
    latency.record(at - committedAt);
    const dispatchId = (message.event as { aggregateId: string }).aggregateId;
    // Free the grid worker for the next sample.
    await app.inject({
      method: 'POST',
      url: `/api/v1/dispatches/${dispatchId}/cancel`,
      headers: { cookie: admin },
      payload: { reason: 'bench' },
    });
  } catch {
    missed++;
  }
  stopCommitted();
  samples++;
  const rest = 1000 - (performance.now() - tickAt);
  if (rest > 0) await sleep(rest);
}
running = false;
await load;
await Promise.all(pending);
const elapsed = (performance.now() - loadStarted) / 1000;
log(
  `load: ${outcomes.ok} alerts taken, ${outcomes.failed} refused in ${elapsed.toFixed(1)} s (${(outcomes.ok / elapsed).toFixed(1)}/s offered ${RATE}/s); intake p50 ${round(intake.at(0.5))} ms, p99 ${round(intake.at(0.99))} ms`,
);
log(
  `alert → grid worker's phone: p50 ${round(latency.at(0.5))} ms, p99 ${round(latency.at(0.99))} ms over ${latency.count} alerts (${missed} without a frame in 10 s)`,
);
for (const phone of phones) phone.close();
await server.close();
await postgres?.cleanup();
rmSync(directory, { recursive: true, force: true });

const result = {
  cap_per_s: round(capPerS),
  webhook_per_s: round(webhookPerS),
  alert_to_grid_worker_ms: { p50: round(latency.at(0.5)), p99: round(latency.at(0.99)) },
};
process.stdout.write(`${values.json ? JSON.stringify(result) : JSON.stringify(result, null, 2)}\n`);
