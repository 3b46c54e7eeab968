export { RoutingError, RoutingErrorCode } from './errors.ts';
export type {
  OsmEntity,
  OsmNode,
  OsmWay,
  OsmRelation,
  ProgressListener,
} from './build/osm-entities.ts';
export { readOsm } from './build/osm-reader.ts';
export { importOsm, type ImportOptions } from './build/import-osm.ts';
export type { Place } from './build/place.ts';
export {
  hasHan,
  osmLocalNames,
  placeLocalNames,
  transliterate,
  type LocalNames,
} from './build/local-names.ts';
export { DEFAULT_PROFILES } from './profile/default-profiles.ts';
export type { ProfileSpec } from './profile/profile-spec.ts';
export { resolveProfiles, loadProfilesFile } from './profile/load-profiles.ts';
export { evaluateWay, parseMaxspeedKmh } from './profile/way-access.ts';
export type { CityGraphData, CityGraphMeta, ProfileGraph } from './graph/profile-graph.ts';
export {
  GRAPH_FORMAT_VERSION,
  graphFingerprint,
  encodeGraph,
  decodeGraph,
  readGraphFile,
  writeGraphFile,
} from './format/graph-file.ts';
export {
  CityRouter,
  type LonLat,
  type Waypoint,
  type RouteResult,
  type CoverageResult,
  type IsochroneResult,
  type RouterOptions,
} from './query/city-router.ts';
export type { RoadPoint } from './query/road-point.ts';
export { edgeSlice } from './query/edge-geometry.ts';
export { PointSet, type ReachHits } from './query/point-set.ts';
export { haversineMetres } from './geo/geodesy.ts';
export { ROAD_CLASSES, roadClassName } from './profile/road-classes.ts';
export type { ObservedDrive } from './calibration/observed-drive.ts';
export {
  identityModel,
  predictSeconds,
  fixedSeconds,
  type TravelTimeModel,
  type DriveFeatures,
} from './calibration/travel-time-model.ts';
export { ROAD_GROUPS, DAY_PERIODS, dayPeriodOf } from './calibration/road-groups.ts';
export { accuracy, type Accuracy } from './calibration/accuracy.ts';
export { calibrateGraph } from './calibration/calibrate-graph.ts';
export { calibrateProfile, predictDrives, crossValidate } from './calibration/calibrate.ts';
export { parseDrivesCsv } from './calibration/parse-drives-csv.ts';
export { runCalibration } from './calibration/run-calibration.ts';
export {
  decodeArtefact,
  encodeArtefact,
  type CalibrationArtefact,
  CALIBRATION_FORMAT_VERSION,
} from './calibration/calibration-artefact.ts';
export {
  calibrationPathOf,
  readCalibrationFile,
  writeCalibrationFile,
  readCalibratedGraph,
} from './format/calibration-file.ts';
export { keepNearRoad, MAX_SNAP_METRES } from './calibration/keep-near-road.ts';
