import type { UnitTable } from '../live/unit-table.ts';

/**
 * The units layer's data crosses to MapLibre's worker as one transferable Float64Array instead
 * of GeoJSON objects: structured-cloning 20,000 GeoJSON features costs ~35 ms of main-thread
 * time in Chromium, copying three numbers per unit into a fresh array well under 1 ms. The
 * worker (worker/packed-units-loader.ts) turns the array back into GeoJSON before MapLibre
 * indexes and clusters it.
 *
 * Layout: per located unit, `[lon, lat, code]` with code = row × 65536 + kind × 256 + status
 * (an integer far below 2^53, so exact in a double).
 */
export const PACKED_UNITS_STRIDE = 3;

/** The property of the stand-in GeoJSON object that carries the packed array to the worker. */
export const PACKED_UNITS_KEY = 'jiefangPackedUnits';

/** Kind and status codes (live/unit-codes.ts): all the units layer styles by. */
export interface UnitFeatureProperties {
  kind: number;
  status: number;
}

export interface UnitFeature {
  type: 'Feature';
  /** The unit's row in the UnitTable: numeric ids let MapLibre keep hover state. */
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: UnitFeatureProperties;
}

export interface UnitFeatureCollection {
  type: 'FeatureCollection';
  features: UnitFeature[];
}

/** What `GeoJSONSource.setData` is given: an empty collection carrying the packed array. */
export interface PackedUnitsData {
  type: 'FeatureCollection';
  features: [];
  [PACKED_UNITS_KEY]: Float64Array;
}

/** Every unit with a position, packed. A fresh array each time: it is transferred away. */
export function packUnits(table: UnitTable): Float64Array {
  const { count, lon, lat, fixAt, kind, status } = table;
  let located = 0;
  for (let row = 0; row < count; row++) if (fixAt[row] > 0) located++;
  const packed = new Float64Array(located * PACKED_UNITS_STRIDE);
  let offset = 0;
  for (let row = 0; row < count; row++) {
    if (fixAt[row] <= 0) continue;
    packed[offset] = lon[row];
    packed[offset + 1] = lat[row];
    packed[offset + 2] = row * 65536 + kind[row] * 256 + status[row];
    offset += PACKED_UNITS_STRIDE;
  }
  return packed;
}

export function packedUnitsData(packed: Float64Array): PackedUnitsData {
  return { type: 'FeatureCollection', features: [], [PACKED_UNITS_KEY]: packed };
}

/** The GeoJSON a packed array stands for (in the worker; on the main thread only as fallback). */
export function unpackUnits(packed: Float64Array): UnitFeatureCollection {
  const count = Math.floor(packed.length / PACKED_UNITS_STRIDE);
  const features: UnitFeature[] = new Array(count);
  for (let i = 0, offset = 0; i < count; i++, offset += PACKED_UNITS_STRIDE) {
    const code = packed[offset + 2];
    const row = Math.floor(code / 65536);
    const rest = code - row * 65536;
    features[i] = {
      type: 'Feature',
      id: row,
      geometry: { type: 'Point', coordinates: [packed[offset], packed[offset + 1]] },
      properties: { kind: rest >> 8, status: rest & 255 },
    };
  }
  return { type: 'FeatureCollection', features };
}

/** The packed array of a stand-in object, if it is one. */
export function packedArrayOf(data: unknown): Float64Array | undefined {
  const packed = (data as Record<string, unknown> | null)?.[PACKED_UNITS_KEY];
  return packed instanceof Float64Array ? packed : undefined;
}
