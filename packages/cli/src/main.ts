import { RoutingError } from '@jiefang/routing';
import { CliUsageError } from './cli-error.ts';
import { calibrateCommand, calibrateUsage } from './commands/calibrate-command.ts';
import { importCommand, importUsage } from './commands/import-command.ts';
import { infoCommand, infoUsage } from './commands/info-command.ts';
import {
  coverageCommand,
  isochroneCommand,
  queryUsage,
  reachCommand,
  routeCommand,
} from './commands/query-commands.ts';
import { clusterCommand, clusterUsage } from './commands/cluster-command.ts';
import { demoCommand, demoUsage, startDemoCommand } from './commands/demo-command.ts';
import { serveCommand, serveUsage } from './commands/serve-command.ts';
import { startCommand } from './commands/start-command.ts';
import { forecastUsage } from './commands/forecast-usage.ts';
import { MissingCityDataError } from './demo-city.ts';

const usage = `Jiefang (街坊) command line

jiefang start
  The demo: the dispatch server on the bundled Nanjing city (PORT, HOST; demo logins printed).
${demoUsage}
jiefang demo-engine
  Imports the bundled Nanjing city and prints what the routing engine answers about it.
${serveUsage}
${clusterUsage}
${importUsage}
${infoUsage}
${queryUsage}
${forecastUsage}
${calibrateUsage}`;

const commands: Record<string, (argv: string[]) => number | Promise<number>> = {
  start: () => startDemoCommand(),
  demo: demoCommand,
  'demo-engine': () => startCommand(),
  serve: serveCommand,
  cluster: clusterCommand,
  import: importCommand,
  info: infoCommand,
  route: routeCommand,
  reach: reachCommand,
  isochrone: isochroneCommand,
  coverage: coverageCommand,
  // Loaded on use: the forecast models are not needed by any other command.
  forecast: async (argv) => (await import('./commands/forecast-command.ts')).forecastCommand(argv),
  calibrate: calibrateCommand,
};

/** Runs one command; returns the exit code. Expected failures print one line, never a trace. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${usage}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (command === undefined) {
    process.stderr.write(`jiefang: unknown command '${name}'\n\n${usage}\n`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (error) {
    if (error instanceof RoutingError || isForecastError(error)) {
      process.stderr.write(`jiefang ${name}: ${error.message} [${error.code}]\n`);
      return 1;
    }
    if (error instanceof MissingCityDataError) {
      process.stderr.write(`jiefang ${name}: ${error.message}\n`);
      return 1;
    }
    if (error instanceof CliUsageError || isParseArgsError(error)) {
      process.stderr.write(`jiefang ${name}: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
}

/** ForecastError without importing the forecast package at start-up (its `name` is fixed). */
function isForecastError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && error.name === 'ForecastError' && 'code' in error;
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

// Run directly (npm start, npm run jiefang) rather than imported by the bin wrapper or tests.
if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
