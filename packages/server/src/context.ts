import type { Bus, Clock, FleetIndex, IncidentCatalogue } from '@jiefang/core';
import type { CityRouter } from '@jiefang/routing';
import type { JiefangStore } from '@jiefang/store';
import type { RoutingTravelTimes } from './adapters/routing-travel-times.ts';
import type { TileService } from './basemap/tile-service.ts';
import type { CommandService } from './commands/command-service.ts';
import type { ServerConfig } from './config.ts';
import type { DeviceGateways } from './gateway/device-gateways.ts';
import type { RecommendationCache } from './incidents/recommendation-cache.ts';
import type { LiveHub } from './live/live-hub.ts';
import type { UnitStatusClock } from './live/unit-status-clock.ts';
import type { PositionTracker } from './positions/position-tracker.ts';
import type { WebAppService } from './routes/web-app-routes.ts';
import type { DispatchScheduler } from './scheduler/dispatch-scheduler.ts';
import type { PlaceSearch } from './search/place-search.ts';
import type { WorldFeed } from './world/world-feed.ts';
import type { AlertChainRunner } from './alerts/alert-chain-runner.ts';
import type { AlertIntake } from './alerts/alert-intake.ts';
import type { DemoAlertFeed } from './alerts/demo-alert-feed.ts';
import type { CaseDeadlineChecker } from './cases/case-deadline-checker.ts';
import type { DemoLogin } from './seed/demo-seed.ts';
import type { AssistDeadlineChecker } from './assist/assist-deadline-checker.ts';
import type { AlertExpiryChecker } from './alerts/alert-expiry-checker.ts';
import type { World } from './world/world.ts';
import type { PatrolRunner } from './patrol/patrol-runner.ts';
import type { PatrolPlanner } from './patrol/patrol-planner.ts';

/** Something the server stops on close (timers, sockets, child processes). */
export interface Closable {
  close(): Promise<void> | void;
}

/**
 * Services that exist only in some runs, each named and typed: a listening server has a live
 * hub and a scheduler, an inject-driven test may not; the basemap and the web app exist only
 * when their files do. Services every run needs are fields of ServerContext itself.
 */
export interface OptionalServices {
  live?: LiveHub;
  dispatchScheduler?: DispatchScheduler;
  recommendations?: RecommendationCache;
  unitStatusClock?: UnitStatusClock;
  placeSearch?: PlaceSearch;
  basemap?: TileService;
  basemapLoading?: Promise<TileService>;
  webApp?: WebAppService;
  deviceGateways?: DeviceGateways;
  worldSweep?: Closable;
  heapMonitor?: Closable;
  /** Runs the dispatch scheduler and alert chains while this process holds the lease. */
  schedulerLeadership?: Closable;
  alertChain?: AlertChainRunner;
  alertIntake?: AlertIntake;
  demoAlerts?: DemoAlertFeed;
  caseDeadlines?: CaseDeadlineChecker;
  assistDeadlines?: AssistDeadlineChecker;
  alertExpiry?: AlertExpiryChecker;
  metricsEndpoint?: Closable;
  /** The demo accounts, when the server was started with the demo city (never in production). */
  demoLogins?: readonly DemoLogin[];
  /** Computes requested forecasts and re-plans units taken by a dispatch (the leader runs it). */
  patrolRunner?: PatrolRunner;
  /** Plans shifts on a thread of its own (started on the first plan: patrolPlannerOf). */
  patrolPlanner?: PatrolPlanner;
}

/** Everything a route needs, wired once by createServer (the composition root). */
export interface ServerContext {
  config: ServerConfig;
  store: JiefangStore;
  world: World;
  commands: CommandService;
  router: CityRouter;
  travelTimes: RoutingTravelTimes;
  /** Committed events in log order, after the world applied them (subscribe here). */
  bus: WorldFeed;
  /** The bus commits travel on between processes (in-process or NATS JetStream). */
  transport: Bus;
  clock: Clock;
  /** The incident categories this deployment takes (config.catalogueFile, or core's default). */
  catalogue: IncidentCatalogue;
  /** Fresh ids for new aggregates. */
  newId: () => string;
  /** The live fleet for recommendation (units and snapped positions in typed columns). */
  fleet: FleetIndex;
  /** Live unit positions: validated, snapped, batched to the tracks table. */
  positions: PositionTracker;
  services: OptionalServices;
}
