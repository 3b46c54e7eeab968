import { describe, expect, it } from 'vitest';
import { OrgTree } from '../org/org-tree.ts';
import { sampleOrgs } from '../testing/sample-orgs.ts';
import type { Case, CaseKind, SatisfactionRating } from './case.ts';
import { DEFAULT_CASE_DEADLINES } from './case-deadlines.ts';
import { caseStatistics } from './case-statistics.ts';
import { decideCase, type CaseCommand } from './decide-case.ts';

const tree = new OrgTree(sampleOrgs);
const H = 3_600_000;

/** A case created at `at`, then each step `hours` after creation. */
function history(
  id: string,
  at: string,
  steps: [number, CaseCommand][] = [],
  kind: CaseKind = 'work_order',
): Case {
  const t0 = Date.parse(at);
  let state = decideCase(
    undefined,
    {
      type: 'create',
      id,
      kind,
      orgId: 'xjk',
      categoryCode: kind === 'hazard' ? 'fire_hazard' : 'noise',
      title: id,
      description: id,
      source: 'dispatcher',
      deadlines: DEFAULT_CASE_DEADLINES[kind],
      ...(kind === 'hazard'
        ? { hazard: { responsibleParty: 'p', rectifyBy: '2026-12-01T00:00:00Z' } }
        : {}),
    },
    { now: t0, actorId: null, orgTree: tree },
  ).state;
  for (const [hours, command] of steps)
    state = decideCase(state, command, { now: t0 + hours * H, actorId: null, orgTree: tree }).state;
  return state;
}

const route: CaseCommand = {
  type: 'route',
  routing: { departmentId: 'xw-urban', reason: 'r', overridden: false },
};
const rate = (rating: SatisfactionRating): CaseCommand => ({ type: 'satisfaction', rating });

describe('caseStatistics against a hand-computed month', () => {
  const lastYear = ['2025-03-03', '2025-03-10', '2025-03-20', '2025-03-31'].map((d, i) =>
    history(`y${i}`, `${d}T12:00:00Z`),
  );
  const february = history('f1', '2026-02-10T00:00:00Z');
  // A: answered in 1 h, closed after 12 h, satisfied; every stage in time.
  const a = history('a', '2026-03-02T00:00:00Z', [
    [1, route],
    [2, { type: 'accept' }],
    [10, { type: 'resolve', result: 'ok' }],
    [11, rate('satisfied')],
    [12, { type: 'close' }],
  ]);
  // B: signed for after 5 h (deadline 4 h), closed after 40 h, unsatisfied.
  const b = history('b', '2026-03-05T00:00:00Z', [
    [1, route],
    [6, { type: 'accept' }],
    [30, { type: 'resolve', result: 'ok' }],
    [31, rate('unsatisfied')],
    [40, { type: 'close' }],
  ]);
  // C: analysed late (3 h), still waiting for the department.
  const c = history('c', '2026-03-10T00:00:00Z', [[3, route]]);
  const d = history('d', '2026-03-15T00:00:00Z', [], 'hazard');
  const all = [...lastYear, february, a, b, c, d];
  const march = {
    from: Date.parse('2026-03-01T00:00:00Z'),
    to: Date.parse('2026-04-01T00:00:00Z'),
  };
  const stats = caseStatistics(all, march, Date.parse('2026-03-20T00:00:00Z'));

  it('counts with year-on-year and period-on-period change', () => {
    expect(stats.total).toMatchObject({
      count: 4,
      previousYear: 4,
      previousPeriod: 1,
      yearOnYear: 0,
      periodOnPeriod: 3,
    });
    expect(stats.byKind.work_order).toMatchObject({
      count: 3,
      yearOnYear: -0.25,
      periodOnPeriod: 2,
    });
    expect(stats.byKind.hazard).toMatchObject({ count: 1, previousYear: 0, yearOnYear: null });
    expect(stats.byCategory.noise.count).toBe(3);
  });

  it('computes the three rates, the on-time share and the close time', () => {
    expect(stats.total).toMatchObject({
      responseRate: 0.5,
      resolutionRate: 0.5,
      satisfactionRate: 0.5,
      onTimeShare: 0.5,
      closed: 2,
      medianCloseHours: 26,
    });
  });

  // Percentiles interpolate linearly between ranks (R-7, Excel PERCENTILE.INC): p90 of
  // [1 h, 1 h, 3 h] sits at rank 0.9 × 2 = 1.8 → 1 h + 0.8 × 2 h = 9,360 s.
  it('gives median and p90 per stage from completed visits', () => {
    expect(stats.total.stages.analyse).toEqual({
      count: 3,
      medianSeconds: 3600,
      p90Seconds: 9360,
    });
    expect(stats.total.stages.assign).toEqual({
      count: 2,
      medianSeconds: 10800,
      p90Seconds: 16560,
    });
    expect(stats.total.stages.handle.count).toBe(2);
  });

  it('lists every open case past its stage deadline at now, most overdue first', () => {
    expect(stats.overdue.map((o) => o.id)).toEqual(['y0', 'y1', 'y2', 'y3', 'f1', 'c', 'd']);
    const byId = new Map(stats.overdue.map((o) => [o.id, o]));
    expect([byId.get('c')?.stage, byId.get('c')?.overdueSeconds]).toEqual([
      'assign',
      (9 * 24 + 21) * 3600 - 4 * 3600,
    ]);
    expect([byId.get('d')?.stage, byId.get('d')?.overdueSeconds]).toEqual([
      'analyse',
      5 * 24 * 3600 - 4 * 3600,
    ]);
  });
});
