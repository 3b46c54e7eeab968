import type { LonLat, Org, Site, TalkGroup, Unit } from '@jiefang/core';
import type { DemoCity } from '@jiefang/server';
import type { CityRouter } from '@jiefang/routing';
import type { IncidentDraft } from '../model/incident-model.ts';
import type { Coord } from '../model/motion.ts';
import type { RoutineSpec } from '../model/routine.ts';
import { nearestIndex, portlandScenario, type PortlandOptions } from './portland.ts';
import { offset, streetAt } from './road-sampler.ts';

/** A demo city with a replay: what `jiefang demo` seeds and what its simulator plays. */
export interface ReplayDemo {
  city: DemoCity;
  /** Each unit's routine between incidents (its patrol district, block or grid cell). */
  routines: Map<string, RoutineSpec>;
  /** The calls to replay, in time order, `atSeconds` from `startEpochMs`. */
  incidents: IncidentDraft[];
  /** Epoch milliseconds of the first replayed day's local midnight. */
  startEpochMs: number;
  /** How it was made, for the console. */
  notes: string[];
}

export type PortlandDemoOptions = Partial<PortlandOptions>;

/**
 * The Portland demo: the fleet of `portlandFleet` (placed from the calls before the replayed
 * days, since the OSM extract has no POIs) as an organisation, and the real calls of the
 * replayed days with their times from the diurnal profile — the same calls, times and fleet
 * as `npm run eval:dispatch -- --city portland` for the same start, days and seed.
 *
 * Orgs: the city → the Portland Police Bureau (central) → one precinct per k-means patrol
 * district (named after the street at its base) → that precinct's neighbourhood (community) →
 * the grid cells whose centre is nearest the precinct's base; and a city department for work
 * orders. Units: the precinct's two cars based at its centre; a community emergency unit at
 * each of the 40 busiest blocks (a site of kind `other`, 2–3 members) in the neighbourhood of
 * the nearest base; a grid worker per busy cell. A talk group per precinct (its cars and
 * community units). The demo logins live where Nanjing's do: `station-1` / `police-1-1`,
 * `grid-1` / `grid-unit-1`, `district`, `urban-management`, `city`.
 */
