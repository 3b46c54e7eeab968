import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import websocket from '@fastify/websocket';
import { CityRouter, readCalibratedGraph } from '@jiefang/routing';
import { openStore, type JiefangStore } from '@jiefang/store';
import Fastify, { type FastifyInstance } from 'fastify';
import { InProcessBus } from './adapters/in-process-bus.ts';
import { NatsJetStreamBus } from './adapters/nats-jetstream-bus.ts';
import { RoutingTravelTimes } from './adapters/routing-travel-times.ts';
import { systemClock } from './adapters/system-clock.ts';
import { authenticate } from './auth/authenticate.ts';
import { TileService } from './basemap/tile-service.ts';
import { CommandService } from './commands/command-service.ts';
import type { ServerConfig } from './config.ts';
import type { ServerContext } from './context.ts';
import { toHttpError } from './http/http-errors.ts';
import { ServerError, ServerErrorCode } from './http/server-error.ts';
import { clientErrorHandler, frameworkErrors } from './http/framework-errors.ts';
import { jiefangValidatorCompiler } from './http/validator-compiler.ts';
import { ServerMetrics } from './metrics/server-metrics.ts';
import { registerRoutes } from './routes/register-routes.ts';
import { findHeadSeq } from './world/log-head.ts';
import { WorldFeed } from './world/world-feed.ts';
import { World } from './world/world.ts';
import { PositionTracker, type PositionTrackerOptions } from './positions/position-tracker.ts';
import { FleetIndex, type Clock } from '@jiefang/core';
import { editedCatalogue } from './edited-catalogue.ts';
import { loadCatalogue } from './load-catalogue.ts';
import { acceptsIdempotencyKey, idempotencyOf } from './http/idempotency.ts';

export interface CreateServerOptions {
  /** An already open store (tests share one); otherwise config.databaseUrl is opened. */
  store?: JiefangStore;
  /** An already loaded router (tests and benchmarks load a city once). */
  router?: CityRouter;
  clock?: Clock;
  /** The position tracker's batching (benchmarks flush less often). */
  positions?: PositionTrackerOptions;
}

export interface JiefangServer {
  app: FastifyInstance;
  ctx: ServerContext;
  /** Prometheus metrics; served on their own port when config.metricsPort is set. */
  metrics: ServerMetrics;
  close(): Promise<void>;
}

