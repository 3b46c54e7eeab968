/**
 * Failures of the basemap package with stable codes (listed in packages/basemap/README.md).
 * Errors reading the OSM file itself are routing's RoutingErrors (ERR_OSM_*) and pass through.
 */
export const BasemapErrorCode = {
  /** The basemap file does not exist or cannot be read or written. */
  FILE_UNREADABLE: 'ERR_BASEMAP_FILE_UNREADABLE',
  /** The file is not a Jiefang basemap (not gzip, not JSON, or no basemap format marker). */
  NOT_A_BASEMAP: 'ERR_BASEMAP_NOT_A_BASEMAP',
  /** The file was written by an incompatible format version. */
  VERSION_MISMATCH: 'ERR_BASEMAP_VERSION_MISMATCH',
  /** The file is a basemap but truncated or damaged (bad gzip stream, malformed layers). */
  CORRUPT: 'ERR_BASEMAP_CORRUPT',
} as const;

export type BasemapErrorCode = (typeof BasemapErrorCode)[keyof typeof BasemapErrorCode];

export class BasemapError extends Error {
  override readonly name = 'BasemapError';
  constructor(
    readonly code: BasemapErrorCode,
    message: string,
    /** The file the error is about. */
    readonly path?: string,
  ) {
    super(message);
  }
}
