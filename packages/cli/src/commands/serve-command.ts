import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultConfig, startServer, type RunningServer } from '@jiefang/server';
import { requireOption } from '../arguments.ts';
import { CliUsageError } from '../cli-error.ts';
import { basemapPathOf } from './import-command.ts';

export const serveUsage = `jiefang serve --db <url> --city <city.graph> [--port 8080] [--host 127.0.0.1] [--demo]
  Runs the dispatch server. --db is postgres://… or a SQLite file path (DATABASE_URL works too);
  an empty database gets a root org and an admin (JIEFANG_ADMIN_PASSWORD, or a printed one);
  --demo seeds the demo organisation, units and logins from the city's places instead.`;

export function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliUsageError(`--port must be 0-65535, got '${text}'`);
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
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      city: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      demo: { type: 'boolean', default: false },
    },
  });
  const cityGraph = requireOption(values.city ?? process.env.CITY_GRAPH, '--city');
  const basemap = process.env.BASEMAP ?? basemapPathOf(cityGraph);
  const config = defaultConfig({
    databaseUrl: requireOption(values.db ?? process.env.DATABASE_URL, '--db'),
    cityGraph,
    basemap: existsSync(basemap) ? basemap : '',
    ...(values.host ? { host: values.host } : {}),
    ...(parsePort(values.port) !== undefined ? { port: parsePort(values.port)! } : {}),
  });
  const server = await startServer(config, { demo: values.demo });
  stopOnSignals(server);
  return new Promise<number>(() => {});
}
