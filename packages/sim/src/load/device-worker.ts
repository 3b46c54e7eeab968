/**
 * A device process of `npm run load`, forked by DeviceClients with an IPC channel: it runs a
 * DeviceFleet over its share of the units (the city graph loaded here, for the walkers) and
 * answers the parent's commands (see ToWorker / FromWorker in device-clients.ts).
 */
import { CityRouter, readGraphFile } from '@jiefang/routing';
import { loadToken } from '@jiefang/server';
import type { FromWorker, ToWorker, WorkerStats } from './device-clients.ts';
import { DeviceFleet } from './devices.ts';
import { openFileLimit } from './process-stats.ts';
import { ErrorLog } from './stats.ts';

/** Room beside the sockets: the phones' HTTP calls, the graph file, stdio and the channel. */
const FILE_HEADROOM = 512;

const errors = new ErrorLog();
let fleet: DeviceFleet | undefined;
let units = 0;
let closing: Promise<void> | undefined;

function send(message: FromWorker): void {
  if (process.connected) process.send!(message);
}

function stats(): WorkerStats {
  return {
    devices: fleet?.devices.length ?? 0,
    units,
    ready: fleet?.readyCount ?? 0,
    accepted: fleet?.accepted ?? 0,
    acceptedInWindow: fleet?.acceptedInWindow ?? 0,
    jobsCleared: fleet?.jobsCleared ?? 0,
    fallbackArrivals: fleet?.fallbackArrivals ?? 0,
    busyUnits: fleet?.busyUnits ?? 0,
    errors: errors.snapshot(),
  };
}

function requireFleet(command: string): DeviceFleet {
  if (!fleet) throw new Error(`'${command}' before 'connect'`);
  return fleet;
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.kind) {
    case 'connect': {
      const { config } = message;
      const devices = config.units.reduce((sum, unit) => sum + unit.accountIds.length, 0);
      const limit = openFileLimit();
      if (limit.soft < devices + FILE_HEADROOM)
        throw new Error(
          `${devices} device sockets need ${devices + FILE_HEADROOM} open files; this process's open-file limit (soft) is ${limit.soft} (hard ${limit.hard})`,
        );
      const router = new CityRouter(readGraphFile(config.city));
      units = config.units.length;
      fleet = new DeviceFleet({
        wsUrl: config.wsUrl,
        httpUrl: config.httpUrl,
        units: config.units,
        token: (accountId) => loadToken(config.key, accountId),
        router,
        positionIntervalS: config.positionIntervalS,
        errors,
        localAddresses: config.localAddresses,
        onDelivery: (delivery) => send({ kind: 'delivery', delivery }),
        onCleared: (cleared) => send({ kind: 'cleared', ...cleared }),
        seed: config.seed,
        log: (line) => send({ kind: 'log', line }),
      });
      send({
        kind: 'log',
        line: `pid ${process.pid}: ${devices} devices of ${config.units.length} units from ${config.localAddresses.join(', ')}`,
      });
      await fleet.connect();
      break;
    }
    case 'start':
      requireFleet('start').startReporting();
      break;
    case 'counting':
      requireFleet('counting').counting = message.on;
      break;
    case 'stats':
      break;
    case 'close':
      closing ??= fleet?.close() ?? Promise.resolve();
      await closing;
      break;
  }
  send({ kind: 'reply', id: message.id, stats: stats() });
}

process.on('message', (message: ToWorker) => {
  handle(message).catch((error: unknown) => {
    send({ kind: 'fatal', message: error instanceof Error ? error.message : String(error) });
    // Leave once the message is out; the parent reports it with the exit.
    setTimeout(() => process.exit(1), 100);
  });
});

// The parent closed the channel (done, or gone): let the sockets go and leave.
process.on('disconnect', () => {
  closing ??= fleet?.close() ?? Promise.resolve();
  void closing.finally(() => process.exit(0));
});
