import {
  DomainError,
  DomainErrorCode,
  haversineMetres,
  UNIT_KINDS,
  validationError,
  type TrackedPosition,
  type Unit,
  type UnitKind,
} from '@jiefang/core';
import {
  edgeSlice,
  type CityGraphData,
  type CityRouter,
  type LocalNames,
  type ProfileGraph,
  type RoadPoint,
} from '@jiefang/routing';
import type { TypedApp } from '../http/typed-app.ts';
import { Type } from 'typebox';
import { caller } from '../auth/authenticate.ts';
import { guard, scopeOf } from '../auth/guard.ts';
import type { ServerContext } from '../context.ts';
import { streetNamesOf } from '../search/nearest-street.ts';
import {
  type BandShare,
  CoverageResponse,
  type RoadFeature,
  errorResponses,
  IdParams,
  IsochroneResponse,
  literals,
  WhereaboutsResponse,
} from '@jiefang/contract';
import { trackerOf } from '../live/unit-view.ts';
import { AggregateType } from '../world/aggregate-types.ts';

/** The 1-3-5 bands: on scene within one, three and five minutes. */
export const COVERAGE_BANDS = [60, 180, 300] as const;

const PROFILES = ['drive', 'walk', 'bike'] as const;

/** A unit further than this from every named place is described by its street. */
const NEAR_PLACE_METRES = 250;

/** A road point with the seconds before its unit can move (turnout). */
interface Source {
  point: RoadPoint;
  offset: number;
}

/**
 * The layers of the dispatcher's map: 1-3-5 coverage of the available units drawn on the roads,
 * the isochrone of one unit, where each unit is in words.
 */
