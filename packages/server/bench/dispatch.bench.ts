/**
 * Dispatch benchmark: `npm run bench:dispatch -- [--units 50000] [--json]` on the Columbus graph.
 * Prints a summary on stderr and, last on stdout, one JSON line:
 * {"units":N,"recommend":{"p50_ms","p99_ms"},"ingest":{"in_process_per_s","websocket_per_s","websocket_via_gateways_per_s"},
 *  "command":{"create_incident_p50_ms","p99_ms"}}
 * No assertions: the machines are shared and noisy; quote medians and ratios from one run.
 */
import { mkdtempSync } from 'node:fs';
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
import { measureIncidentCreation } from './incident-creation.ts';

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
const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
};
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

// One org and one admin with a bearer token (what devices and integrations use).
await ctx.commands.execute(
  orgPart(ctx, 'city', {
    type: 'create',
    org: { id: 'city', parentId: null, kind: 'city', name: 'Columbus' },
  }),
  null,
);
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
    orgId: 'city',
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
const creation = await measureIncidentCreation(server, token, log);

const report = {
  units: UNITS,
  graph: { nodes: drive.nodeCount, edges: drive.edgeCount },
  recommend: {
    p50_ms: round(percentile(recommendMs, 0.5)),
    p99_ms: round(percentile(recommendMs, 0.99)),
  },
  ingest: {
    in_process_per_s: Math.round(inProcessPerSecond),
    websocket_per_s: websocketPerSecond,
    websocket_via_gateways_per_s: gatewayPerSecond,
  },
  command: creation,
};
await tracker.close();
await server.close();
await store.close();
// The live hub keeps timers for the sockets of the run; the report is printed, so leave now.
setTimeout(() => process.exit(0), 100).unref();
if (!values.json) log(JSON.stringify(report, null, 2));
process.stdout.write(`${JSON.stringify(report)}\n`);
