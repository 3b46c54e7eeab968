// @jiefang/sim: demo city simulation and dispatch-policy evaluation.
export { Rng } from './model/rng.ts';
export { DIURNAL_PERCENT, hourlyShares, sampleSecondOfDay } from './model/diurnal.ts';
export {
  SpatioTemporalModel,
  hotspotsFromPlaces,
  HOTSPOT_WEIGHTS,
  NANJING_CATEGORY_MIX,
  type Hotspot,
  type IncidentDraft,
} from './model/incident-model.ts';
export { defaultTimings, type ResponseTimings } from './model/timings.ts';
export { Routine, type RoutineSpec, type RoutineKind } from './model/routine.ts';
export type { FleetMember, Scenario } from './model/scenario.ts';
export { nanjingFleet, nanjingScenario } from './city/nanjing.ts';
export { portlandFleet, portlandScenario } from './city/portland.ts';
export { portlandDemo, type PortlandDemoOptions, type ReplayDemo } from './city/portland-demo.ts';
export { portlandCalls, portlandOsm, sharedDataDir } from './paths.ts';
export {
  readPortlandCalls,
  classifyCall,
  EPSG_2913,
  type PortlandCall,
} from './city/portland-calls.ts';
export { simulate, POLICIES, type PolicyName, type RunResult } from './eval/simulation.ts';
export { computeMetrics, type PolicyMetrics, type IncidentOutcome } from './eval/metrics.ts';
export { evaluate, evalCommand, type EvalOptions, type EvalResult } from './eval/eval-command.ts';
export {
  startSimulator,
  DEMO_INCIDENTS_PER_HOUR,
  type Simulator,
  type SimulatorOptions,
  type SimulatorStats,
} from './live/simulator.ts';
export { SimulationClock } from './live/simulation-clock.ts';
