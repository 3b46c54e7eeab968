import {
  caseStatistics,
  decideCase,
  DEFAULT_CASE_DEADLINES,
  OrgTree,
  type Case,
  type CaseCommand,
  type CaseKind,
} from '@jiefang/core';
import { Rng } from '../model/rng.ts';

/**
 * A month of non-police calls under two regimes on the same draws: police handle everything
 * (a car drives out and stays on scene), or the platform routes them (work orders to
 * departments, disputes to the mediation room, hazards and small matters to grid workers) and
 * police go only when a case needs them (a dispute turning violent, a nuisance that escalates).
 * The department side runs every case through core's closed loop, so the rates are core's.
 *
 * Every figure below is a MODEL ASSUMPTION, not a measurement: the mix follows the Hefei
 * community's report (most calls are nuisance and disputes); times are typical orders of
 * magnitude. Change them here and the result changes with them.
 */
export interface CategoryModel {
  code: string;
  kind: CaseKind;
  share: number;
  /** Minutes a police unit spends on scene when police handle it. */
  policeMinutes: number;
  /** Chance that, routed to the community side, it still needs police. */
  fusedPoliceChance: number;
}

export const GOVERNANCE_MIX: readonly CategoryModel[] = [
  { code: 'noise', kind: 'work_order', share: 0.3, policeMinutes: 25, fusedPoliceChance: 0.05 },
  {
    code: 'illegal_parking',
    kind: 'work_order',
    share: 0.15,
    policeMinutes: 15,
    fusedPoliceChance: 0,
  },
  { code: 'garbage', kind: 'work_order', share: 0.08, policeMinutes: 15, fusedPoliceChance: 0 },
  {
    code: 'street_vending',
    kind: 'work_order',
    share: 0.07,
    policeMinutes: 20,
    fusedPoliceChance: 0.02,
  },
  {
    code: 'neighbour_dispute',
    kind: 'mediation',
    share: 0.12,
    policeMinutes: 60,
    fusedPoliceChance: 0.1,
  },
  {
    code: 'family_dispute',
    kind: 'mediation',
    share: 0.05,
    policeMinutes: 75,
    fusedPoliceChance: 0.15,
  },
  {
    code: 'labour_dispute',
    kind: 'mediation',
    share: 0.03,
    policeMinutes: 60,
    fusedPoliceChance: 0.1,
  },
  { code: 'fire_hazard', kind: 'hazard', share: 0.08, policeMinutes: 30, fusedPoliceChance: 0 },
  {
    code: 'structural_hazard',
    kind: 'hazard',
    share: 0.04,
    policeMinutes: 30,
    fusedPoliceChance: 0,
  },
  {
    code: 'grid_other',
    kind: 'grid_report',
    share: 0.08,
    policeMinutes: 20,
    fusedPoliceChance: 0.03,
  },
];

export interface GovernanceOptions {
  days: number;
  seed: number;
  /** Mean non-police calls a day in the modelled district. */
  perDay?: number;
  /** First simulated day (UTC midnight). */
  start?: string;
}

export interface GovernanceResult {
  cases: Record<CaseKind, number>;
  response_rate: number | null;
  resolution_rate: number | null;
  satisfaction_rate: number | null;
  on_time_share: number | null;
  median_close_h: number | null;
  police_hours_on_non_police: { police_only: number; fused: number };
}

const ORGS = new OrgTree([
  { id: 'city', parentId: null, kind: 'city', name: 'city' },
  { id: 'district', parentId: 'city', kind: 'district', name: 'district' },
  { id: 'station', parentId: 'district', kind: 'station', name: 'station' },
  { id: 'department', parentId: 'district', kind: 'department', name: 'department' },
]);
const H = 3_600_000;
const round = (v: number | null, digits = 3) =>
  v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits;

function pick(rng: Rng): CategoryModel {
  let u = rng.next();
  for (const model of GOVERNANCE_MIX) {
    u -= model.share;
    if (u < 0) return model;
  }
  return GOVERNANCE_MIX[GOVERNANCE_MIX.length - 1];
}

