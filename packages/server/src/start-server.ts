import type { Clock } from '@jiefang/core';
import { CityRouter, readCalibratedGraph } from '@jiefang/routing';
import { createServer, type JiefangServer } from './app.ts';
import type { ServerConfig } from './config.ts';
import { DeviceGateways } from './gateway/device-gateways.ts';
import { HeapMonitor } from './runtime/heap-monitor.ts';
import { CaseDeadlineChecker } from './cases/case-deadline-checker.ts';
import { AssistDeadlineChecker } from './assist/assist-deadline-checker.ts';
import { startDispatchScheduler } from './scheduler/dispatch-scheduler.ts';
import { WhileLeader } from './scheduler/while-leader.ts';
import { PatrolRunner } from './patrol/patrol-runner.ts';
import { startAlertChainRunner } from './alerts/alert-chain-runner.ts';
import { AlertExpiryChecker } from './alerts/alert-expiry-checker.ts';
import { DemoAlertFeed } from './alerts/demo-alert-feed.ts';
import { bootstrapAdmin } from './seed/bootstrap-admin.ts';
import type { DemoCity } from './seed/demo-city.ts';
import { seedDemoCity, type DemoLogin } from './seed/demo-seed.ts';
import { seedGovernance } from './seed/governance-seed.ts';
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
  /** The Prometheus endpoint, when config.metricsPort is set. */
  metricsUrl?: string;
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
  const router = new CityRouter(readCalibratedGraph(config.cityGraph).city);
  const server = await createServer(config, { router, clock: options.clock });
  const { ctx, app } = server;
  const positions = ctx.positions;
  await positions.restore();
  // One scheduler among the processes sharing the database (a lease in the store; SQLite: this
  // process), or units would be offered twice.
  const leadership = new WhileLeader(
    ctx.store,
    'dispatch-scheduler',
    () => {
      // Alert chains, case and assist deadlines are timers like the dispatch scheduler's: one
      // process runs them all.
      const scheduler = startDispatchScheduler(ctx);
      const alertChain = startAlertChainRunner(ctx);
      const caseDeadlines = new CaseDeadlineChecker(ctx);
      caseDeadlines.start();
      ctx.services.caseDeadlines = caseDeadlines;
      const assistDeadlines = new AssistDeadlineChecker(ctx);
      assistDeadlines.start();
      ctx.services.assistDeadlines = assistDeadlines;
      // CAP alerts past their `expires` leave the active list.
      const alertExpiry = new AlertExpiryChecker(ctx);
      alertExpiry.start();
      ctx.services.alertExpiry = alertExpiry;
      // Forecasts are computed, and patrols re-planned after dispatches, once among processes.
      const patrolRunner = new PatrolRunner(ctx);
      patrolRunner.start();
      ctx.services.patrolRunner = patrolRunner;
      return {
        close: async () => {
          await scheduler.close();
          await alertChain.close();
          await caseDeadlines.close();
          await assistDeadlines.close();
          await alertExpiry.close();
          await patrolRunner.close();
          if (ctx.services.patrolRunner === patrolRunner) delete ctx.services.patrolRunner;
          if (ctx.services.dispatchScheduler === scheduler) delete ctx.services.dispatchScheduler;
          if (ctx.services.alertChain === alertChain) delete ctx.services.alertChain;
          if (ctx.services.caseDeadlines === caseDeadlines) delete ctx.services.caseDeadlines;
          if (ctx.services.assistDeadlines === assistDeadlines) delete ctx.services.assistDeadlines;
          if (ctx.services.alertExpiry === alertExpiry) delete ctx.services.alertExpiry;
        },
      };
    },
    { log },
  );
  ctx.services.schedulerLeadership = leadership;
  await leadership.begin();
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
    // SIGUSR2: one line now, after a full collection when the process runs with --expose-gc
    // (the load tool's exact heap figures at the warm-up's end and the run's).
    const forcedLine = () => process.stderr.write(`heap ${monitor.describe({ forced: true })}\n`);
    process.on('SIGUSR2', forcedLine);
    ctx.services.heapMonitor = {
      close: () => {
        clearInterval(heapLog);
        process.off('SIGUSR2', forcedLine);
        monitor.close();
      },
    };
  }
  let logins: DemoLogin[] = [];
  let open311ApiKey: string | undefined;
  if (options.demo) {
    const seed = await seedDemoCity(ctx, options.demo === true ? {} : { city: options.demo });
    logins = seed.logins;
    if (options.demo === true) {
      // Nanjing's departments, case settings and hotline; its camera and school gate post signed
      // events, so alerts happen on their own. (Another city brings its own description.)
      open311ApiKey = (await seedGovernance(ctx)).open311ApiKey;
      ctx.services.demoAlerts = await DemoAlertFeed.start(ctx, app);
    }
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
  server.metrics.attach({
    liveSockets: () => ctx.services.live?.connectionCount ?? 0,
    pendingTrackFixes: () => positions.pendingFixes,
  });
  let metricsUrl: string | undefined;
  if (config.metricsPort !== undefined) {
    const endpoint = await server.metrics.listen(config.metricsHost, config.metricsPort);
    ctx.services.metricsEndpoint = endpoint;
    metricsUrl = endpoint.url;
    log(`  metrics: ${metricsUrl}`);
  }
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
  if (open311ApiKey)
    log(`  Open311 GeoReport v2: ${url}/open311/v2/services.json?api_key=${open311ApiKey}`);
  return { ...server, url, deviceUrl, metricsUrl, logins };
}
