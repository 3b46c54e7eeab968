import { DomainError, DomainErrorCode, ProblemList } from '../errors.ts';
import { checkLonLat, type LonLat } from '../geo/coordinates.ts';
import { haversineMetres } from '../geo/distance.ts';
import type { TravelTimes } from '../ports.ts';
import type { Decision, DecideContext } from '../shared/decision.ts';
import { toIso } from '../shared/time.ts';
import type { PositionLookup } from '../recommend/measure-reach.ts';
import { positionOf } from '../recommend/measure-reach.ts';
import type { Unit } from '../unit/unit.ts';
import { nearestUnits } from '../alert/nearest-units.ts';

/** A search sector: a slice of the ring, the point a unit heads for, and who searches it. */
export interface SearchSector {
  index: number;
  fromDegrees: number;
  toDegrees: number;
  point: LonLat;
  unitId?: string;
  etaSeconds?: number;
}

export interface MissingBroadcast {
  at: string;
  radiusMetres: number;
  /** Every unit inside the ring when it was sent. */
  unitIds: string[];
  sectors: SearchSector[];
}

export interface Sighting {
  at: string;
  location: LonLat;
  unitId?: string;
  note?: string;
}

export interface MissingPersonCase {
  id: string;
  orgId: string;
  /** A reference to the photo (file store id or URL), not the image. */
  photoRef?: string;
  description: string;
  lastSeen: { location: LonLat; at: string };
  /** How fast the person is assumed to walk (m/s): 1.2 adults, less for the elderly and children. */
  walkingSpeedMps: number;
  status: 'open' | 'found';
  openedAt: string;
  broadcasts: MissingBroadcast[];
  sightings: Sighting[];
  foundAt?: string;
  foundLocation?: LonLat;
  /** From the last sighting before the case was opened (lastSeen.at) to found. */
  timeToFindSeconds?: number;
}

export type MissingPersonCommand =
  | {
      type: 'open';
      case: Omit<MissingPersonCase, 'status' | 'openedAt' | 'broadcasts' | 'sightings'>;
    }
  | { type: 'broadcast'; broadcast: Omit<MissingBroadcast, 'at'> }
  | { type: 'sighting'; sighting: Omit<Sighting, 'at'> }
  | { type: 'found'; location: LonLat };

/** Whether a broadcast of the case told one of the user's units (it then takes part in the search). */
export function toldUnitOf(
  user: { unitIds?: readonly string[] },
  found: Pick<MissingPersonCase, 'broadcasts'>,
): boolean {
  const units = user.unitIds ?? [];
  return found.broadcasts.some((b) => b.unitIds.some((id) => units.includes(id)));
}

/** The search radius now: walking speed × time since last seen, never less than `minMetres`. */
export function searchRadiusMetres(
  found: Pick<MissingPersonCase, 'lastSeen' | 'walkingSpeedMps'>,
  now: number,
  minMetres = 200,
): number {
  const elapsed = Math.max(0, (now - Date.parse(found.lastSeen.at)) / 1000);
  return Math.max(minMetres, Math.round(found.walkingSpeedMps * elapsed));
}

function pointAt(centre: LonLat, metres: number, degrees: number): LonLat {
  const rad = (degrees * Math.PI) / 180;
  const dLat = (metres * Math.cos(rad)) / 111_320;
  const dLon = (metres * Math.sin(rad)) / (111_320 * Math.cos((centre.lat * Math.PI) / 180));
  return { lon: centre.lon + dLon, lat: centre.lat + dLat };
}

/**
 * The ring's units and sectors: every unit with a fresh position inside the ring is told; the
 * ring is cut into `sectorCount` equal slices, each searched from a point two thirds out on
 * its bisector, and each slice goes to the available unit that reaches that point soonest by
 * road (one slice per unit, slices in order of their best ETA so no slice waits on another's pick).
 */
