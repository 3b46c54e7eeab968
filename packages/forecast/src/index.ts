// @jiefang/forecast: hotspot forecasts (naive, KDE, ProMap, SEPP) scored like the NIJ challenge.
export { ForecastError, ForecastErrorCode } from './errors.ts';
export { EPSG_2913, oregonNorthFeet, parseNijCalls, type NijCall } from './calls/nij-calls.ts';
export { CATEGORIES, inCategory, isCategory, type Category } from './calls/category.ts';
export { nijEvents } from './calls/nij-events.ts';
export { Grid, MIN_CELL_FT, MAX_CELL_FT, SQ_FT_PER_SQ_MI, type GridSpec } from './grid/grid.ts';
export { binEvents, type ForecastInput, type SpaceTimeEvent } from './models/forecast-input.ts';
export { naiveForecast } from './models/naive.ts';
export { kdeForecast, kdeBandwidthByCv, KDE_BANDWIDTHS_FT } from './models/kde.ts';
export { promapForecast, type PromapParams } from './models/promap.ts';
export { fitSepp, seppForecast, type SeppFit } from './models/sepp.ts';
export {
  scoreHotspots,
  studyAreaSqFt,
  topCells,
  type HotspotScore,
} from './score/hotspot-scores.ts';
export { METHODS, runMethod, type MethodConfig, type MethodName } from './select/methods.ts';
export {
  selectByValidation,
  validationFolds,
  DEFAULT_SEARCH,
  type Selection,
  type SearchSpace,
} from './select/select-by-validation.ts';
export { forecastHotspots, type HotspotForecast } from './select/forecast-hotspots.ts';
export { hotspotsGeoJson, type HotspotFeatureCollection } from './output/hotspots-geojson.ts';
export {
  forecastFromCalls,
  parseDay,
  parseHorizon,
  type CallsForecast,
} from './select/forecast-from-calls.ts';
export {
  forecastFromPoints,
  type HistoryPoint,
  type PointsForecast,
} from './select/forecast-from-points.ts';
export { expandRepeatedOption } from './calls/repeat-option.ts';
export { DIURNAL_PERCENT, hourShares } from './patrol/diurnal.ts';
export type { RoadNetwork, RoadLeg, LonLatPair } from './patrol/road-network.ts';
export { chessboardZones, inZone, type Zone } from './patrol/chessboard.ts';
export {
  positionAt,
  planKm,
  type HotPlace,
  type PatrolLeg,
  type UnitPlan,
} from './patrol/patrol-plan.ts';
export {
  planPatrols,
  staticPlan,
  minuteTrack,
  type PatrolPlans,
  type PatrolRequest,
  type PatrolUnit,
} from './patrol/plan-patrol.ts';
export {
  replanPatrols,
  type PlannedUnit,
  type Replan,
  type ReplanRequest,
} from './patrol/replan-patrols.ts';
export {
  patrolCompliance,
  complianceCsv,
  complianceRows,
  COMPLIANCE_COLUMNS,
  type PatrolCompliance,
  type StopCompliance,
  type TrackFix,
  type ComplianceOptions,
} from './patrol/compliance.ts';
export { charNgrams, cosine, textSimilarity } from './linking/text-similarity.ts';
export {
  linkScore,
  LINK_WEIGHTS,
  type CaseRecord,
  type LinkScore,
  type LinkOptions,
} from './linking/link-score.ts';
export { CaseIndex, type LinkSuggestion, type SuggestOptions } from './linking/suggest-links.ts';
export {
  injectSeries,
  type BackgroundCall,
  type InjectedCase,
  type InjectOptions,
} from './linking/inject-series.ts';
export { evaluateLinking, type LinkingEvaluation } from './linking/evaluate-linking.ts';
