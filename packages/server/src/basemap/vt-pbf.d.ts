/** vt-pbf 3 ships no types; this is the one function the tile service calls. */
declare module 'vt-pbf' {
  interface VtPbf {
    /** Encodes geojson-vt tiles, one per layer name, as one Mapbox Vector Tile. */
    fromGeojsonVt(
      layers: Record<string, { features: unknown[] }>,
      options?: { version?: number; extent?: number },
    ): Uint8Array;
  }
  const vtpbf: VtPbf;
  export default vtpbf;
}
