/**
 * `npm run load -- --responders 41000 --police 3000 --incidents-per-s 5 --position-interval-s 10
 *  --duration-s 120 --json [--device-processes K] [--device-gateways N]
 *  [--close-incidents] [--url http://127.0.0.1:8080 --key <seed key> [--device-url …]]
 *  [--nodes N --db postgres://… --bus nats://…]`
 *
 * Guangzhou-scale load on loopback: seeds a load organisation into a fresh SQLite store, starts
 * `jiefang serve` on it as its own process, opens one WebSocket per device in device mode,
 * reports positions, creates incidents and dispatches them with the one key, and measures.
 *
 * No process may hold more than the open-file limit (20,000 here) of sockets, so past 15,000
 * devices the server runs device gateways (`--device-gateways N`, one per 15,000 devices, child
 * processes sharing one device port), and the devices always run in child processes of their
 * own (K, one per 15,000 devices), each with its own loopback source addresses; this process
 * keeps the dispatcher and the measurements.
 *
 * `--nodes N` starts N `jiefang serve --bus` processes on one PostgreSQL (a fresh database or
 * schema: `--db postgres://…?schema=load`) and one NATS JetStream; the device processes are
 * spread over the nodes, the dispatcher works on the first. `--db` alone puts the single
 * server on that store instead of a fresh SQLite file.
 *
 * Progress goes to stderr; the last stdout line is
 * {"positions_per_s","incidents","intake_to_recommendation_ms":{p50,p99},
 *  "dispatch_to_device_ms":{p50,p99},"errors","rss_mb_start","rss_mb_end","nodes"}, where
 * - dispatch_to_device_ms is from the server applying the dispatch (the `dispatch.created`
 *   event's `at`) to a phone of the unit receiving that event, per phone, clamped at 0 (same
 *   clock, whole milliseconds); the log adds send → phone, from the dispatcher's one-key
 *   request, which also holds intake, recommendation and the HTTP round trip;
 * - rss_mb_* is the whole server: its process and all its descendants (the gateways), after the
 *   warm-up and after the run.
 */
import { parseArgs } from 'node:util';
import { runLoad } from './load-run.ts';

const { values } = parseArgs({
  options: {
    responders: { type: 'string', default: '41000' },
    police: { type: 'string', default: '3000' },
    'incidents-per-s': { type: 'string', default: '5' },
    'position-interval-s': { type: 'string', default: '10' },
    'duration-s': { type: 'string', default: '120' },
    // The warm-up runs the whole workload, dispatching included. Under the Guangzhou load the
    // server's heap grew for ~90 s after dispatching began and then held (a 300 s run: core
    // 508 → 648 MB by then, 607–651 MB for the 210 s after); 120 s leaves a margin.
    'warmup-s': { type: 'string', default: '120' },
    'device-processes': { type: 'string' },
    'device-gateways': { type: 'string' },
    url: { type: 'string' },
    'device-url': { type: 'string' },
    key: { type: 'string' },
    city: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'cpu-prof-dir': { type: 'string' },
    'close-incidents': { type: 'boolean', default: false },
    nodes: { type: 'string', default: '1' },
    db: { type: 'string' },
    bus: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

function number(name: keyof typeof values, min: number, max: number): number {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value < min || value > max) {
    process.stderr.write(`--${name} must be a number from ${min} to ${max}\n`);
    process.exit(2);
  }
  return value;
}

/** An optional count: undefined when not given (the run picks one from the device count). */
function count(name: 'device-processes' | 'device-gateways', min: number): number | undefined {
  return values[name] === undefined ? undefined : Math.floor(number(name, min, 64));
}

function usage(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

if (values.url && values['device-gateways'] !== undefined)
  usage('--device-gateways starts the server with gateways; with --url give them as --device-url');
if (values['device-url'] && !values.url) usage('--device-url needs --url (the main port)');

const log = (line: string) => process.stderr.write(`${line}\n`);
try {
  const report = await runLoad({
    responders: Math.floor(number('responders', 0, 200_000)),
    police: Math.floor(number('police', 0, 50_000)),
    incidentsPerS: number('incidents-per-s', 0.1, 200),
    positionIntervalS: number('position-interval-s', 0.5, 600),
    durationS: number('duration-s', 1, 3600),
    warmupS: number('warmup-s', 0, 600),
    url: values.url,
    deviceUrl: values['device-url'],
    deviceProcesses: count('device-processes', 1),
    deviceGateways: count('device-gateways', 0),
    key: values.key ?? process.env.JIEFANG_LOAD_KEY,
    city: values.city,
    seed: Math.floor(number('seed', 1, 2 ** 30)),
    profileDir: values['cpu-prof-dir'],
    closeIncidents: values['close-incidents'],
    nodes: Math.floor(number('nodes', 1, 16)),
    databaseUrl: values.db,
    busUrl: values.bus,
    log,
  });
  if (!values.json) log(JSON.stringify(report, null, 2));
  process.stdout.write(`${JSON.stringify(report)}\n`);
  // Sockets and keep-alive connections are closed; leave without waiting on their timers.
  setTimeout(() => process.exit(report.errors === 0 ? 0 : 1), 100).unref();
} catch (error) {
  log(`load: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
