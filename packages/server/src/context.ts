import type { Bus, Clock, IncidentCatalogue } from '@jiefang/core';
import type { CityRouter } from '@jiefang/routing';
import type { JiefangStore } from '@jiefang/store';
import type { RoutingTravelTimes } from './adapters/routing-travel-times.ts';
import type { CommandService } from './commands/command-service.ts';
import type { ServerConfig } from './config.ts';
import type { WorldFeed } from './world/world-feed.ts';
import type { World } from './world/world.ts';

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
  /** Services attached after construction (positions, live hub, search, scheduler). */
  services: Record<string, unknown>;
}