/** The composition root: opens the store and the city, wires core's ports, builds the HTTP app. */
export async function createServer(
  config: ServerConfig,
  options: CreateServerOptions = {},
): Promise<JiefangServer> {
  const store = options.store ?? (await openStore(config.databaseUrl));
  const router = options.router ?? new CityRouter(readCalibratedGraph(config.cityGraph).city);
  const clock = options.clock ?? systemClock;
  // The log position first, the state second: whatever commits in between is in the state
  // already or comes through the feed (older versions are ignored by the world).
  const loadedAt = await findHeadSeq(store);
  const world = await World.load(store);
  // A bad basemap file stops the start with its coded error instead of failing map requests later.
  const basemap = config.basemap ? await TileService.load(config.basemap) : undefined;
  const trustProxy = config.trustProxy;
  const app = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    frameworkErrors,
    clientErrorHandler,
    // Ids past 100 characters reach the schema, which names the parameter (Fastify's own limit
    // answered before any route); past this, the router refuses in our format (framework-errors).
    routerOptions: { maxParamLength: 1000 },
    trustProxy:
      typeof trustProxy === 'number' ? (_: string, hop: number) => hop < trustProxy : trustProxy,
  });
  // Unknown fields are an error (schemas say additionalProperties: false), not silently dropped;
  // bodies are not coerced and non-finite numbers are refused (see the compiler).
  app.setValidatorCompiler(jiefangValidatorCompiler());
  const logError = (message: string) => (error: unknown) => app.log.error({ err: error }, message);
  const bus = config.busUrl
    ? await NatsJetStreamBus.connect(config.busUrl, { onError: logError('bus failed') })
    : new InProcessBus(logError('bus subscriber failed'));
  const feed = new WorldFeed(store, world, bus, loadedAt, {
    // Other processes write too: a commit whose publish was lost is found in the log.
    idlePollMs: config.busUrl ? 1000 : 0,
    onError: logError('world feed failed'),
  });
  // Commits made between loading the world and subscribing came before the subscription.
  if (config.busUrl) await feed.catchUp();
  const travelTimes = new RoutingTravelTimes(router);
  // The live fleet for recommendation: units and positions in typed columns, kept in step with
  // the world here and with accepted fixes by the position tracker.
  const fleet = new FleetIndex(travelTimes);
  for (const unit of world.unitList) fleet.setUnit(unit);
  world.onUnitChange((unit) => fleet.setUnit(unit));
  const catalogue = editedCatalogue(world, loadCatalogue(config.catalogueFile));
  const base = {
    config,
    store,
    world,
    commands: new CommandService(store, world, feed, bus, clock, logError('publish failed')),
    router,
    travelTimes,
    bus: feed,
    transport: bus,
    clock,
    // Read through on every use: an admin's edit (on any process) is in force at once.
    get catalogue() {
      return catalogue();
    },
    newId: () => randomUUID(),
    fleet,
    services: basemap ? { basemap } : {},
  };
  // Assigned onto base, not spread: the catalogue getter must stay a getter.
  const ctx: ServerContext = Object.assign(base, {
    positions: new PositionTracker(base, { log: app.log, ...options.positions }),
  });

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // 'self' covers the same origin's ws:/wss: (CSP Level 3); any other host is refused.
        connectSrc: ["'self'"],
      },
    },
  });
  await app.register(rateLimit, { global: false });
  await app.register(websocket, { options: { maxPayload: 1024 * 1024 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Jiefang (街坊) dispatch API',
        description:
          'Command and dispatch for police, community emergency units and grid workers. Every route needs a session cookie (POST /api/v1/auth/login) or a bearer token.',
        version: '1',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'jf_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/v1/docs',
    staticCSP: true,
    uiHooks: {
      onRequest: (request, _reply, done) => {
        try {
          authenticate(ctx, request);
          done();
        } catch (error) {
          done(error as Error);
        }
      },
    },
  });

  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.public) return;
    if (request.url.startsWith('/api/v1/docs')) return; // guarded by uiHooks above
    if (!request.url.startsWith('/api/')) return; // the web app's static files
    authenticate(ctx, request);
  });

  // A reused Idempotency-Key with another request is refused before any route looks for what the
  // key made (several answer a retry from the derived id without reaching the store's check).
  app.addHook('preHandler', async (request) => {
    if (!request.account || !acceptsIdempotencyKey(request)) return;
    const { idempotencyKey, requestHash } = idempotencyOf(request);
    if (idempotencyKey !== undefined) await ctx.store.findIdempotent(idempotencyKey, requestHash);
  });

  app.setErrorHandler((error, request, reply) => {
    const { status, body } = toHttpError(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    void reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new ServerError(
      ServerErrorCode.ROUTE_NOT_FOUND,
      404,
      `no route ${request.method} ${request.url.split('?')[0]}`,
    );
    void reply.status(404).send(toHttpError(error).body);
  });

  const metrics = new ServerMetrics(ctx, app);
  registerRoutes(app.withTypeProvider<TypeBoxTypeProvider>(), ctx);

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/health', { config: { public: true }, schema: { hide: true } }, async () => ({
    ok: true,
  }));

  return {
    app,
    ctx,
    metrics,
    async close() {
      await app.close();
      const { services } = ctx;
      for (const service of [
        services.dispatchScheduler,
        services.deviceGateways,
        services.live,
        services.worldSweep,
        services.heapMonitor,
        services.assistDeadlines,
        services.patrolPlanner,
      ]) {
        await service?.close();
      }
      await ctx.positions.close();
      feed.close();
      await bus.close();
      if (!options.store) await store.close();
    },
  };
}
