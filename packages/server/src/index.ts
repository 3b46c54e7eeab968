export { createServer, type JiefangServer, type CreateServerOptions } from './app.ts';
export { startServer, type RunningServer, type StartOptions } from './start-server.ts';
export { defaultConfig, type ServerConfig } from './config.ts';
export {
  seedDemoCity,
  DEMO_LOGINS,
  type DemoLogin,
  type DemoSeed,
  type SeedOptions,
} from './seed/demo-seed.ts';
export type { DemoCity, DemoHome } from './seed/demo-city.ts';
export {
  nanjingDemoCity,
  demoSitePlaces,
  distinctPlaces,
  COMPACT_NANJING,
  DEMO_SITE_KINDS,
  STATION_SPACING_METRES,
  SITE_SPACING_METRES,
  type NanjingDemoOptions,
} from './seed/nanjing-demo-city.ts';
export { PositionTracker } from './positions/position-tracker.ts';
export type { ServerContext } from './context.ts';
export { dispatchParts, incidentPart } from './commands/aggregate-parts.ts';
export type { CommandPart } from './commands/command-service.ts';
export { DispatchOffering } from './incidents/dispatch-offering.ts';
export { RecommendationCache } from './incidents/recommendation-cache.ts';
export { AggregateType } from './world/aggregate-types.ts';
export {
  planLoadFleet,
  loadToken,
  LOAD_CITY_ORG,
  LOAD_DISPATCHER,
  type LoadFleetPlan,
  type LoadUnitPlan,
} from './load-seed/load-fleet.ts';
export { checkEido } from './eido/eido-to-incident.ts';
export { signedHeaders } from './alerts/webhook-signature.ts';
export { RoutingTravelTimes, type EnginePoint } from './adapters/routing-travel-times.ts';