export function coverageRoutes(app: TypedApp, ctx: ServerContext): void {
  const fresh = (
    fix: TrackedPosition | undefined,
  ): fix is TrackedPosition & { snapped: RoadPoint } =>
    fix !== undefined &&
    fix.snapped !== undefined &&
    ctx.clock.now() - fix.at <= ctx.config.staleAfterSeconds * 1000;

  app.get(
    '/api/v1/coverage',
    {
      schema: {
        tags: ['units'],
        summary:
          '1-3-5 coverage: road stretches the available units of your scope reach within 60/180/300 s (turnout included), by band',
        querystring: Type.Object(
          {
            kinds: Type.Optional(
              Type.String({
                pattern: '^[a-z_]+(,[a-z_]+)*$',
                description: 'comma-separated unit kinds (default police,community)',
              }),
            ),
            profile: Type.Optional(
              Type.Union(
                PROFILES.map((p) => Type.Literal(p)),
                { description: 'only units that move by this profile (default: every profile)' },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: CoverageResponse, ...errorResponses },
      },
    },
    async (request) => {
      guard(ctx, request, 'unit.read', caller(request).orgId);
      const query = request.query;
      const kinds = parseKinds(query.kinds);
      const scope = scopeOf(ctx, request);
      const positions = trackerOf(ctx).positions;
      const byProfile = new Map<string, Source[]>();
      for (const unit of ctx.world.unitList) {
        if (!scope.has(unit.orgId) || unit.status !== 'available') continue;
        if (!kinds.includes(unit.kind)) continue;
        if (query.profile && unit.profile !== query.profile) continue;
        const fix = positions.get(unit.id);
        if (!fresh(fix) || (fix.snapped as RoadPoint).profile !== unit.profile) continue;
        const list = byProfile.get(unit.profile) ?? [];
        list.push({ point: fix.snapped, offset: unit.turnoutSeconds });
        byProfile.set(unit.profile, list);
      }
      const features: RoadFeature[] = [];
      const profiles: {
        profile: string;
        unitCount: number;
        totalMetres: number;
        shares: BandShare[];
      }[] = [];
      let unitCount = 0;
      for (const [profile, sources] of [...byProfile].sort(([a], [b]) => a.localeCompare(b))) {
        const result = bandedReach(ctx.router, profile, sources, COVERAGE_BANDS);
        features.push(...result.features);
        unitCount += sources.length;
        profiles.push({
          profile,
          unitCount: sources.length,
          totalMetres: round(result.totalMetres, 1),
          shares: result.shares,
        });
      }
      const total = profiles.reduce((sum, p) => sum + p.totalMetres, 0);
      const shares = COVERAGE_BANDS.map((band, i) => {
        const metres = profiles.reduce((sum, p) => sum + p.shares[i].metres, 0);
        return { band, metres: round(metres, 1), share: total > 0 ? round(metres / total, 4) : 0 };
      });
      return {
        type: 'FeatureCollection' as const,
        computedAt: new Date(ctx.clock.now()).toISOString(),
        bands: [...COVERAGE_BANDS],
        kinds,
        unitCount,
        shares,
        profiles,
        features,
      };
    },
  );

  app.get(
    '/api/v1/units/:id/isochrone',
    {
      schema: {
        tags: ['units'],
        summary:
          'Road stretches a unit can reach from its live position within `seconds` of travel, on its own profile, by 1-3-5 band',
        params: IdParams,
        querystring: Type.Object(
          { seconds: Type.Optional(Type.Integer({ minimum: 10, maximum: 1800, default: 300 })) },
          { additionalProperties: false },
        ),
        response: { 200: IsochroneResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      const seconds = request.query.seconds ?? 300;
      const unit = ctx.world.get<Unit>(AggregateType.unit, id);
      if (!unit) throw new DomainError(DomainErrorCode.NOT_FOUND, `no unit ${id}`, 'id');
      guard(ctx, request, 'unit.read', unit.orgId);
      const fix = trackerOf(ctx).positions.get(id);
      if (!fresh(fix) || (fix.snapped as RoadPoint).profile !== unit.profile) {
        throw new DomainError(
          DomainErrorCode.STALE_POSITION,
          `unit ${id} has no fresh position on its ${unit.profile} network`,
          'id',
        );
      }
      const bands = [...COVERAGE_BANDS.filter((b) => b < seconds), seconds];
      const result = bandedReach(
        ctx.router,
        unit.profile,
        [{ point: fix.snapped, offset: 0 }],
        bands,
      );
      return {
        type: 'FeatureCollection' as const,
        unitId: id,
        profile: unit.profile,
        seconds,
        from: { lon: fix.lon, lat: fix.lat, at: fix.at },
        bands,
        shares: result.shares,
        features: result.features,
      };
    },
  );

  app.get(
    '/api/v1/units/whereabouts',
    {
      schema: {
        tags: ['units'],
        summary:
          'Where each located unit of your scope is, in words: the nearest named place, and its street',
        querystring: Type.Object(
          {
            kind: Type.Optional(literals(UNIT_KINDS)),
            status: Type.Optional(Type.String({ maxLength: 30 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: WhereaboutsResponse, ...errorResponses },
      },
    },
    async (request) => {
      guard(ctx, request, 'unit.read', caller(request).orgId);
      const query = request.query;
      const scope = scopeOf(ctx, request);
      const positions = trackerOf(ctx).positions;
      const places = PlaceGrid.of(ctx.router.city);
      const answer = [];
      for (const unit of ctx.world.unitList) {
        if (!scope.has(unit.orgId)) continue;
        if (query.kind && unit.kind !== query.kind) continue;
        if (query.status && unit.status !== query.status) continue;
        const fix = positions.get(unit.id);
        if (!fix) continue;
        const near = places.nearest(fix.lon, fix.lat, NEAR_PLACE_METRES);
        const street = streetNamesOf(ctx.router, fix.snapped as RoadPoint | undefined);
        answer.push({
          unitId: unit.id,
          ...(near
            ? {
                place: near.name,
                placeLocalNames: near.localNames,
                placeMetres: Math.round(near.metres),
              }
            : {}),
          ...(street ? { street: street.name, streetLocalNames: street.localNames } : {}),
        });
      }
      return answer;
    },
  );
}

function parseKinds(text: string | undefined): UnitKind[] {
  if (text === undefined) return ['police', 'community'];
  const kinds = [...new Set(text.split(','))];
  for (const kind of kinds) {
    if (!(UNIT_KINDS as readonly string[]).includes(kind)) {
      throw validationError('kinds', `${kind} is not a unit kind (${UNIT_KINDS.join(', ')})`);
    }
  }
  return kinds as UnitKind[];
}

/**
 * The road stretches reached from the sources within each band, as disjoint LineStrings: a
 * stretch reached within 60 s is drawn once as band 60, not again as 180 and 300. One
 * multi-source search (router.coverage) gives each vertex its best time; the parts of each edge
 * are then cut at the band limits from both ends and from the sources standing on it.
 */
export function bandedReach(
  router: CityRouter,
  profile: string,
  sources: readonly Source[],
  bands: readonly number[],
): {
  features: RoadFeature[];
  totalMetres: number;
  shares: BandShare[];
} {
  const graph = router.graph(profile);
  const result = router.coverage(
    sources.map((s) => s.point),
    profile,
    bands,
    sources.map((s) => s.offset),
  );
  const shares = result.thresholds.map((t) => ({
    band: t.seconds,
    metres: round(t.metres, 1),
    share: round(t.share, 4),
  }));
  const features: RoadFeature[] = [];
  if (sources.length === 0) return { features, totalMetres: result.totalMetres, shares };
  const onEdge = new Map<number, Source[]>();
  for (const s of sources) {
    const list = onEdge.get(s.point.edge) ?? [];
    list.push(s);
    onEdge.set(s.point.edge, list);
  }
  const seconds = result.nodeSeconds;
  const limitMax = bands[bands.length - 1];
  for (let e = 0; e < graph.edgeCount; e++) {
    const du = seconds[graph.edgeU[e]];
    const dv = seconds[graph.edgeV[e]];
    const here = onEdge.get(e);
    if (du > limitMax && dv > limitMax && here === undefined) continue;
    let before: [number, number][] = [];
    const name = graph.edgeName[e] >= 0 ? router.city.names[graph.edgeName[e]] : null;
    for (const band of bands) {
      const reached = mergeIntervals(edgeIntervals(graph, e, du, dv, band, here));
      for (const [a, b] of subtractIntervals(reached, before)) {
        if (b - a < 1e-6) continue;
        features.push({
          type: 'Feature',
          properties: { band, profile, name },
          geometry: { type: 'LineString', coordinates: sliceEdge(graph, e, a, b) },
        });
      }
      before = reached;
    }
  }
  return { features, totalMetres: result.totalMetres, shares };
}

/** Parts of edge e (fractions by length) reached within `limit`, as [start, end] pairs. */
function edgeIntervals(
  graph: ProfileGraph,
  e: number,
  du: number,
  dv: number,
  limit: number,
  sources: readonly Source[] | undefined,
): [number, number][] {
  const forward = graph.edgeForwardSeconds[e];
  const backward = graph.edgeBackwardSeconds[e];
  const out: [number, number][] = [];
  if (du <= limit && Number.isFinite(forward)) {
    out.push([0, forward > 0 ? Math.min(1, (limit - du) / forward) : 1]);
  }
  if (dv <= limit && Number.isFinite(backward)) {
    out.push([backward > 0 ? Math.max(0, 1 - (limit - dv) / backward) : 0, 1]);
  }
  for (const s of sources ?? []) {
    const rest = limit - s.offset;
    if (rest < 0) continue;
    const f = s.point.fraction;
    if (Number.isFinite(forward)) out.push([f, forward > 0 ? Math.min(1, f + rest / forward) : 1]);
    if (Number.isFinite(backward))
      out.push([backward > 0 ? Math.max(0, f - rest / backward) : 0, f]);
  }
  return out;
}

export function mergeIntervals(intervals: [number, number][]): [number, number][] {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

/** `from` minus `remove`; both merged and sorted. */
export function subtractIntervals(
  from: readonly [number, number][],
  remove: readonly [number, number][],
): [number, number][] {
  const out: [number, number][] = [];
  for (const [a0, b] of from) {
    let a = a0;
    for (const [c, d] of remove) {
      if (d <= a || c >= b) continue;
      if (c > a) out.push([a, c]);
      a = Math.max(a, d);
      if (a >= b) break;
    }
    if (a < b) out.push([a, b]);
  }
  return out;
}

/** Coordinates of edge e from fraction `from` to `to` by length, to 6 decimals (~0.1 m). */
function sliceEdge(graph: ProfileGraph, e: number, from: number, to: number): [number, number][] {
  return edgeSlice(graph, e, from, to).map(([lon, lat]) => [round(lon, 6), round(lat, 6)]);
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The city's named places in a grid of ~1 km cells, for "nearest named place" lookups. */
class PlaceGrid {
  private static readonly built = new WeakMap<CityGraphData, PlaceGrid>();
  private static readonly CELL = 0.01;
  private readonly cells = new Map<
    string,
    { name: string; localNames: LocalNames; lon: number; lat: number }[]
  >();

  static of(city: CityGraphData): PlaceGrid {
    let grid = PlaceGrid.built.get(city);
    if (!grid) {
      grid = new PlaceGrid(city);
      PlaceGrid.built.set(city, grid);
    }
    return grid;
  }

  private constructor(city: CityGraphData) {
    for (const place of city.places) {
      if (!place.name || !Number.isFinite(place.lon) || !Number.isFinite(place.lat)) continue;
      const key = this.key(
        Math.floor(place.lon / PlaceGrid.CELL),
        Math.floor(place.lat / PlaceGrid.CELL),
      );
      const list = this.cells.get(key) ?? [];
      list.push({
        name: place.name,
        localNames: place.localNames,
        lon: place.lon,
        lat: place.lat,
      });
      this.cells.set(key, list);
    }
  }

  nearest(
    lon: number,
    lat: number,
    withinMetres: number,
  ): { name: string; localNames: LocalNames; metres: number } | undefined {
    const cx = Math.floor(lon / PlaceGrid.CELL);
    const cy = Math.floor(lat / PlaceGrid.CELL);
    let best: { name: string; localNames: LocalNames; metres: number } | undefined;
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const place of this.cells.get(this.key(cx + dx, cy + dy)) ?? []) {
          const metres = haversineMetres(lon, lat, place.lon, place.lat);
          if (metres <= withinMetres && (!best || metres < best.metres))
            best = { name: place.name, localNames: place.localNames, metres };
        }
      }
    }
    return best;
  }

  private key(x: number, y: number): string {
    return `${x}:${y}`;
  }
}
