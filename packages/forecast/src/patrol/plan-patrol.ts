import { ForecastError, ForecastErrorCode } from '../errors.ts';
import { inZone, type Zone } from './chessboard.ts';
import { positionAt, type HotPlace, type PatrolLeg, type UnitPlan } from './patrol-plan.ts';
import type { LonLatPair, RoadLeg, RoadNetwork } from './road-network.ts';

export interface PatrolUnit {
  id: string;
  post: LonLatPair;
  zone: Zone;
  /** Squares the unit works besides its own: a taken unit's, handed over by a re-plan. */
  adopted?: readonly Zone[];
  /**
   * Legs already under way when a shift is re-planned: they are kept as they are, and the unit
   * is planned from where and when the last of them ends.
   */
  fixed?: readonly PatrolLeg[];
}

export interface PatrolRequest {
  shiftMinutes: number;
  units: readonly PatrolUnit[];
  hot: readonly HotPlace[];
  /** Minutes at each hot place: the Koper curve's 10–15 (default 12). */
  dwellMin?: number;
  /** A place is not visited again by the same unit within this many minutes (default 60). */
  revisitMin?: number;
  /** Hot places a unit considers in its square (default 6, the hottest). */
  placesPerUnit?: number;
  /** The 1-3-5 drive time whose road coverage must hold (default 300 s) … */
  coverageSeconds?: number;
  /** … at no less than the static posts' share minus this (default 0.02). */
  coverageSlack?: number;
}

export interface PatrolPlans {
  plans: UnitPlan[];
  /** Share of road length within `coverageSeconds` of the posts (units standing still). */
  staticCoverage: number;
  floor: number;
  /** The plan's share at each minute of the shift. */
  coverageByMinute: number[];
  /** Stops taken out to keep coverage above the floor. */
  removedStops: number;
  /** The floor is held from this minute (0; later on a re-plan, see `PatrolUnit.fixed`). */
  heldFromMin: number;
}

interface Ban {
  cell: string;
  fromMin: number;
  toMin: number;
}

/**
 * Per-unit patrol plans for one shift. Each unit works its chessboard square: from its post it
 * drives, by road, to the hot place of its square with the most expected events per minute of
 * trip (events in the dwell's hours × dwell ÷ (drive + dwell)), stays the Koper dwell, and
 * chooses again; a place is not revisited within `revisitMin`, which sets the return frequency.
 * Then every minute of the shift is checked: where the share of road within 300 s of a unit
 * falls below the posts' share minus 2 points, the stop that took the farthest unit away at
 * that minute is banned for that time and the unit re-planned, until no minute falls short
 * (at worst a unit keeps its post, which meets the floor by definition).
 *
 * A re-plan mid-shift passes each unit's legs under way as `fixed`: they stay, planning resumes
 * where they end, and the floor is held from the minute the last of them ends (before it, the
 * units are finishing what they were already doing).
 */
