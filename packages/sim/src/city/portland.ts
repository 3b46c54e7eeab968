import {
  DEFAULT_CATALOGUE,
  haversineMetres,
  type EmergencyUnit,
  type GridUnit,
  type PoliceUnit,
  type Unit,
} from '@jiefang/core';
import type { CityRouter } from '@jiefang/routing';
import { sampleSecondOfDay } from '../model/diurnal.ts';
import type { IncidentDraft } from '../model/incident-model.ts';
import type { Coord } from '../model/motion.ts';
import { Rng } from '../model/rng.ts';
import type { WeightedPoint } from '../model/routine.ts';
import type { FleetMember, Scenario } from '../model/scenario.ts';
import { portlandCalls } from '../paths.ts';
import { readPortlandCalls, type PortlandCall } from './portland-calls.ts';
import { streetAt, trySnap } from './road-sampler.ts';

export interface PortlandOptions {
  days: number;
  seed: number;
  /** First replayed day, YYYY-MM-DD (default 2016-08-22: three weeks of history before it). */
  start?: string;
  /** Community emergency units at the busiest blocks (default 40). */
  communityUnits?: number;
  /** Patrol districts (default 10), each with `carsPerDistrict` cars (default 2). */
  districts?: number;
  carsPerDistrict?: number;
  /** Path of the NIJ file (default ../shared/data/portland-nij-cfs/…). */
  callsPath?: string;
}

/** Calls that fall on the extract's roads: inside its box and within 150 m of a drivable road. */
export function callsInCity(router: CityRouter, calls: readonly PortlandCall[]): PortlandCall[] {
  const [west, south, east, north] = router.city.meta.bbox;
  return calls.filter((c) => {
    if (c.lon < west || c.lon > east || c.lat < south || c.lat > north) return false;
    const point = trySnap(router, 'drive', [c.lon, c.lat]);
    return point !== undefined && point.offRoadMetres <= 150;
  });
}

interface Block {
  key: string;
  count: number;
  lon: number;
  lat: number;
}

