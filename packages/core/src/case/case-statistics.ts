import { quantileSorted } from 'simple-statistics';
import { toMs } from '../shared/time.ts';
import type { Case, CaseKind } from './case.ts';
import { TIMED_STAGES, type StageDeadlines } from '../workflow/workflow.ts';

export interface Period {
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
}

export interface StageTimes {
  /** Completed visits of the stage. */
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

/** The figures a city reports for one group of cases (all, a kind, a category). */
export interface CaseFigures {
  count: number;
  previousYear: number;
  previousPeriod: number;
  /** (count − previous) / previous; null when there was nothing to compare with. */
  yearOnYear: number | null;
  periodOnPeriod: number | null;
  /** Signed for by the department within the assign deadline, of those assigned. */
  responseRate: number | null;
  /** Given a result (resolved or closed), of all. */
  resolutionRate: number | null;
  /** Satisfied or basically satisfied, of those rated. */
  satisfactionRate: number | null;
  /** Closed with every stage within its deadline, of those closed. */
  onTimeShare: number | null;
  closed: number;
  medianCloseHours: number | null;
  stages: Record<(typeof TIMED_STAGES)[number], StageTimes>;
}

export interface CaseStatistics {
  period: Period;
  total: CaseFigures;
  byKind: Partial<Record<CaseKind, CaseFigures>>;
  byCategory: Record<string, CaseFigures>;
  /** Open cases past their current stage's deadline at `now`, most overdue first. */
  overdue: {
    id: string;
    kind: CaseKind;
    categoryCode: string;
    orgId: string;
    stage: string;
    overdueSeconds: number;
  }[];
}

const YEAR_MS = 365 * 86_400_000;

const inPeriod = (value: Case, period: Period) => {
  const at = toMs(value.createdAt);
  return at >= period.from && at < period.to;
};

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);
const change = (now: number, before: number) => (before === 0 ? null : (now - before) / before);

/** Median and p90 with linear interpolation between ranks (R-7, as Excel's PERCENTILE.INC). */
function times(values: number[]): StageTimes {
  if (values.length === 0) return { count: 0, medianSeconds: null, p90Seconds: null };
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    medianSeconds: quantileSorted(sorted, 0.5),
    p90Seconds: quantileSorted(sorted, 0.9),
  };
}

/** Seconds of each completed visit of `stage`. */
function visitSeconds(value: Case, stage: string): number[] {
  return value.workflow.history
    .filter((visit) => visit.stage === stage && visit.leftAt !== undefined)
    .map((visit) => (toMs(visit.leftAt!) - toMs(visit.enteredAt)) / 1000);
}

/** The first assignment was signed for (assign → handle) within the assign deadline. */
function respondedInTime(value: Case): boolean | undefined {
  const history = value.workflow.history;
  const i = history.findIndex((visit) => visit.stage === 'assign');
  if (i < 0) return undefined;
  const visit = history[i];
  if (visit.leftAt === undefined) return undefined;
  const seconds = (toMs(visit.leftAt) - toMs(visit.enteredAt)) / 1000;
  return history[i + 1]?.stage === 'handle' && seconds <= value.deadlines.assign;
}

function allStagesInTime(value: Case): boolean {
  return value.workflow.history.every((visit) => {
    const limit = value.deadlines[visit.stage as keyof StageDeadlines];
    if (limit === undefined || visit.leftAt === undefined) return true;
    return (toMs(visit.leftAt) - toMs(visit.enteredAt)) / 1000 <= limit;
  });
}

export function caseFigures(all: readonly Case[], period: Period): CaseFigures {
  const length = period.to - period.from;
  const current = all.filter((c) => inPeriod(c, period));
  const previousYear = all.filter((c) =>
    inPeriod(c, { from: period.from - YEAR_MS, to: period.to - YEAR_MS }),
  ).length;
  const previousPeriod = all.filter((c) =>
    inPeriod(c, { from: period.from - length, to: period.from }),
  ).length;
  const responses = current.map(respondedInTime).filter((r) => r !== undefined);
  const rated = current.filter((c) => c.satisfaction !== undefined);
  const closed = current.filter((c) => c.status === 'closed' && c.closedAt !== undefined);
  const closeHours = closed.map((c) => (toMs(c.closedAt!) - toMs(c.createdAt)) / 3_600_000);
  const stages = Object.fromEntries(
    TIMED_STAGES.map((stage) => [stage, times(current.flatMap((c) => visitSeconds(c, stage)))]),
  ) as CaseFigures['stages'];
  return {
    count: current.length,
    previousYear,
    previousPeriod,
    yearOnYear: change(current.length, previousYear),
    periodOnPeriod: change(current.length, previousPeriod),
    responseRate: share(responses.filter(Boolean).length, responses.length),
    resolutionRate: share(
      current.filter((c) => c.resolvedAt !== undefined || c.status === 'closed').length,
      current.length,
    ),
    satisfactionRate: share(
      rated.filter((c) => c.satisfaction!.rating !== 'unsatisfied').length,
      rated.length,
    ),
    onTimeShare: share(closed.filter(allStagesInTime).length, closed.length),
    closed: closed.length,
    medianCloseHours: times(closeHours).medianSeconds,
    stages,
  };
}

/**
 * Statistics for any period over the cases given (the caller has already cut them to an org
 * subtree): counts with year-on-year and period-on-period change, the hotline's three rates,
 * median and p90 time per stage, and the overdue list at `now`.
 */
export function caseStatistics(all: readonly Case[], period: Period, now: number): CaseStatistics {
  const byKind: CaseStatistics['byKind'] = {};
  for (const kind of new Set(all.map((c) => c.kind)))
    byKind[kind] = caseFigures(
      all.filter((c) => c.kind === kind),
      period,
    );
  const byCategory: CaseStatistics['byCategory'] = {};
  for (const code of new Set(all.map((c) => c.categoryCode)))
    byCategory[code] = caseFigures(
      all.filter((c) => c.categoryCode === code),
      period,
    );
  const overdue = all
    .filter((c) => c.status === 'open')
    .flatMap((c) => {
      const limit = c.deadlines[c.workflow.stage as keyof StageDeadlines];
      if (limit === undefined) return [];
      const late = (now - toMs(c.workflow.enteredAt)) / 1000 - limit;
      return late > 0
        ? [
            {
              id: c.id,
              kind: c.kind,
              categoryCode: c.categoryCode,
              orgId: c.orgId,
              stage: c.workflow.stage,
              overdueSeconds: Math.round(late),
            },
          ]
        : [];
    })
    .sort((a, b) => b.overdueSeconds - a.overdueSeconds);
  return { period, total: caseFigures(all, period), byKind, byCategory, overdue };
}
