/**
 * Dispatch benchmark: `npm run bench:dispatch -- [--units 50000] [--json]` on the Columbus graph.
 * Prints a summary on stderr and, last on stdout, one JSON line:
 * {"units":N,"recommend":{"p50_ms","p99_ms","http_station_dispatcher_p50_ms","http_station_dispatcher_p99_ms"},
 *  "ingest":{"in_process_per_s","websocket_per_s","websocket_via_gateways_per_s"},
 *  "command":{"create_incident_p50_ms","p99_ms"}}
 * `recommend.p50_ms`/`p99_ms` time `recommendFromFleet` alone, in process, over every unit (no plan
 * lookup, no scope); `recommend.http_station_dispatcher_*` time GET /incidents/:id/recommendation
 * over HTTP with the session of a dispatcher of one of two stations (session, incident and plan
 * lookup, the exclusion of the other station's units, serialisation). `command` is POST
 * /incidents over HTTP as that same dispatcher.
 * No assertions: the machines are shared and noisy; quote medians and ratios from one run.
 */
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  DEFAULT_RESPONSE_PLANS,
  recommendFromFleet,
  selectPlan,
  type EmergencyUnit,
  type GridUnit,
  type Incident,
  type PoliceUnit,
  type Unit,
} from '@jiefang/core';
import { latencyPercentile as percentile } from '@jiefang/core/latency-percentiles';
import { CityRouter, importOsm } from '@jiefang/routing';
import { openStore } from '@jiefang/store';
import { createServer } from '../src/app.ts';
import { DeviceGateways } from '../src/gateway/device-gateways.ts';
import { defaultConfig } from '../src/config.ts';
import type { Account } from '../src/auth/account.ts';
import { hashSecret, newSecret } from '../src/auth/authenticate.ts';
import { hashPassword } from '../src/auth/password.ts';
import { orgPart } from '../src/commands/aggregate-parts.ts';
import { accountCommand, credentialCommand } from '../src/routes/account-commands.ts';
import { measureWebSocketIngest } from './websocket-ingest.ts';
import { logIn, measureHttpRecommendation, measureIncidentCreation } from './incident-creation.ts';

