/**
 * Every failure the routing engine reports on purpose is a RoutingError with a stable code.
 * Callers (CLI, server) branch on `code`, never on message text; each code is documented in
 * packages/routing/ERRORS.md and a test keeps that list complete.
 */
export const RoutingErrorCode = {
  /** The input file does not exist or cannot be read. */
  OSM_FILE_UNREADABLE: 'ERR_OSM_FILE_UNREADABLE',
  /** The file's bytes are not a format we can read (.osm.pbf, .osm, .osm.gz). */
  OSM_FORMAT_UNKNOWN: 'ERR_OSM_FORMAT_UNKNOWN',
  /** The file is a known format but its content is broken or cut short. */
  OSM_FILE_CORRUPT: 'ERR_OSM_FILE_CORRUPT',
  /** The OSM data holds no road usable by the requested profile. */
  OSM_NO_ROADS: 'ERR_OSM_NO_ROADS',
  /** A profile override file is unreadable or has an invalid field. */
  PROFILE_INVALID: 'ERR_PROFILE_INVALID',
  /** A profile name is not one of the graph's profiles. */
  PROFILE_UNKNOWN: 'ERR_PROFILE_UNKNOWN',
  /** The file is not a Jiefang graph file (wrong magic). */
  GRAPH_NOT_A_GRAPH: 'ERR_GRAPH_NOT_A_GRAPH',
  /** The graph file was written by an incompatible format version. */
  GRAPH_VERSION_MISMATCH: 'ERR_GRAPH_VERSION_MISMATCH',
  /** The graph file's checksum does not match its content (truncated or damaged). */
  GRAPH_CORRUPT: 'ERR_GRAPH_CORRUPT',
  /** A coordinate is not a finite longitude/latitude pair. */
  INVALID_COORDINATE: 'ERR_INVALID_COORDINATE',
  /** A coordinate lies farther from any road of the profile than the snapping radius. */
  POINT_NOT_ON_NETWORK: 'ERR_POINT_NOT_ON_NETWORK',
  /** A numeric query argument (limit, threshold) is out of range. */
  INVALID_ARGUMENT: 'ERR_INVALID_ARGUMENT',
  /** A file of observed drives lacks a column or has a value that is not what the column holds. */
  DRIVES_INVALID: 'ERR_DRIVES_INVALID',
  /** A calibration artefact is not valid JSON, or a field of it is missing or out of range. */
  CALIBRATION_INVALID: 'ERR_CALIBRATION_INVALID',
  /** A calibration artefact's fingerprint does not match its content (edited or damaged). */
  CALIBRATION_CORRUPT: 'ERR_CALIBRATION_CORRUPT',
  /** A calibration artefact was fitted on another graph than the one it is applied to. */
  CALIBRATION_GRAPH_MISMATCH: 'ERR_CALIBRATION_GRAPH_MISMATCH',
} as const;

export type RoutingErrorCode = (typeof RoutingErrorCode)[keyof typeof RoutingErrorCode];

export class RoutingError extends Error {
  override readonly name = 'RoutingError';
  constructor(
    readonly code: RoutingErrorCode,
    message: string,
    /** The input field, file or argument the error is about, when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }
}