export function planPatrols(network: RoadNetwork, request: PatrolRequest): PatrolPlans {
  const dwell = request.dwellMin ?? 12;
  if (!(dwell >= 10 && dwell <= 15))
    throw new ForecastError(
      ForecastErrorCode.INVALID_ARGUMENT,
      'dwell must be 10–15 minutes (Koper)',
      'dwellMin',
    );
  if (!(
    Number.isInteger(request.shiftMinutes) &&
    request.shiftMinutes > 0 &&
    request.shiftMinutes <= 1440
  ))
    throw new ForecastError(
      ForecastErrorCode.INVALID_ARGUMENT,
      'shift must be 1–1440 whole minutes',
      'shiftMinutes',
    );
  const seconds = request.coverageSeconds ?? 300;
  const slack = request.coverageSlack ?? 0.02;
  const routes = new Map<string, RoadLeg | undefined>();
  const route = (a: LonLatPair, b: LonLatPair) => {
    const key = `${a[0]},${a[1]}>${b[0]},${b[1]}`;
    if (!routes.has(key)) routes.set(key, network.route(a, b));
    return routes.get(key);
  };
  const bans = new Map<string, Ban[]>();
  const planFor = (unit: PatrolUnit) =>
    planUnit(unit, request, dwell, route, bans.get(unit.id) ?? []);
  const plans = request.units.map(planFor);
  const staticCoverage = network.coverageShare(
    request.units.map((u) => u.post),
    seconds,
  );
  const floor = staticCoverage - slack;
  const minutes = request.shiftMinutes;
  const heldFrom = Math.max(0, ...request.units.map((u) => fixedEnd(u)));
  const positions = plans.map((p) => minuteTrack(p, minutes));
  const coverageAt = (m: number) =>
    network.coverageShare(
      positions.map((track) => track[m]),
      seconds,
    );
  const coverageByMinute = Array.from({ length: minutes }, (_, m) => coverageAt(m));
  let removedStops = 0;
  for (let guard = 0; guard < 40 * request.units.length; guard++) {
    const m = coverageByMinute.findIndex((c, k) => k >= heldFrom && c < floor - 1e-12);
    if (m < 0) break;
    const culprit = farthestAway(plans, positions, m);
    if (culprit < 0) break;
    const leg = stopAround(plans[culprit], m);
    const unit = request.units[culprit];
    if (leg === undefined) {
      // Nothing to ban (driving home): keep the post for the rest of the shift.
      plans[culprit] = postPlan(unit, minutes, route);
    } else {
      const list = bans.get(unit.id) ?? [];
      list.push(leg);
      bans.set(unit.id, list);
      plans[culprit] = planFor(unit);
    }
    removedStops++;
    const track = minuteTrack(plans[culprit], minutes);
    for (let k = 0; k < minutes; k++) {
      const before = positions[culprit][k];
      if (before[0] === track[k][0] && before[1] === track[k][1]) continue;
      positions[culprit][k] = track[k];
      coverageByMinute[k] = Number.NaN;
    }
    for (let k = 0; k < minutes; k++)
      if (Number.isNaN(coverageByMinute[k])) coverageByMinute[k] = coverageAt(k);
  }
  if (coverageByMinute.some((c, k) => k >= heldFrom && c < floor - 1e-12)) {
    // Repairs ran out: the posts themselves are the one plan sure to meet the floor.
    request.units.forEach((u, i) => {
      plans[i] = postPlan(u, minutes, route);
      positions[i] = minuteTrack(plans[i], minutes);
    });
    // Standing at the posts all shift is the static share itself; legs kept by a re-plan
    // (and the drives home after them) are measured.
    if (heldFrom === 0) coverageByMinute.fill(staticCoverage);
    else for (let k = 0; k < minutes; k++) coverageByMinute[k] = coverageAt(k);
  }
  return { plans, staticCoverage, floor, coverageByMinute, removedStops, heldFromMin: heldFrom };
}

function planUnit(
  unit: PatrolUnit,
  request: PatrolRequest,
  dwell: number,
  route: (a: LonLatPair, b: LonLatPair) => RoadLeg | undefined,
  bans: readonly Ban[],
): UnitPlan {
  const shift = request.shiftMinutes;
  const revisit = request.revisitMin ?? 60;
  const zones = [unit.zone, ...(unit.adopted ?? [])];
  const places = request.hot
    .filter((h) => zones.some((z) => inZone(z, h.at)))
    .map((h) => ({ h, total: h.perHour.reduce((s, v) => s + v, 0) }))
    .sort((a, b) => b.total - a.total)
    .slice(0, (request.placesPerUnit ?? 6) * zones.length)
    .map((p) => p.h);
  const legs: PatrolLeg[] = [];
  const lastVisit = new Map<string, number>();
  for (const leg of unit.fixed ?? [])
    if (leg.kind === 'dwell' && leg.stop) lastVisit.set(leg.stop.cell, leg.startMin);
  let at: LonLatPair = fixedPlace(unit) ?? unit.post;
  let t = fixedEnd(unit);
  while (t < shift) {
    let best: { place: HotPlace; leg: RoadLeg; travel: number; value: number } | undefined;
    for (const place of places) {
      const last = lastVisit.get(place.cell);
      if (last !== undefined && t - last < revisit) continue;
      const leg = route(at, place.at);
      if (leg === undefined) continue;
      const travel = Math.ceil(leg.seconds / 60);
      const arrive = t + travel;
      if (arrive + dwell > shift) continue;
      if (bans.some((b) => b.cell === place.cell && t < b.toMin && arrive + dwell > b.fromMin))
        continue;
      let expected = 0;
      for (let k = arrive; k < arrive + dwell; k++)
        expected += (place.perHour[Math.floor(k / 60)] ?? 0) / 60;
      const value = expected / (travel + dwell);
      if (value > 0 && (best === undefined || value > best.value))
        best = { place, leg, travel, value };
    }
    if (best === undefined) {
      // Nothing worth the trip now: go back to the post (if away) and stand there a while.
      if (at !== unit.post) {
        const home = driveHome(unit, at, t, shift, route);
        if (home) {
          legs.push(home);
          t = home.endMin;
        }
        at = unit.post;
      }
      const stay = Math.min(15, shift - t);
      legs.push({ kind: 'dwell', startMin: t, endMin: t + stay, at });
      t += stay;
      continue;
    }
    const arrive = t + best.travel;
    if (best.travel > 0)
      legs.push({
        kind: 'drive',
        startMin: t,
        endMin: arrive,
        path: best.leg.path,
        metres: best.leg.metres,
      });
    legs.push({
      kind: 'dwell',
      startMin: arrive,
      endMin: arrive + dwell,
      at: best.place.at,
      stop: { cell: best.place.cell, window: [Math.max(0, arrive - 5), arrive + 10] },
    });
    lastVisit.set(best.place.cell, arrive);
    at = best.place.at;
    t = arrive + dwell;
  }
  // Fixed legs stay exactly as they were (a re-plan must not stretch the one under way).
  return {
    unit: unit.id,
    zone: unit.zone.id,
    post: unit.post,
    legs: [...(unit.fixed ?? []), ...mergeDwells(legs)],
  };
}

