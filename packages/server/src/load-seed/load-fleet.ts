import { createHmac } from 'node:crypto';
import type { Org } from '@jiefang/core';
import type { CityRouter } from '@jiefang/routing';

/**
 * The organisation of a load test (`npm run load`), planned the same way in the seeding process
 * and in the load generator, so both agree on every id without exchanging a file:
 *
 * - the city is split like Guangzhou: 11 districts (strips of the map), ~14 stations
 *   (派出所) per district, 16 communities (社区) per station;
 * - community emergency units of 3 and 2 members (2.5 on average, the real structure), each
 *   member with their own phone: `responders` phones in `ceil(responders / 2.5)` units, stationed
 *   at a site of their community, on foot;
 * - `police` patrol cars, one tablet each, belonging to the station of the area they start in;
 * - every phone and tablet is its own responder account with an own-unit grant and its own
 *   bearer token (what `POST /api/v1/tokens` issues one device at a time), and one dispatcher.
 *
 * Tokens are HMAC-SHA256(key, account id): the load tool draws a fresh key per run and gives it
 * to the seeding process; only the hashes reach the store, as for any token.
 */
export interface LoadFleetOptions {
  responders: number;
  police: number;
  /** Seed of the placement (default 1). */
  seed?: number;
}

export interface LoadUnitPlan {
  id: string;
  kind: 'community' | 'police';
  profile: 'walk' | 'drive';
  orgId: string;
  /** Vertex of the unit's profile graph where it starts its rounds. */
  node: number;
  lon: number;
  lat: number;
  /** Device accounts reporting for this unit (2–3 members' phones, or the car's tablet). */
  accountIds: string[];
}

export interface LoadFleetPlan {
  orgs: Org[];
  units: LoadUnitPlan[];
  dispatcherAccountId: string;
}

export const LOAD_CITY_ORG = 'load-city';
export const LOAD_DISPATCHER = 'load-dispatcher';
const DISTRICTS = 11;
const STATIONS_PER_DISTRICT = 14;
const COMMUNITIES_PER_STATION = 4; // per side: 4 × 4 = 16 communities per station

/** A deterministic generator (Park–Miller), so both processes place units identically. */
function lcg(seed: number): () => number {
  let state = Math.max(1, Math.floor(seed) % 2147483647);
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

export function planLoadFleet(router: CityRouter, options: LoadFleetOptions): LoadFleetPlan {
  const random = lcg(options.seed ?? 1);
  const [west, south, east, north] = router.city.meta.bbox;
  const orgs: Org[] = [{ id: LOAD_CITY_ORG, parentId: null, kind: 'city', name: 'Load city' }];
  for (let d = 0; d < DISTRICTS; d++) {
    orgs.push({ id: `d${d}`, parentId: LOAD_CITY_ORG, kind: 'district', name: `District ${d}` });
    for (let s = 0; s < STATIONS_PER_DISTRICT; s++) {
      const station = `d${d}-s${s}`;
      orgs.push({ id: station, parentId: `d${d}`, kind: 'station', name: `Station ${d}-${s}` });
      for (let c = 0; c < COMMUNITIES_PER_STATION ** 2; c++) {
        orgs.push({
          id: `${station}-c${c}`,
          parentId: station,
          kind: 'community',
          name: `Community ${d}-${s}-${c}`,
        });
      }
    }
  }
  // District = a strip of longitude; station = a band of latitude in it; community = a 4 × 4
  // cell of the station's rectangle.
  const cell = (lon: number, lat: number) => {
    const x = Math.min(0.999999, Math.max(0, (lon - west) / (east - west)));
    const y = Math.min(0.999999, Math.max(0, (lat - south) / (north - south)));
    const d = Math.floor(x * DISTRICTS);
    const s = Math.floor(y * STATIONS_PER_DISTRICT);
    const cx = Math.floor((x * DISTRICTS - d) * COMMUNITIES_PER_STATION);
    const cy = Math.floor((y * STATIONS_PER_DISTRICT - s) * COMMUNITIES_PER_STATION);
    return {
      station: `d${d}-s${s}`,
      community: `d${d}-s${s}-c${cy * COMMUNITIES_PER_STATION + cx}`,
    };
  };

  const units: LoadUnitPlan[] = [];
  const walk = router.graph('walk');
  let phones = Math.max(0, Math.floor(options.responders));
  for (let i = 0; phones > 0; i++) {
    // 3, 2, 3, 2 …: 2.5 members per unit; never a unit of one unless only one phone is left.
    let members = i % 2 === 0 ? 3 : 2;
    if (phones - members === 1) members = phones <= 3 ? phones : 2;
    members = Math.min(members, phones);
    phones -= members;
    const node = Math.floor(random() * walk.nodeCount);
    const lon = walk.nodeLon[node];
    const lat = walk.nodeLat[node];
    const id = `cu-${i}`;
    units.push({
      id,
      kind: 'community',
      profile: 'walk',
      orgId: cell(lon, lat).community,
      node,
      lon,
      lat,
      accountIds: Array.from({ length: members }, (_, m) => `dev-${id}-${m}`),
    });
  }
  const drive = router.graph('drive');
  for (let i = 0; i < Math.max(0, Math.floor(options.police)); i++) {
    const node = Math.floor(random() * drive.nodeCount);
    const lon = drive.nodeLon[node];
    const lat = drive.nodeLat[node];
    const id = `pu-${i}`;
    units.push({
      id,
      kind: 'police',
      profile: 'drive',
      orgId: cell(lon, lat).station,
      node,
      lon,
      lat,
      accountIds: [`dev-${id}`],
    });
  }
  return { orgs, units, dispatcherAccountId: LOAD_DISPATCHER };
}

/** The bearer token of a load-test account: HMAC-SHA256(key, accountId), base64url. */
export function loadToken(key: string, accountId: string): string {
  return createHmac('sha256', key).update(accountId).digest('base64url');
}