export function planSearch(
  centre: LonLat,
  radiusMetres: number,
  units: readonly Unit[],
  positions: PositionLookup,
  travelTimes: TravelTimes,
  now: number,
  options: { sectorCount?: number; staleAfterSeconds?: number } = {},
): { unitIds: string[]; sectors: SearchSector[] } {
  const staleMs = (options.staleAfterSeconds ?? 120) * 1000;
  const inside = units.filter((unit, i) => {
    if (unit.kind === 'department') return false;
    const at = positionOf(positions, units, i);
    if (!at || now - at.at > staleMs) return false;
    return haversineMetres(at.lon, at.lat, centre.lon, centre.lat) <= radiusMetres;
  });
  const count = options.sectorCount ?? 6;
  const width = 360 / count;
  const sectors: SearchSector[] = Array.from({ length: count }, (_, index) => ({
    index,
    fromDegrees: index * width,
    toDegrees: (index + 1) * width,
    point: pointAt(centre, (radiusMetres * 2) / 3, index * width + width / 2),
  }));
  const limitSeconds = Math.max(600, Math.round(radiusMetres / 1.2));
  const candidates = sectors.map((sector) =>
    nearestUnits(
      sector.point,
      inside,
      (u) => u.status === 'available',
      positions,
      travelTimes,
      now,
      {
        staleAfterSeconds: options.staleAfterSeconds,
        limitSeconds,
      },
    ),
  );
  const taken = new Set<string>();
  const open = new Set(sectors.map((s) => s.index));
  while (open.size > 0) {
    let best: { sector: number; unitId: string; eta: number } | undefined;
    for (const index of open) {
      const pick = candidates[index].find((c) => !taken.has(c.unit.id));
      if (pick && (!best || pick.etaSeconds < best.eta))
        best = { sector: index, unitId: pick.unit.id, eta: pick.etaSeconds };
    }
    if (!best) break;
    sectors[best.sector].unitId = best.unitId;
    sectors[best.sector].etaSeconds = best.eta;
    taken.add(best.unitId);
    open.delete(best.sector);
  }
  return { unitIds: inside.map((u) => u.id), sectors };
}

export function decideMissingPerson(
  state: MissingPersonCase | undefined,
  command: MissingPersonCommand,
  context: DecideContext,
): Decision<MissingPersonCase> {
  const now = toIso(context.now);
  if (command.type === 'open') {
    if (state)
      throw new DomainError(DomainErrorCode.ALREADY_EXISTS, `case ${state.id} exists`, 'id');
    const problems = new ProblemList();
    const c = command.case;
    if (!c.description) problems.add('description', 'is required');
    checkLonLat(c.lastSeen?.location, 'lastSeen.location', problems);
    const seenAt = Date.parse(c.lastSeen?.at ?? '');
    if (!Number.isFinite(seenAt)) problems.add('lastSeen.at', 'must be a date-time');
    else if (seenAt > context.now + 60_000)
      problems.add('lastSeen.at', 'must not be in the future');
    if (!(c.walkingSpeedMps > 0 && c.walkingSpeedMps <= 3))
      problems.add('walkingSpeedMps', 'must be between 0 and 3 m/s');
    problems.throwIfAny('missing-person case');
    const opened: MissingPersonCase = {
      ...c,
      status: 'open',
      openedAt: now,
      broadcasts: [],
      sightings: [],
    };
    return { events: [{ type: 'missing_person.opened', payload: opened }], state: opened };
  }
  if (!state) throw new DomainError(DomainErrorCode.NOT_FOUND, 'no such missing-person case', 'id');
  if (state.status === 'found')
    throw new DomainError(DomainErrorCode.ILLEGAL_TRANSITION, `case ${state.id} is closed: found`);
  switch (command.type) {
    case 'broadcast': {
      const broadcast = { ...command.broadcast, at: now };
      return {
        events: [{ type: 'missing_person.broadcast', payload: broadcast }],
        state: { ...state, broadcasts: [...state.broadcasts, broadcast] },
      };
    }
    case 'sighting': {
      const problems = new ProblemList();
      checkLonLat(command.sighting.location, 'location', problems);
      problems.throwIfAny('sighting');
      const sighting = { ...command.sighting, at: now };
      return {
        events: [{ type: 'missing_person.sighted', payload: sighting }],
        state: { ...state, sightings: [...state.sightings, sighting] },
      };
    }
    case 'found': {
      const problems = new ProblemList();
      checkLonLat(command.location, 'location', problems);
      problems.throwIfAny('found');
      const timeToFindSeconds = Math.round((context.now - Date.parse(state.lastSeen.at)) / 1000);
      return {
        events: [
          {
            type: 'missing_person.found',
            payload: { location: command.location, timeToFindSeconds },
          },
        ],
        state: {
          ...state,
          status: 'found',
          foundAt: now,
          foundLocation: command.location,
          timeToFindSeconds,
        },
      };
    }
  }
}
