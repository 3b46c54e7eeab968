import type { Clock } from '@jiefang/core';
import { CityRouter, readGraphFile } from '@jiefang/routing';
import { createServer, type JiefangServer } from './app.ts';
import type { ServerConfig } from './config.ts';
import { DeviceGateways } from './gateway/device-gateways.ts';
import { HeapMonitor } from './runtime/heap-monitor.ts';
import { startDispatchScheduler } from './scheduler/dispatch-scheduler.ts';
import { bootstrapAdmin } from './seed/bootstrap-admin.ts';
import type { DemoCity } from './seed/demo-city.ts';
import { seedDemoCity, type DemoLogin } from './seed/demo-seed.ts';
import { statusPage } from './status-page.ts';

/** How long a closed incident or finished dispatch stays in memory after it finished. */
const FINISHED_GRACE_MS = 10 * 60_000;

export interface StartOptions {
  /**
   * Seed a demo organisation, units and logins — `true`: the Nanjing demo from the city's
   * places; or a given `DemoCity` — otherwise bootstrap an admin.
   */
  demo?: boolean | DemoCity;
  log?: (line: string) => void;
  /** A clock other than the system's (the simulator's, to run faster than real time). */
  clock?: Clock;
}

export interface RunningServer extends JiefangServer {
  url: string;
  /** Where phones connect when the server runs device gateways (config.deviceGateways > 0). */
  deviceUrl?: string;
  logins: DemoLogin[];
}

/**
 * Starts a listening server: store, city, services (positions, live hub, scheduler), seed, and
 * the status page. `jiefang serve` and `npm start` both come here.
 */
export async function startServer(
  config: ServerConfig,
  options: StartOptions = {},
): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const router = new CityRouter(readGraphFile(config.cityGraph));
  const server = await createServer(config, { router, clock: options.clock });
  const { ctx, app } = server;
  const positions = ctx.positions;
  startDispatchScheduler(ctx);
  // Closed incidents and finished dispatches leave memory 10 minutes after they finish, so a
  // server that runs for days holds what is live (see World.evictFinished).
  const sweep = setInterval(() => ctx.world.evictFinished(Date.now() - FINISHED_GRACE_MS), 60_000);
  sweep.unref();
  ctx.services.worldSweep = { close: () => clearInterval(sweep) };
  // JIEFANG_HEAP_LOG_MS: a `heap {…}` line on stderr that often (load runs read it: RSS alone
  // cannot tell a leak from V8 keeping memory it has grown into).
  const heapLogMs = Number(process.env.JIEFANG_HEAP_LOG_MS ?? 0);
  if (heapLogMs > 0) {
    const monitor = new HeapMonitor();
    const heapLog = setInterval(
      () => process.stderr.write(`heap ${monitor.describe()}\n`),
      heapLogMs,
    );
    heapLog.unref();
    ctx.services.heapMonitor = {
      close: () => {
        clearInterval(heapLog);
        monitor.close();
      },
    };
  }
  let logins: DemoLogin[] = [];
  if (options.demo) {
    const seed = await seedDemoCity(ctx, options.demo === true ? {} : { city: options.demo });
    logins = seed.logins;
    const now = ctx.clock.now();
    for (const [unitId, at] of seed.startPositions) {
      const unit = ctx.world.units.get(unitId)?.value;
      if (unit) positions.report(unit, { lon: at.lon, lat: at.lat, at: now, accuracyM: 10 });
    }
  } else {
    const admin = await bootstrapAdmin(ctx);
    if (admin) logins = [admin];
  }
  // The web console answers `/` when it is built (routes/web-app-routes.ts); else the status page.
  if (!ctx.services.webApp) {
    app.get('/', { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(statusPage(ctx)),
    );
  }
  const address = await app.listen({ host: config.host, port: config.port });
  const url = address.replace('[::1]', 'localhost');
  log(`Jiefang (街坊) dispatch server listening on ${url}`);
  log(
    `  city: ${ctx.router.city.meta.source} · store: ${ctx.store.dialect} · API docs: ${url}/api/v1/docs`,
  );
  let deviceUrl: string | undefined;
  if (config.deviceGateways > 0) {
    const gateways = await DeviceGateways.start(ctx, ctx.services.live!, {
      count: config.deviceGateways,
      host: config.host,
      port: config.devicePort,
      log,
    });
    ctx.services.deviceGateways = gateways;
    deviceUrl = gateways.url;
    log(
      `  device gateway listening on ${deviceUrl} (${config.deviceGateways} processes, pids ${gateways.processIds.join(' ')})`,
    );
  }
  for (const login of logins)
    log(`  login ${login.username.padEnd(11)} ${login.password.padEnd(22)} (${login.role})`);
  return { ...server, url, deviceUrl, logins };
}