/** History calls binned into 100 m × 100 m blocks, busiest first, at each block's mean call. */
export function busiestBlocks(calls: readonly PortlandCall[], cellMetres = 100): Block[] {
  if (calls.length === 0) return [];
  const lat0 = calls[0].lat;
  const perLon = 111_320 * Math.cos((lat0 * Math.PI) / 180);
  const cells = new Map<string, { count: number; lon: number; lat: number }>();
  for (const c of calls) {
    const key = `${Math.floor((c.lon * perLon) / cellMetres)}:${Math.floor((c.lat * 111_320) / cellMetres)}`;
    const cell = cells.get(key) ?? { count: 0, lon: 0, lat: 0 };
    cell.count++;
    cell.lon += c.lon;
    cell.lat += c.lat;
    cells.set(key, cell);
  }
  return [...cells]
    .map(([key, c]) => ({ key, count: c.count, lon: c.lon / c.count, lat: c.lat / c.count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/** Deterministic k-means (k-means++ start from a fixed stream) of call locations. */
export function kMeans(points: readonly Coord[], k: number, rng: Rng, iterations = 25): Coord[] {
  const centres: Coord[] = [points[rng.int(points.length)]];
  const d2 = new Float64Array(points.length);
  while (centres.length < Math.min(k, points.length)) {
    for (let i = 0; i < points.length; i++) {
      let best = Infinity;
      for (const c of centres) best = Math.min(best, sq(points[i], c));
      d2[i] = best;
    }
    centres.push(points[rng.weighted(d2)]);
  }
  const assign = new Int32Array(points.length);
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < points.length; i++) assign[i] = nearestIndex(points[i], centres);
    const sums = centres.map(() => ({ lon: 0, lat: 0, n: 0 }));
    for (let i = 0; i < points.length; i++) {
      const s = sums[assign[i]];
      s.lon += points[i][0];
      s.lat += points[i][1];
      s.n++;
    }
    sums.forEach((s, j) => {
      if (s.n > 0) centres[j] = [s.lon / s.n, s.lat / s.n];
    });
  }
  return centres;
}

function sq(a: Coord, b: Coord): number {
  const dx = (a[0] - b[0]) * Math.cos((a[1] * Math.PI) / 180);
  const dy = a[1] - b[1];
  return dx * dx + dy * dy;
}

export function nearestIndex(p: Coord, centres: readonly Coord[]): number {
  let best = 0;
  for (let j = 1; j < centres.length; j++) if (sq(p, centres[j]) < sq(p, centres[best])) best = j;
  return best;
}

/**
 * Portland's fleet, placed from the history (the calls before the first replayed day), since
 * the OSM extract has no POIs:
 * - police: the history split into patrol districts by k-means; two cars per district, based
 *   at its centre, patrolling its 15 busiest blocks;
 * - community emergency units where a city would put them: at the blocks (100 m cells) with
 *   the most calls, at least 300 m apart, each at the mean location of its block's calls;
 * - grid workers: one per cell of a 4 × 4 grid over the extract that held at least 1 % of the
 *   history, at the cell's mean call location, riding rounds of 1 km.
 */
export function portlandFleet(
  router: CityRouter,
  history: readonly PortlandCall[],
  options: Pick<PortlandOptions, 'communityUnits' | 'districts' | 'carsPerDistrict'> = {},
): FleetMember[] {
  const fleet: FleetMember[] = [];
  const blocks = busiestBlocks(history);
  const snapped = (profile: string, p: Coord): Coord => {
    const point = trySnap(router, profile, p);
    return point ? [point.lon, point.lat] : p;
  };
  // Footways are often unnamed: the street the block is on, by any profile.
  const streetOf = (profile: string, p: Coord) =>
    streetAt(router, profile, p) ?? streetAt(router, 'drive', p) ?? streetAt(router, 'bike', p);

  const centres = kMeans(
    history.map((c) => [c.lon, c.lat] as Coord),
    options.districts ?? 10,
    new Rng('portland-districts'),
  );
  const districtBlocks: WeightedPoint[][] = centres.map(() => []);
  for (const b of blocks) {
    const d = nearestIndex([b.lon, b.lat], centres);
    if (districtBlocks[d].length < 15)
      districtBlocks[d].push({ lon: b.lon, lat: b.lat, weight: b.count });
  }
  centres.forEach((centre, d) => {
    for (let k = 1; k <= (options.carsPerDistrict ?? 2); k++) {
      const unit: PoliceUnit = {
        id: `police-${d + 1}-${k}`,
        name: `District ${d + 1} car ${k}`,
        kind: 'police',
        mode: 'car',
        orgId: `district-${d + 1}`,
        profile: 'drive',
        turnoutSeconds: 30,
        status: 'available',
        talkGroupIds: [],
      };
      fleet.push({
        unit,
        routine: {
          kind: 'patrol',
          home: snapped('drive', centre),
          radiusMetres: 1500,
          hotspots: districtBlocks[d],
        },
      });
    }
  });

  const chosen: Block[] = [];
  for (const b of blocks) {
    if (chosen.length >= (options.communityUnits ?? 40)) break;
    if (chosen.every((c) => haversineMetres(c.lon, c.lat, b.lon, b.lat) >= 300)) chosen.push(b);
  }
  chosen.forEach((b, i) => {
    const street = streetOf('walk', [b.lon, b.lat]);
    const siteName = `block ${i + 1}${street ? ` (${street})` : ''}, ${b.count} calls`;
    const unit: EmergencyUnit = {
      id: `eu-${i + 1}`,
      name: `Community unit ${i + 1}${street ? ` ${street}` : ''}`,
      kind: 'community',
      orgId: 'community',
      profile: 'walk',
      turnoutSeconds: 10,
      status: 'available',
      talkGroupIds: [],
      siteId: `site-${i + 1}`,
      members: [],
      equipment: ['shield', 'restraint fork', 'baton', 'stab vest', 'radio'],
    };
    fleet.push({
      unit,
      routine: { kind: 'site_rounds', home: snapped('walk', [b.lon, b.lat]), radiusMetres: 150 },
      siteName,
    });
  });

  const [west, south, east, north] = router.city.meta.bbox;
  const cells = new Map<number, { n: number; lon: number; lat: number }>();
  for (const c of history) {
    const i = Math.min(3, Math.floor(((c.lon - west) / (east - west)) * 4));
    const j = Math.min(3, Math.floor(((c.lat - south) / (north - south)) * 4));
    const cell = cells.get(j * 4 + i) ?? { n: 0, lon: 0, lat: 0 };
    cell.n++;
    cell.lon += c.lon;
    cell.lat += c.lat;
    cells.set(j * 4 + i, cell);
  }
  let g = 0;
  for (const [index, cell] of [...cells].sort((a, b) => a[0] - b[0])) {
    if (cell.n < history.length * 0.01) continue;
    g++;
    const unit: GridUnit = {
      id: `grid-unit-${g}`,
      name: `Grid worker ${g} (cell ${index + 1})`,
      kind: 'grid',
      orgId: `grid-${g}`,
      profile: 'bike',
      turnoutSeconds: 20,
      status: 'available',
      talkGroupIds: [],
      members: [],
    };
    fleet.push({
      unit,
      routine: {
        kind: 'grid_rounds',
        home: snapped('bike', [cell.lon / cell.n, cell.lat / cell.n]),
        radiusMetres: 1000,
      },
    });
  }
  return fleet;
}

function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Portland: the real calls for service of the replayed days that fall on the extract's roads,
 * each at a time of day drawn from the diurnal profile (the data carry dates only), and the
 * fleet placed from the history before those days.
 */
export function portlandScenario(router: CityRouter, options: PortlandOptions): Scenario {
  const start = options.start ?? '2016-08-22';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(start)) throw new Error(`start must be YYYY-MM-DD, got ${start}`);
  const end = addDays(start, options.days);
  const all = callsInCity(router, readPortlandCalls(options.callsPath ?? portlandCalls()));
  const history = all.filter((c) => c.date < start);
  const replay = all.filter((c) => c.date >= start && c.date < end);
  const lastDate = all.reduce((m, c) => (c.date > m ? c.date : m), '');
  if (end > addDays(lastDate, 1)) {
    throw new Error(
      `the data end on ${lastDate}: ${options.days} day(s) from ${start} run past it`,
    );
  }
  if (history.length === 0) throw new Error(`no calls before ${start} to place the fleet from`);
  const rng = new Rng(options.seed, 'portland-times');
  const startMs = Date.parse(`${start}T00:00:00Z`);
  const incidents: IncidentDraft[] = replay.map((c) => {
    const day = Math.round((Date.parse(`${c.date}T00:00:00Z`) - startMs) / 86400_000);
    const names = DEFAULT_CATALOGUE.get(c.categoryCode).names;
    return {
      id: `pdx-${c.row}`,
      atSeconds: day * 86400 + sampleSecondOfDay(rng),
      lon: c.lon,
      lat: c.lat,
      categoryCode: c.categoryCode,
      priority: c.priority,
      description: `${c.description} (${names.en})`,
    };
  });
  incidents.sort((a, b) => a.atSeconds - b.atSeconds || a.id.localeCompare(b.id));
  const fleet = portlandFleet(router, history, options);
  const count = (kind: Unit['kind']) => fleet.filter((m) => m.unit.kind === kind).length;
  return {
    city: 'portland',
    router,
    fleet,
    incidents,
    horizonSeconds: options.days * 86400,
    // Local midnight in Portland (PDT, UTC−7) of the first replayed day.
    startEpochMs: startMs + 7 * 3600_000,
    seed: options.seed,
    notes: [
      `central Portland: ${incidents.length} real calls of ${start} … ${addDays(end, -1)} on the extract's roads (${history.length} calls of history before them)`,
      `fleet from the history: ${count('police')} police cars in ${options.districts ?? 10} k-means districts, ${count('community')} community units at the busiest blocks, ${count('grid')} grid workers`,
    ],
  };
}