/** Minute the unit's fixed legs end (0 without any). */
function fixedEnd(unit: PatrolUnit): number {
  const last = unit.fixed?.[unit.fixed.length - 1];
  return last?.endMin ?? 0;
}

/** Where the unit's fixed legs leave it. */
function fixedPlace(unit: PatrolUnit): LonLatPair | undefined {
  const last = unit.fixed?.[unit.fixed.length - 1];
  if (last === undefined) return undefined;
  return last.kind === 'dwell' ? last.at : last.path[last.path.length - 1];
}

/** The drive back to the post from `from` at minute `t`, when there is a road and the time. */
function driveHome(
  unit: PatrolUnit,
  from: LonLatPair,
  t: number,
  shiftMinutes: number,
  route: (a: LonLatPair, b: LonLatPair) => RoadLeg | undefined,
): PatrolLeg | undefined {
  const home = route(from, unit.post);
  const travel = home ? Math.ceil(home.seconds / 60) : 0;
  if (!home || travel <= 0 || t + travel > shiftMinutes) return undefined;
  return { kind: 'drive', startMin: t, endMin: t + travel, path: home.path, metres: home.metres };
}

/** The unit keeps its post: after its fixed legs (if any) it drives back and stands there. */
function postPlan(
  unit: PatrolUnit,
  shiftMinutes: number,
  route: (a: LonLatPair, b: LonLatPair) => RoadLeg | undefined,
): UnitPlan {
  const from = fixedPlace(unit);
  if (from === undefined) return staticPlan(unit, shiftMinutes);
  const legs: PatrolLeg[] = [...(unit.fixed ?? [])];
  let t = fixedEnd(unit);
  let at = from;
  const home = driveHome(unit, from, t, shiftMinutes, route);
  if (home) {
    legs.push(home);
    t = home.endMin;
    at = unit.post;
  }
  if (t < shiftMinutes) legs.push({ kind: 'dwell', startMin: t, endMin: shiftMinutes, at });
  return { unit: unit.id, zone: unit.zone.id, post: unit.post, legs };
}

/** A unit standing at its post all shift (the static-post baseline). */
export function staticPlan(unit: PatrolUnit, shiftMinutes: number): UnitPlan {
  return {
    unit: unit.id,
    zone: unit.zone.id,
    post: unit.post,
    legs: [{ kind: 'dwell', startMin: 0, endMin: shiftMinutes, at: unit.post }],
  };
}

function mergeDwells(legs: PatrolLeg[]): PatrolLeg[] {
  const out: PatrolLeg[] = [];
  for (const leg of legs) {
    const prev = out[out.length - 1];
    if (
      prev?.kind === 'dwell' &&
      leg.kind === 'dwell' &&
      prev.stop === undefined &&
      leg.stop === undefined &&
      prev.at === leg.at
    )
      prev.endMin = leg.endMin;
    else out.push({ ...leg });
  }
  return out;
}

/** A plan's position at every minute of the shift. */
export function minuteTrack(plan: UnitPlan, minutes: number): LonLatPair[] {
  return Array.from({ length: minutes }, (_, m) => positionAt(plan, m + 0.5));
}

function farthestAway(plans: UnitPlan[], positions: LonLatPair[][], m: number): number {
  let best = -1;
  let bestDistance = 0;
  plans.forEach((plan, u) => {
    const p = positions[u][m];
    const d = Math.hypot(p[0] - plan.post[0], (p[1] - plan.post[1]) * 1.4);
    if (d > bestDistance) {
      bestDistance = d;
      best = u;
    }
  });
  return best;
}

/** The stop the unit is driving to or dwelling at during minute m, as a ban for that time. */
function stopAround(plan: UnitPlan, m: number): Ban | undefined {
  for (let i = 0; i < plan.legs.length; i++) {
    const leg = plan.legs[i];
    if (!(m >= leg.startMin && m < leg.endMin)) continue;
    const dwell = leg.kind === 'dwell' ? leg : plan.legs[i + 1];
    if (dwell?.kind !== 'dwell' || dwell.stop === undefined) return undefined;
    return { cell: dwell.stop.cell, fromMin: leg.startMin, toMin: dwell.endMin };
  }
  return undefined;
}