export function portlandDemo(router: CityRouter, options: PortlandDemoOptions = {}): ReplayDemo {
  const scenario = portlandScenario(router, {
    ...options,
    days: options.days ?? 1,
    seed: options.seed ?? 1,
  });
  const fleet = scenario.fleet;
  const districtOf = (orgId: string) => Number(/^district-(\d+)$/.exec(orgId)?.[1]);
  const bases = new Map<number, Coord>();
  for (const m of fleet) {
    if (m.unit.kind === 'police' && !bases.has(districtOf(m.unit.orgId)))
      bases.set(districtOf(m.unit.orgId), m.routine.home);
  }
  const districts = [...bases.keys()].sort((a, b) => a - b);
  const baseList = districts.map((d) => bases.get(d)!);
  const precinctAt = (p: Coord) => districts[nearestIndex(p, baseList)];

  const orgs: Org[] = [
    { id: 'city', parentId: null, kind: 'city', name: 'City of Portland' },
    {
      id: 'district',
      parentId: 'city',
      kind: 'district',
      name: 'Portland Police Bureau · central Portland',
    },
  ];
  for (const d of districts) {
    const street = nearbyStreet(router, bases.get(d)!);
    orgs.push({
      id: `station-${d}`,
      parentId: 'district',
      kind: 'station',
      name: `Precinct ${d}${street ? ` (${street})` : ''}`,
    });
    orgs.push({
      id: `community-${d}`,
      parentId: `station-${d}`,
      kind: 'community',
      name: `Precinct ${d} neighbourhoods`,
    });
  }
  const gridOrgs: Org[] = [];
  orgs.push({
    id: 'urban-management',
    parentId: 'district',
    kind: 'department',
    name: 'Bureau of Transportation · street maintenance',
  });

  const units: Unit[] = [];
  const sites: Site[] = [];
  const startPositions = new Map<string, LonLat>();
  const routines = new Map<string, RoutineSpec>();
  const talkGroup = (d: number) => `tg-precinct-${d}`;
  const at = (c: Coord): LonLat => ({ lon: c[0], lat: c[1] });
  let communityIndex = 0;
  for (const member of fleet) {
    const { unit, routine } = member;
    const home = routine.home;
    routines.set(unit.id, routine);
    startPositions.set(unit.id, at(home));
    if (unit.kind === 'police') {
      const d = districtOf(unit.orgId);
      const k = unit.id.split('-').pop();
      units.push({
        ...unit,
        name: `Precinct ${d} car ${k}`,
        orgId: `station-${d}`,
        talkGroupIds: [talkGroup(d)],
      });
    } else if (unit.kind === 'community') {
      const d = precinctAt(home);
      const i = communityIndex++;
      const label = member.siteName ?? `block ${i + 1}`;
      const site: Site = {
        id: unit.siteId!,
        name: label.charAt(0).toUpperCase() + label.slice(1),
        kind: 'other',
        orgId: `community-${d}`,
        location: at(home),
        unitIds: [unit.id],
      };
      sites.push(site);
      units.push({
        ...unit,
        orgId: `community-${d}`,
        talkGroupIds: [talkGroup(d)],
        members: [
          { personId: `${unit.id}-1`, name: `${unit.name} lead`, role: 'leader' },
          { personId: `${unit.id}-2`, name: `${unit.name} guard`, role: 'member' },
          ...(i % 2 === 0
            ? [
                {
                  personId: `${unit.id}-3`,
                  name: `${unit.name} volunteer`,
                  role: 'member' as const,
                },
              ]
            : []),
        ],
      });
    } else if (unit.kind === 'grid') {
      const d = precinctAt(home);
      gridOrgs.push({
        id: unit.orgId,
        parentId: `community-${d}`,
        kind: 'grid',
        name: unit.name.replace(/^Grid worker \d+ \((.*)\)$/, 'Grid $1'),
      });
      units.push({
        ...unit,
        members: [{ personId: `${unit.id}-person`, name: unit.name, role: 'leader' }],
      });
    } else {
      units.push(unit);
    }
  }
  orgs.push(...gridOrgs);
  const talkGroups: TalkGroup[] = districts.map((d) => ({
    id: talkGroup(d),
    name: `Precinct ${d} patrol and community`,
    orgId: `station-${d}`,
    unitIds: units.filter((u) => u.talkGroupIds.includes(talkGroup(d))).map((u) => u.id),
  }));

  return {
    city: {
      key: 'portland',
      orgs,
      units,
      sites,
      talkGroups,
      startPositions,
      homes: {
        admin: { orgId: 'city', unitIds: [] },
        supervisor: { orgId: 'district', unitIds: [] },
        dispatcher: { orgId: 'district', unitIds: [] },
        responder: { orgId: 'station-1', unitIds: ['police-1-1'] },
        grid_worker: { orgId: 'grid-1', unitIds: ['grid-unit-1'] },
        department: { orgId: 'urban-management', unitIds: [] },
        analyst: { orgId: 'district', unitIds: [] },
        integration: { orgId: 'district', unitIds: [] },
      },
    },
    routines,
    incidents: scenario.incidents,
    startEpochMs: scenario.startEpochMs,
    notes: scenario.notes,
  };
}

/** A named street at or near `at` (a base often sits on an unnamed service road). */
function nearbyStreet(router: CityRouter, at: Coord): string | undefined {
  for (const metres of [0, 40, 80]) {
    for (let k = 0; k < (metres === 0 ? 1 : 8); k++) {
      const angle = (k * Math.PI) / 4;
      const p = offset(at, metres * Math.cos(angle), metres * Math.sin(angle));
      const name = streetAt(router, 'drive', p) ?? streetAt(router, 'walk', p);
      if (name) return name;
    }
  }
  return undefined;
}
