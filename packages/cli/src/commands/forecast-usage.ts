export const forecastUsage = `jiefang forecast --calls FILE… --until YYYY-MM-DD --horizon 7d|2w|1m
    [--category all|street|burglary|vehicle_theft] [--area-sq-mi 0.75] --out hotspots.geojson
  Hotspot forecast from NIJ-format calls dated before --until: method, cell size and rotation
  chosen by validation on those calls; writes the flagged cells, ranked, as GeoJSON.`;
