import { existsSync } from 'node:fs';
import { defaultConfig, startServer, type RunningServer } from '@jiefang/server';
import { requireOption, parseCliArgs } from '../arguments.ts';
import { CliUsageError } from '../cli-error.ts';
import { basemapPathOf } from './import-command.ts';

export const serveUsage = `jiefang serve --db <url> --city <city.graph> [--port 8080] [--host 127.0.0.1] [--demo]
             [--device-gateways N] [--device-port P]
  Runs the dispatch server. --db is postgres://… or a SQLite file path (DATABASE_URL works too);
  an empty database gets a root org and an admin (JIEFANG_ADMIN_PASSWORD, or a printed one);
  --demo seeds the demo organisation, units and logins from the city's places instead.
  --device-gateways N forks N processes that hold phones' WebSockets on one device port
  (--device-port, 0 = a free one), for fleets larger than one process's open-file limit.`;

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
  const stop = () => {
    void Promise.resolve(simulator?.stop())
      .then(() => server.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
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
    },
  });
  const gatewaysText = values['device-gateways'] ?? process.env.DEVICE_GATEWAYS;
  const deviceGateways = gatewaysText === undefined ? 0 : Number(gatewaysText);
  if (!Number.isInteger(deviceGateways) || deviceGateways < 0 || deviceGateways > 64)
    throw new CliUsageError(`--device-gateways must be 0-64, got '${gatewaysText}'`);
  const devicePort = parsePort(values['device-port'] ?? process.env.DEVICE_PORT, '--device-port');
  const cityGraph = requireOption(values.city ?? process.env.CITY_GRAPH, '--city');
  const basemap = process.env.BASEMAP ?? basemapPathOf(cityGraph);
  const config = defaultConfig({
    databaseUrl: requireOption(values.db ?? process.env.DATABASE_URL, '--db'),
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
