import type { Unit } from '@jiefang/core';
import type { CityRouter } from '@jiefang/routing';
import { nanjingDemoCity, type NanjingDemoOptions } from '@jiefang/server';
import { hotspotsFromPlaces, SpatioTemporalModel } from '../model/incident-model.ts';
import { Rng } from '../model/rng.ts';
import { routineFor } from '../model/routine.ts';
import type { FleetMember, Scenario } from '../model/scenario.ts';
import { RoadSampler } from './road-sampler.ts';

/**
 * The demo city's fleet — the very units the server's demo seed registers (nanjingDemoCity),
 * each with what it does between incidents: police patrol the hotspots within 1.5 km of their
 * station, community units make 150 m rounds about their site, grid workers ride 800 m rounds
 * about their start.
 */
export function nanjingFleet(router: CityRouter, options: NanjingDemoOptions = {}): FleetMember[] {
  const city = nanjingDemoCity(router, options);
  const hotspots = hotspotsFromPlaces(router.city.places);
  const sites = new Map(city.sites.map((site) => [site.id, site]));
  return city.units.map((unit) => {
    const start = city.startPositions.get(unit.id)!;
    const site = unit.siteId ? sites.get(unit.siteId) : undefined;
    return {
      unit,
      routine: routineFor(unit.kind, [start.lon, start.lat], hotspots),
      ...(site ? { siteName: site.name } : {}),
    };
  });
}

export interface NanjingOptions {
  days: number;
  seed: number;
  /** Mean calls per day (default 120). */
  perDay?: number;
  /** Patrol cars per station (default: the demo seed's). */
  carsPerStation?: number;
  /**
   * Share of calls at the places where the community units stand (malls, schools, markets…;
   * default 0.7, the live demo's city). eval:dispatch uses 0: calls anywhere on the streets,
   * drawn by a model that does not know where any unit is, so the policies are not judged on
   * calls placed beside one policy's units.
   */
  hotspotShare?: number;
}

/** The Nanjing scenario: the demo fleet and `days` days of calls from the spatio-temporal model. */
export function nanjingScenario(router: CityRouter, options: NanjingOptions): Scenario {
  const sampler = new RoadSampler(router);
  const model = new SpatioTemporalModel({
    hotspots: hotspotsFromPlaces(router.city.places),
    streetPoint: (rng) => sampler.street('walk', rng),
    perDay: options.perDay ?? 120,
    hotspotShare: options.hotspotShare,
  });
  const incidents = model.generate(options.days, new Rng(options.seed, 'nanjing-incidents'), 'nj');
  const fleet = nanjingFleet(
    router,
    options.carsPerStation === undefined ? {} : { carsPerStation: options.carsPerStation },
  );
  const count = (kind: Unit['kind']) => fleet.filter((m) => m.unit.kind === kind).length;
  return {
    city: 'nanjing',
    router,
    fleet,
    incidents,
    horizonSeconds: options.days * 86400,
    // Local midnight in Nanjing (UTC+8) of an ordinary Monday.
    startEpochMs: Date.UTC(2026, 0, 4, 16),
    seed: options.seed,
    notes: [
      `Xinjiekou, Nanjing: ${incidents.length} calls over ${options.days} day(s) from the spatio-temporal model (mean ${model.perDay}/day, ${Math.round((options.hotspotShare ?? 0.7) * 100)} % at the units' places)`,
      `fleet as the demo seed: ${count('police')} police cars, ${count('community')} community units, ${count('grid')} grid workers`,
    ],
  };
}
