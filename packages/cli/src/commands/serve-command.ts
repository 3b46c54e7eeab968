import { existsSync } from 'node:fs';
import { defaultConfig, startServer, type RunningServer } from '@jiefang/server';
import { requireOption, parseCliArgs } from '../arguments.ts';
import { CliUsageError } from '../cli-error.ts';
import { basemapPathOf } from './import-command.ts';

export const serveUsage = `jiefang serve --db <url> --city <city.graph> [--port 8080] [--host 127.0.0.1] [--demo]
             [--device-gateways N] [--device-port P] [--bus nats://127.0.0.1:4222]
  Runs the dispatch server. --db is postgres://… or a SQLite file path (DATABASE_URL works too);
  an empty database gets a root org and an admin (JIEFANG_ADMIN_PASSWORD, or a printed one);
  --demo seeds the demo organisation, units and logins from the city's places instead.
  --device-gateways N forks N processes that hold phones' WebSockets on one device port
  (--device-port, 0 = a free one), for fleets larger than one process's open-file limit.
  --bus nats://… (BUS_URL) joins a cluster: several processes on one PostgreSQL --db share
  committed events over NATS JetStream (?stream=NAME picks the stream, default jiefang).`;

/** The bus URL if one is given: NATS only, and only beside a database several processes share. */
export function parseBusOption(bus: string | undefined, databaseUrl: string): string {
  if (bus === undefined || bus === '') return '';
  if (!/^nats:\/\/[^/?#\s]+(\?[^#\s]*)?$/.test(bus))
    throw new CliUsageError(`--bus must be nats://host:port[?stream=NAME], got '${bus}'`);
  if (!/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new CliUsageError(
      '--bus needs --db postgres://… (processes of a cluster share one database)',
    );
  return bus;
}

export function parsePort(text: string | undefined, flag = '--port'): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliUsageError(`${flag} must be 0-65535, got '${text}'`);
  return port;
}

/** Stops cleanly on Ctrl-C or a service manager's TERM: flushes tracks, closes the store. */
export function stopOnSignals(
  server: RunningServer,
  simulator?: { stop(): Promise<void> | void },
): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void Promise.resolve(simulator?.stop())
      .then(() => server.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // A server a tool started (npm run load, chaos) must not outlive the tool, even one killed
  // with SIGKILL that could not stop it: an orphan is re-parented, so its parent pid changes.
  if (process.env.JIEFANG_EXIT_WITH_PARENT === '1') {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) stop();
    }, 1000).unref();
  }
}

export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseCliArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      city: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      demo: { type: 'boolean', default: false },
      'device-gateways': { type: 'string' },
      'device-port': { type: 'string' },
      bus: { type: 'string' },
    },
  });
  const gatewaysText = values['device-gateways'] ?? process.env.DEVICE_GATEWAYS;
  const deviceGateways = gatewaysText === undefined ? 0 : Number(gatewaysText);
  if (!Number.isInteger(deviceGateways) || deviceGateways < 0 || deviceGateways > 64)
    throw new CliUsageError(`--device-gateways must be 0-64, got '${gatewaysText}'`);
  const devicePort = parsePort(values['device-port'] ?? process.env.DEVICE_PORT, '--device-port');
  const cityGraph = requireOption(values.city ?? process.env.CITY_GRAPH, '--city');
  const basemap = process.env.BASEMAP ?? basemapPathOf(cityGraph);
  const databaseUrl = requireOption(values.db ?? process.env.DATABASE_URL, '--db');
  const config = defaultConfig({
    databaseUrl,
    busUrl: parseBusOption(values.bus ?? process.env.BUS_URL, databaseUrl),
    cityGraph,
    basemap: existsSync(basemap) ? basemap : '',
    ...(values.host ? { host: values.host } : {}),
    ...(parsePort(values.port) !== undefined ? { port: parsePort(values.port)! } : {}),
    deviceGateways,
    devicePort: devicePort ?? 0,
  });
  const server = await startServer(config, { demo: values.demo });
  stopOnSignals(server);
  return new Promise<number>(() => {});
}
