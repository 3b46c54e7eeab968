import type { CaseFigures, CaseStatistics } from '@jiefang/core';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

/** One row per group: the total, each kind, each category. */
export const EXPORT_COLUMNS = [
  'group',
  'count',
  'previous_year',
  'year_on_year',
  'previous_period',
  'period_on_period',
  'response_rate',
  'resolution_rate',
  'satisfaction_rate',
  'on_time_share',
  'closed',
  'median_close_hours',
  'analyse_median_s',
  'analyse_p90_s',
  'assign_median_s',
  'assign_p90_s',
  'handle_median_s',
  'handle_p90_s',
  'supervise_median_s',
  'supervise_p90_s',
] as const;

type Cell = string | number | null;

function row(group: string, f: CaseFigures): Cell[] {
  return [
    group,
    f.count,
    f.previousYear,
    f.yearOnYear,
    f.previousPeriod,
    f.periodOnPeriod,
    f.responseRate,
    f.resolutionRate,
    f.satisfactionRate,
    f.onTimeShare,
    f.closed,
    f.medianCloseHours,
    f.stages.analyse.medianSeconds,
    f.stages.analyse.p90Seconds,
    f.stages.assign.medianSeconds,
    f.stages.assign.p90Seconds,
    f.stages.handle.medianSeconds,
    f.stages.handle.p90Seconds,
    f.stages.supervise.medianSeconds,
    f.stages.supervise.p90Seconds,
  ];
}

export function statisticsRows(stats: CaseStatistics): Cell[][] {
  return [
    row('total', stats.total),
    ...Object.entries(stats.byKind).map(([kind, f]) => row(`kind:${kind}`, f)),
    ...Object.entries(stats.byCategory).map(([code, f]) => row(`category:${code}`, f)),
  ];
}

/** RFC 4180 CSV; empty cells for figures that have nothing to compare with. */
export function statisticsCsv(stats: CaseStatistics): string {
  return stringify(
    statisticsRows(stats).map((r) => r.map((c) => c ?? '')),
    {
      header: true,
      columns: [...EXPORT_COLUMNS],
    },
  );
}

/** A workbook with the figures and the overdue list on a second sheet. */
export async function statisticsXlsx(stats: CaseStatistics): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const figures = workbook.addWorksheet('figures');
  figures.addRow([...EXPORT_COLUMNS]);
  for (const r of statisticsRows(stats)) figures.addRow(r);
  const overdue = workbook.addWorksheet('overdue');
  overdue.addRow(['id', 'kind', 'category', 'org', 'stage', 'overdue_s']);
  for (const o of stats.overdue)
    overdue.addRow([o.id, o.kind, o.categoryCode, o.orgId, o.stage, o.overdueSeconds]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
