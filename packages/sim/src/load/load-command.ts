/**
 * `npm run load -- --responders 41000 --police 3000 --incidents-per-s 5 --position-interval-s 10
 *  --duration-s 120 --json [--url http://127.0.0.1:8080 --key <seed key>]`
 *
 * Guangzhou-scale load on loopback: seeds a load organisation into a fresh SQLite store, starts
 * `jiefang serve` on it as its own process (the server and the devices each get a core), opens
 * one WebSocket per device in device mode, reports positions, creates incidents and dispatches
 * them with the one key, and measures. Progress goes to stderr; the last stdout line is
 * {"positions_per_s","incidents","intake_to_recommendation_ms":{p50,p99},
 *  "dispatch_to_device_ms":{p50,p99},"errors","rss_mb_start","rss_mb_end"}.
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
    'warmup-s': { type: 'string', default: '20' },
    url: { type: 'string' },
    key: { type: 'string' },
    city: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'cpu-prof-dir': { type: 'string' },
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
    key: values.key ?? process.env.JIEFANG_LOAD_KEY,
    city: values.city,
    seed: Math.floor(number('seed', 1, 2 ** 30)),
    profileDir: values['cpu-prof-dir'],
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
