import type { TypedApp } from '../http/typed-app.ts';
import type { ServerContext } from '../context.ts';
import { auditRoutes } from './audit-routes.ts';
import { authRoutes } from './auth-routes.ts';
import { basemapRoutes } from './basemap-routes.ts';
import { coverageRoutes } from './coverage-routes.ts';
import { dispatchRoutes } from './dispatch-routes.ts';
import { incidentRoutes } from './incident-routes.ts';
import { liveRoutes } from './live-routes.ts';
import { orgRoutes } from './org-routes.ts';
import { placeRoutes } from './place-routes.ts';
import { planRoutes } from './plan-routes.ts';
import { positionRoutes } from './position-routes.ts';
import { routeRoutes } from './route-routes.ts';
import { siteRoutes } from './site-routes.ts';
import { statsRoutes } from './stats-routes.ts';
import { talkGroupRoutes } from './talk-group-routes.ts';
import { unitRoutes } from './unit-routes.ts';
import { webAppRoutes } from './web-app-routes.ts';

/** Every route module, registered once; each module checks role and org scope itself. */
export function registerRoutes(app: TypedApp, ctx: ServerContext): void {
  authRoutes(app, ctx);
  orgRoutes(app, ctx);
  unitRoutes(app, ctx);
  siteRoutes(app, ctx);
  talkGroupRoutes(app, ctx);
  planRoutes(app, ctx);
  incidentRoutes(app, ctx);
  dispatchRoutes(app, ctx);
  routeRoutes(app, ctx);
  statsRoutes(app, ctx);
  positionRoutes(app, ctx);
  liveRoutes(app, ctx);
  placeRoutes(app, ctx);
  coverageRoutes(app, ctx);
  auditRoutes(app, ctx);
  basemapRoutes(app, ctx);
  webAppRoutes(app, ctx);
}
