import type { PatrolPlan } from '@jiefang/core';
import type { PatrolComplianceView } from '@jiefang/contract';
import {
  complianceCsv as forecastComplianceCsv,
  complianceRows,
  COMPLIANCE_COLUMNS,
  patrolCompliance,
  type PatrolCompliance,
} from '@jiefang/forecast';
import ExcelJS from 'exceljs';
import type { ServerContext } from '../context.ts';

export interface ComplianceBoard {
  planId: string;
  shiftStart: string;
  shiftMinutes: number;
  units: PatrolComplianceView[];
}

/**
 * How each unit of a plan kept to it, from its stored track over the shift. Each unit's track
 * read is audited before it is read (where an officer was is personal data).
 */
export async function planCompliance(
  ctx: Pick<ServerContext, 'store' | 'clock'>,
  plan: PatrolPlan,
  actorId: string,
): Promise<ComplianceBoard> {
  const start = Date.parse(plan.shiftStart);
  const fromIso = plan.shiftStart;
  const toIso = new Date(start + plan.shiftMinutes * 60_000).toISOString();
  const units: PatrolComplianceView[] = [];
  for (const member of plan.units) {
    await ctx.store.audit.record({
      at: new Date(ctx.clock.now()).toISOString(),
      actorId,
      action: 'unit.track.read',
      subjectType: 'unit',
      subjectId: member.unitId,
      orgId: plan.orgId,
      detail: { from: fromIso, to: toIso, patrolPlanId: plan.id },
    });
    const track = await ctx.store.tracks.read(member.unitId, fromIso, toIso);
    const [w, s, e, n] = member.zone.bbox;
    const result = patrolCompliance(
      { unit: member.unitId, zone: member.zone.id, post: member.post, legs: member.legs },
      { id: member.zone.id, bbox: [w, s, e, n], centre: [(w + e) / 2, (s + n) / 2] },
      track.map((p) => ({ minute: (Date.parse(p.at) - start) / 60_000, at: [p.lon, p.lat] })),
      { shiftMinutes: plan.shiftMinutes },
    );
    units.push({ ...view(result), unitId: member.unitId, fixes: track.length });
  }
  return { planId: plan.id, shiftStart: plan.shiftStart, shiftMinutes: plan.shiftMinutes, units };
}

const round = (x: number) => Math.round(x * 10) / 10;

function view(c: PatrolCompliance): Omit<PatrolComplianceView, 'unitId' | 'fixes'> {
  return {
    zone: c.zone,
    stopsPlanned: c.stopsPlanned,
    stopsVisited: c.stopsVisited,
    dwellPlannedMin: round(c.dwellPlannedMin),
    dwellAchievedMin: round(c.dwellAchievedMin),
    onBeatMin: round(c.onBeatMin),
    offZoneMin: round(c.offZoneMin),
    gaps: c.gaps.map((g) => ({ fromMin: round(g.fromMin), toMin: round(g.toMin) })),
    lateStartMin: round(c.lateStartMin),
  };
}

/** The board's rows back in the forecast package's shape (its CSV and column order). */
function asCompliance(board: ComplianceBoard): PatrolCompliance[] {
  return board.units.map((u) => ({ ...u, unit: u.unitId, stops: [] }));
}

export function complianceCsv(board: ComplianceBoard): string {
  return forecastComplianceCsv(asCompliance(board));
}

export async function complianceXlsx(board: ComplianceBoard): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('compliance');
  sheet.addRow(['plan', board.planId, 'shift_start', board.shiftStart]);
  sheet.addRow([...COMPLIANCE_COLUMNS]);
  for (const row of complianceRows(asCompliance(board))) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
