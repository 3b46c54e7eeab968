export * from './event-store.ts';

// The one export surface of @jiefang/core: the domain of command and dispatch, pure TypeScript.

export * from './errors.ts';
export * from './ports.ts';
export type { DecideContext, Decision } from './shared/decision.ts';
export { toIso, toMs } from './shared/time.ts';
export { checkLocalNames, nameIn, type LocalNames } from './shared/local-names.ts';
export {
  dayStartInZone,
  hourInZone,
  instantOfWallTime,
  isTimeZone,
  wallTimeInZone,
  zonedParts,
} from './shared/time-zone.ts';

export * from './geo/coordinates.ts';
export * from './geo/distance.ts';
export * from './geo/square-around.ts';
export * from './geo/tiles-around.ts';

export * from './org/org-tree.ts';
export * from './org/decide-org.ts';

export * from './access/permissions.ts';
export * from './access/authorize.ts';

export * from './unit/unit.ts';
export * from './unit/unit-status.ts';
export * from './unit/validate-unit.ts';
export * from './unit/decide-unit.ts';
export * from './unit/position-report.ts';
export * from './unit/site.ts';
export * from './unit/decide-site.ts';
export * from './unit/talk-group.ts';

export * from './workflow/workflow.ts';
export * from './workflow/stage-permission.ts';

export * from './incident/priority.ts';
export * from './incident/incident.ts';
export * from './incident/fold-incident-event.ts';
export * from './dispatch/fold-dispatch-event.ts';
export * from './incident/catalogue.ts';
export * from './incident/decide-catalogue.ts';
export * from './incident/duplicates.ts';
export * from './incident/incident-workflow.ts';
export * from './incident/incident-loop.ts';
export * from './incident/loop-follow-ups.ts';
export * from './incident/validate-create-incident.ts';
export * from './incident/decide-incident.ts';
export * from './incident/redact-contact.ts';
export * from './incident/close-guard.ts';

export * from './plan/response-plan.ts';
export * from './plan/default-plans.ts';
export * from './plan/decide-response-plan.ts';

export * from './recommend/recommendation.ts';
export {
  measureReach,
  orderByEta,
  positionOf,
  type PositionLookup,
  type Reach,
  type TrackedPosition,
} from './recommend/measure-reach.ts';
export * from './recommend/recommend.ts';

export * from './dispatch/dispatch.ts';
export * from './dispatch/decide-dispatch.ts';
export * from './dispatch/decide-dispatch-and-unit.ts';
export * from './dispatch/detect-arrival.ts';
export * from './dispatch/next-offer.ts';
export * from './dispatch/tier-timers.ts';

export * from './mobilise/mobilise.ts';
export * from './mobilise/police-floor.ts';

// A TravelTimes and Clock without a road graph, for tests, simulations and demos in other packages.
export {
  FixedClock,
  StraightLineTravelTimes,
  type StraightLineOptions,
} from './testing/straight-line-travel-times.ts';
// Benchmarks and load runs take their percentiles from '@jiefang/core/latency-percentiles':
// hdr-histogram-js (a direct eval in its loader) stays out of everything the browser imports.
export * from './plan/remaining-plan.ts';

export * from './case/case.ts';
export * from './case/case-catalogue.ts';
export * from './case/case-deadlines.ts';
export * from './case/case-settings.ts';
export * from './case/route-case.ts';
export * from './case/mediation.ts';
export * from './case/decide-case.ts';
export * from './case/case-statistics.ts';
export * from './alert/cap-message.ts';
export * from './alert/zone-geometry.ts';
export * from './alert/alert.ts';
export * from './alert/area-rule.ts';
export * from './alert/partner.ts';
export * from './alert/zone-grid-worker.ts';
export * from './alert/cap-samples.ts';
export * from './alert/cover-area.ts';
export * from './alert/nearest-units.ts';
export * from './missing/missing-person.ts';
export * from './assist/assist-request.ts';
export * from './patrol/forecast-record.ts';
export * from './patrol/patrol-plan.ts';
export * from './series/case-series.ts';