const { values } = parseArgs({
  options: {
    units: { type: 'string', default: '50000' },
    osm: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const here = fileURLToPath(new URL('.', import.meta.url));
const osm = values.osm ?? resolve(here, '../../../../shared/data/osm-columbus/columbus.osm.pbf');
const UNITS = Number(values.units);
const log = (line: string) => process.stderr.write(`${line}\n`);
let seed = 20261128;
const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
const round = (v: number) => Math.round(v * 1000) / 1000;

const router = new CityRouter(await importOsm(osm));
const directory = mkdtempSync(join(tmpdir(), 'jiefang-bench-dispatch-'));
const store = await openStore(join(directory, 'bench.db'));
const config = defaultConfig({ databaseUrl: join(directory, 'bench.db'), logLevel: 'silent' });
const server = await createServer(config, {
  store,
  router,
  positions: { flushIntervalMs: 60_000, maxQueue: 1_000_000 },
});
const { ctx } = server;
const tracker = ctx.positions;

// A city, one district and two stations; units belong to the stations, half each, so that a
// station dispatcher's recommendation has the other half to exclude. One admin with a bearer
// token (what devices and integrations use) and one dispatcher of station 1 (a browser session).
for (const org of [
  { id: 'city', parentId: null, kind: 'city' as const, name: 'Columbus' },
  { id: 'district-1', parentId: 'city', kind: 'district' as const, name: 'District 1' },
  { id: 'station-1', parentId: 'district-1', kind: 'station' as const, name: 'Station 1' },
  { id: 'station-2', parentId: 'district-1', kind: 'station' as const, name: 'Station 2' },
]) {
  await ctx.commands.execute(orgPart(ctx, org.id, { type: 'create', org }), null);
}
const admin: Account = {
  id: 'bench-admin',
  username: 'bench-admin',
  displayName: 'Benchmark',
  orgId: 'city',
  roles: ['admin'],
  unitIds: [],
  passwordHash: await hashPassword('bench-password-not-secret'),
  disabled: false,
};
await ctx.commands.execute(accountCommand(ctx, { type: 'create', account: admin }), null);
const DISPATCHER_PASSWORD = 'bench-dispatcher-not-secret';
const dispatcher: Account = {
  id: 'bench-dispatcher',
  username: 'bench-dispatcher',
  displayName: 'Station 1 dispatcher',
  orgId: 'station-1',
  roles: ['dispatcher'],
  unitIds: [],
  passwordHash: await hashPassword(DISPATCHER_PASSWORD),
  disabled: false,
};
await ctx.commands.execute(accountCommand(ctx, { type: 'create', account: dispatcher }), null);
const token = newSecret();
await ctx.commands.execute(
  credentialCommand({
    type: 'issue',
    credential: {
      id: hashSecret(token),
      kind: 'api_token',
      userId: admin.id,
      orgId: 'city',
      createdAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 86400_000).toISOString(),
      revoked: false,
    },
  }),
  null,
);

// A city of units spread over the network: 70 % community (walk), 15 % grid (bike), 15 % police.
const drive = router.graph('drive');
const randomPlace = () => {
  const v = Math.floor(random() * drive.nodeCount);
  return {
    lon: drive.nodeLon[v] + (random() - 0.5) * 0.002,
    lat: drive.nodeLat[v] + (random() - 0.5) * 0.002,
  };
};
const units: Unit[] = [];
for (let i = 0; i < UNITS; i++) {
  const r = random();
  const base = {
    id: `u${i}`,
    name: `unit ${i}`,
    orgId: i % 2 === 0 ? 'station-1' : 'station-2',
    status: 'available' as const,
    talkGroupIds: [],
  };
  const unit: Unit =
    r < 0.7
      ? ({
          ...base,
          kind: 'community',
          profile: 'walk',
          turnoutSeconds: 10,
          siteId: `s${i}`,
          members: [],
          equipment: [],
        } satisfies EmergencyUnit)
      : r < 0.85
        ? ({
            ...base,
            kind: 'grid',
            profile: 'bike',
            turnoutSeconds: 20,
            members: [],
          } satisfies GridUnit)
        : ({
            ...base,
            kind: 'police',
            mode: 'car',
            profile: 'drive',
            turnoutSeconds: 30,
          } satisfies PoliceUnit);
  units.push(unit);
  // Straight into the in-memory world: 50,000 registrations through the event log would time the
  // store, not dispatch (that is measured below by incident creation).
  ctx.world.apply({ aggregateType: 'unit', aggregateId: unit.id, version: 1, data: unit });
}

// In-process ingest: validate, snap to the unit's network, keep, queue for the tracks table.
// Four passes over the fleet, each unit moving a little; the first warms the JIT.
const fixes = units.map(() => randomPlace());
const now = Date.now();
const passRates: number[] = [];
for (let pass = 0; pass < 4; pass++) {
  const started = performance.now();
  for (let i = 0; i < units.length; i++) {
    const fix = fixes[i];
    tracker.report(units[i], {
      lon: fix.lon + pass * 1e-5,
      lat: fix.lat,
      at: now + pass,
      accuracyM: 8,
    });
  }
  passRates.push(units.length / ((performance.now() - started) / 1000));
}
const inProcessPerSecond = percentile(passRates.slice(1), 0.5);
log(
  `ingest in process: ${Math.round(inProcessPerSecond)} positions/s (median of 3 passes over ${units.length} units, snapped)`,
);

// Recommendation against all units' live positions, through the server's fleet index (units
// and positions in typed columns, kept in step by the world and the position tracker).
const clock = { now: () => now + 5_000 };
const recommendMs: number[] = [];
for (let q = 0; q < 230; q++) {
  const place = randomPlace();
  const incident: Incident = {
    id: `i${q}`,
    orgId: 'city',
    source: 'call',
    categoryCode: 'fight',
    priority: 1,
    policeMatter: true,
    location: place,
    description: 'bench',
    receivedAt: new Date(now).toISOString(),
    createdAt: new Date(now).toISOString(),
    status: 'open',
    workflow: {
      stage: 'analyse',
      enteredAt: new Date(now).toISOString(),
      history: [],
      escalations: [],
    } as unknown as Incident['workflow'],
  };
  const plan = selectPlan(DEFAULT_RESPONSE_PLANS, incident.categoryCode, incident.priority);
  const started = performance.now();
  recommendFromFleet(incident, plan, ctx.fleet, clock);
  const elapsed = performance.now() - started;
  if (q >= 30) recommendMs.push(elapsed); // first runs warm the JIT
}
log(
  `recommend (${UNITS} units): p50 ${percentile(recommendMs, 0.5).toFixed(2)} ms, p99 ${percentile(recommendMs, 0.99).toFixed(2)} ms`,
);

const websocketPerSecond = await measureWebSocketIngest(server, units, token, log);
// The same clients through two device gateways: what the relay over IPC costs the hub.
const gateways = await DeviceGateways.start(ctx, ctx.services.live!, {
  count: 2,
  host: '127.0.0.1',
  port: 0,
  log,
});
const gatewayPerSecond = await measureWebSocketIngest(server, units, token, log, {
  baseUrl: gateways.url,
});
await gateways.close();
// The ingest phases left ~a million fixes for the tracks table; written first, so the figure is
// incident creation's own and not a backlog's (the track thread shares the file's write lock).
const flushStarted = performance.now();
await tracker.flush();
log(`tracks backlog written in ${Math.round(performance.now() - flushStarted)} ms`);
const baseUrl = server.app.server.listening
  ? `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`
  : await server.app.listen({ host: '127.0.0.1', port: 0 });
const session = await logIn(baseUrl, dispatcher.username, DISPATCHER_PASSWORD);
const creation = await measureIncidentCreation(server, session, log);
// The first 230 of those incidents, each asked for its recommendation as that dispatcher.
const httpRecommend = await measureHttpRecommendation(
  session,
  creation.incidentIds.slice(0, 230),
  log,
);

const report = {
  units: UNITS,
  graph: { nodes: drive.nodeCount, edges: drive.edgeCount },
  recommend: {
    p50_ms: round(percentile(recommendMs, 0.5)),
    p99_ms: round(percentile(recommendMs, 0.99)),
    http_station_dispatcher_p50_ms: round(percentile(httpRecommend.samples, 0.5)),
    http_station_dispatcher_p99_ms: round(percentile(httpRecommend.samples, 0.99)),
  },
  ingest: {
    in_process_per_s: Math.round(inProcessPerSecond),
    websocket_per_s: websocketPerSecond,
    websocket_via_gateways_per_s: gatewayPerSecond,
  },
  command: creation.figures,
};
await tracker.close();
await server.close();
await store.close();
// The live hub keeps timers for the sockets of the run; the report is printed, so leave now.
setTimeout(() => process.exit(0), 100).unref();
if (!values.json) log(JSON.stringify(report, null, 2));
process.stdout.write(`${JSON.stringify(report)}\n`);
