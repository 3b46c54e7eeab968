import { haversineMetres } from '../geo/geodesy.ts';
import type { ProfileGraph } from '../graph/profile-graph.ts';

/**
 * Coordinates of edge `edge` from fraction `from` to fraction `to` (by length), reversed when
 * `from > to`. Fractions come from snapping and isochrone cuts; interpolation is linear within
 * a segment, which at city scale is exact to the centimetre.
 */
export function edgeSlice(
  graph: ProfileGraph,
  edge: number,
  from: number,
  to: number,
): [number, number][] {
  if (from > to) return edgeSlice(graph, edge, to, from).reverse();
  const start = graph.edgeGeomStart[edge];
  const end = graph.edgeGeomStart[edge + 1];
  const lon = graph.geomLon;
  const lat = graph.geomLat;
  const lengths: number[] = [];
  let total = 0;
  for (let k = start; k + 1 < end; k++) {
    const length = haversineMetres(lon[k], lat[k], lon[k + 1], lat[k + 1]);
    lengths.push(length);
    total += length;
  }
  const fromM = from * total;
  const toM = to * total;
  const out: [number, number][] = [];
  let walked = 0;
  for (let s = 0; s < lengths.length; s++) {
    const k = start + s;
    const segmentStart = walked;
    const segmentEnd = walked + lengths[s];
    if (segmentEnd >= fromM && out.length === 0) {
      out.push(interpolate(lon, lat, k, lengths[s], fromM - segmentStart));
    }
    if (out.length > 0) {
      if (segmentEnd >= toM) {
        out.push(interpolate(lon, lat, k, lengths[s], toM - segmentStart));
        return out;
      }
      out.push([lon[k + 1], lat[k + 1]]);
    }
    walked = segmentEnd;
  }
  if (out.length === 0) out.push([lon[end - 1], lat[end - 1]]);
  if (out.length === 1) out.push(out[0]);
  return out;
}

function interpolate(
  lon: Float64Array,
  lat: Float64Array,
  k: number,
  length: number,
  along: number,
): [number, number] {
  const t = length > 0 ? Math.min(1, Math.max(0, along / length)) : 0;
  return [lon[k] + (lon[k + 1] - lon[k]) * t, lat[k] + (lat[k + 1] - lat[k]) * t];
}