export function evaluateGovernance(options: GovernanceOptions): GovernanceResult {
  const perDay = options.perDay ?? 40;
  const start = Date.parse(`${options.start ?? '2026-03-01'}T00:00:00Z`);
  const end = start + options.days * 86_400_000;
  const calls = new Rng(options.seed, 'governance-calls');
  let policeOnly = 0;
  let fused = 0;
  const cases: Case[] = [];
  for (let day = 0; day < options.days; day++) {
    const count = calls.poisson(perDay);
    for (let i = 0; i < count; i++) {
      const at = start + day * 86_400_000 + calls.uniform(7, 23) * H;
      const model = pick(calls);
      // A police car drives out (6–14 min) and handles it on scene.
      const police = (calls.uniform(6, 14) + model.policeMinutes * calls.uniform(0.7, 1.3)) / 60;
      policeOnly += police;
      if (calls.next() < model.fusedPoliceChance) fused += police;
      cases.push(
        runLoop(`c${day}-${i}`, model, at, end, new Rng(options.seed, 'governance-loop', day, i)),
      );
    }
  }
  const stats = caseStatistics(cases, { from: start, to: end }, end);
  const counts = { work_order: 0, mediation: 0, hazard: 0, grid_report: 0 };
  for (const c of cases) counts[c.kind]++;
  return {
    cases: counts,
    response_rate: round(stats.total.responseRate),
    resolution_rate: round(stats.total.resolutionRate),
    satisfaction_rate: round(stats.total.satisfactionRate),
    on_time_share: round(stats.total.onTimeShare),
    median_close_h: round(stats.total.medianCloseHours, 1),
    police_hours_on_non_police: { police_only: round(policeOnly, 1)!, fused: round(fused, 1)! },
  };
}

/**
 * One case through core's loop with drawn times, each a fraction of the kind's deadline (some
 * late); the callback: 70 % satisfied, 20 % basically, 10 % unsatisfied, half of those reopened.
 * Steps that would fall after the month's end do not happen.
 */
function runLoop(id: string, model: CategoryModel, at: number, end: number, rng: Rng): Case {
  const deadlines = DEFAULT_CASE_DEADLINES[model.kind];
  let now = at;
  let state = decideCase(
    undefined,
    {
      type: 'create',
      id,
      kind: model.kind,
      orgId: 'station',
      categoryCode: model.code,
      title: model.code,
      description: model.code,
      source: model.kind === 'grid_report' ? 'grid_worker' : 'dispatcher',
      deadlines,
      ...(model.kind === 'hazard'
        ? {
            hazard: {
              responsibleParty: 'owner',
              rectifyBy: new Date(at + 7 * 24 * H).toISOString(),
            },
          }
        : {}),
      ...(model.kind === 'mediation'
        ? {
            mediation: {
              riskLevel: 'low' as const,
              parties: [
                { name: 'a', side: 'applicant' as const },
                { name: 'b', side: 'respondent' as const },
              ],
            },
          }
        : {}),
    },
    { now, actorId: null, orgTree: ORGS },
  ).state;
  const step = (afterSeconds: number, command: CaseCommand): boolean => {
    const next = now + afterSeconds * 1000;
    if (next >= end) return false;
    now = next;
    state = decideCase(state, command, { now, actorId: null, orgTree: ORGS }).state;
    return true;
  };
  const routing = { departmentId: 'department', reason: 'rule', overridden: false };
  const ok =
    step(deadlines.analyse * rng.uniform(0.05, 1.1), { type: 'route', routing }) &&
    step(deadlines.assign * rng.uniform(0.1, 1.4), { type: 'accept' }) &&
    step(deadlines.handle * rng.uniform(0.1, 1.2), { type: 'resolve', result: 'done' });
  if (!ok) return state;
  const u = rng.next();
  const rating = u < 0.7 ? 'satisfied' : u < 0.9 ? 'basically' : 'unsatisfied';
  if (!step(deadlines.supervise * rng.uniform(0.02, 0.3), { type: 'satisfaction', rating }))
    return state;
  if (!step(deadlines.supervise * rng.uniform(0.05, 0.8), { type: 'close' })) return state;
  if (rating === 'unsatisfied' && rng.next() < 0.5) {
    if (!step(rng.uniform(1, 24) * 3600, { type: 'reopen', reason: 'unsatisfied callback' }))
      return state;
    if (
      step(deadlines.handle * rng.uniform(0.05, 0.5), { type: 'resolve', result: 'done again' })
    ) {
      // The second callback: a reopened case is asked again.
      const again = rng.next() < 0.6 ? 'satisfied' : rng.next() < 0.5 ? 'basically' : 'unsatisfied';
      if (
        step(deadlines.supervise * rng.uniform(0.02, 0.3), { type: 'satisfaction', rating: again })
      )
        step(deadlines.supervise * rng.uniform(0.05, 0.5), { type: 'close' });
    }
  }
  return state;
}
