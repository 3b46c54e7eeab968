import type { Unit } from '@jiefang/core';
import type { CityRouter } from '@jiefang/routing';
import type { IncidentDraft } from './incident-model.ts';
import type { RoutineSpec } from './routine.ts';

/** One unit of the simulated fleet: the core unit and what it does between incidents. */
export interface FleetMember {
  unit: Unit;
  routine: RoutineSpec;
  /** Site name, for recommendation reasons. */
  siteName?: string;
}

/** Everything a policy run needs; every policy gets the same scenario. */
export interface Scenario {
  city: string;
  router: CityRouter;
  fleet: FleetMember[];
  /** In time order. */
  incidents: IncidentDraft[];
  /** Calls arrive in [0, horizonSeconds). */
  horizonSeconds: number;
  /** Epoch milliseconds of simulated second 0 (local midnight of the first day). */
  startEpochMs: number;
  seed: number;
  /** How the scenario was made, for the report. */
  notes: string[];
}
