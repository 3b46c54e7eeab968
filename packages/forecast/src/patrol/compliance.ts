import { inZone, type Zone } from './chessboard.ts';
import type { UnitPlan } from './patrol-plan.ts';
import type { LonLatPair } from './road-network.ts';

/** One recorded position, `minute` from the shift's start. */
export interface TrackFix {
  minute: number;
  at: LonLatPair;
}

export interface StopCompliance {
  cell: string;
  plannedMin: number;
  /** Minutes within `stopMetres` of the place during its window and planned dwell. */
  achievedMin: number;
  visited: boolean;
}

export interface PatrolCompliance {
  unit: string;
  zone: string;
  stopsPlanned: number;
  stopsVisited: number;
  dwellPlannedMin: number;
  dwellAchievedMin: number;
  /** Minutes inside the unit's square, counted between fixes no more than `maxGapMin` apart. */
  onBeatMin: number;
  offZoneMin: number;
  /** Intervals without a fix longer than `maxGapMin` (shift start and end included). */
  gaps: { fromMin: number; toMin: number }[];
  /** Minutes from the shift's start to the first fix inside the square (the shift if none). */
  lateStartMin: number;
  stops: StopCompliance[];
}

export interface ComplianceOptions {
  shiftMinutes: number;
  /** A fix this close to a stop counts as being there (default 100 m). */
  stopMetres?: number;
  /** Longer silences are gaps, and the time in them counts neither on nor off the beat (5). */
  maxGapMin?: number;
}

const metres = (a: LonLatPair, b: LonLatPair) => {
  const k = Math.PI / 180;
  const x = (b[0] - a[0]) * k * Math.cos(((a[1] + b[1]) / 2) * k);
  const y = (b[1] - a[1]) * k;
  return Math.hypot(x, y) * 6_371_000;
};

/**
 * How a unit's recorded track kept to its plan. Time between two consecutive fixes is given to
 * the first fix's state (the last known position holds until the next fix), but only when they
 * are at most `maxGapMin` apart; longer silences are reported as gaps instead.
 */
export function patrolCompliance(
  plan: UnitPlan,
  zone: Zone,
  fixes: readonly TrackFix[],
  options: ComplianceOptions,
): PatrolCompliance {
  const shift = options.shiftMinutes;
  const radius = options.stopMetres ?? 100;
  const maxGap = options.maxGapMin ?? 5;
  const track = fixes
    .filter((f) => Number.isFinite(f.minute) && f.minute >= 0 && f.minute <= shift)
    .sort((a, b) => a.minute - b.minute);
  // Spans during which the last fix stands for the unit's position.
  const spans: { from: number; to: number; at: LonLatPair }[] = [];
  const gaps: { fromMin: number; toMin: number }[] = [];
  track.forEach((fix, i) => {
    if (i === 0 && fix.minute - 0 > maxGap) gaps.push({ fromMin: 0, toMin: fix.minute });
    const next = i + 1 < track.length ? track[i + 1].minute : shift;
    if (next - fix.minute > maxGap) gaps.push({ fromMin: fix.minute, toMin: next });
    else spans.push({ from: fix.minute, to: next, at: fix.at });
  });
  if (track.length === 0) gaps.push({ fromMin: 0, toMin: shift });
  let onBeat = 0;
  let offZone = 0;
  for (const s of spans) {
    if (inZone(zone, s.at)) onBeat += s.to - s.from;
    else offZone += s.to - s.from;
  }
  const firstIn = track.find((f) => inZone(zone, f.at));
  const stops: StopCompliance[] = [];
  for (const leg of plan.legs) {
    if (leg.kind !== 'dwell' || leg.stop === undefined) continue;
    const plannedMin = leg.endMin - leg.startMin;
    const from = leg.stop.window[0];
    const to = leg.stop.window[1] + plannedMin;
    let achieved = 0;
    for (const s of spans) {
      if (metres(s.at, leg.at) > radius) continue;
      achieved += Math.max(0, Math.min(s.to, to) - Math.max(s.from, from));
    }
    const visited = track.some(
      (f) => f.minute >= from && f.minute <= to && metres(f.at, leg.at) <= radius,
    );
    stops.push({ cell: leg.stop.cell, plannedMin, achievedMin: achieved, visited });
  }
  return {
    unit: plan.unit,
    zone: plan.zone,
    stopsPlanned: stops.length,
    stopsVisited: stops.filter((s) => s.visited).length,
    dwellPlannedMin: stops.reduce((sum, s) => sum + s.plannedMin, 0),
    dwellAchievedMin: stops.reduce((sum, s) => sum + s.achievedMin, 0),
    onBeatMin: onBeat,
    offZoneMin: offZone,
    gaps,
    lateStartMin: firstIn?.minute ?? shift,
    stops,
  };
}

export const COMPLIANCE_COLUMNS = [
  'unit',
  'zone',
  'stops_planned',
  'stops_visited',
  'dwell_planned_min',
  'dwell_achieved_min',
  'on_beat_min',
  'off_zone_min',
  'gaps_over_5_min',
  'gap_min',
  'late_start_min',
] as const;

/** RFC 4180 field: quoted when it holds a comma, quote or line break (quotes doubled). */
function csvField(value: string | number): string {
  const text = typeof value === 'number' ? String(Math.round(value * 10) / 10) : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per unit and shift, in COMPLIANCE_COLUMNS order (the CSV and XLSX exports). */
export function complianceRows(rows: readonly PatrolCompliance[]): (string | number)[][] {
  return rows.map((r) => [
    r.unit,
    r.zone,
    r.stopsPlanned,
    r.stopsVisited,
    r.dwellPlannedMin,
    r.dwellAchievedMin,
    r.onBeatMin,
    r.offZoneMin,
    r.gaps.length,
    r.gaps.reduce((sum, g) => sum + g.toMin - g.fromMin, 0),
    r.lateStartMin,
  ]);
}

/** The supervisor's compliance board as CSV, one row per unit and shift. */
export function complianceCsv(rows: readonly PatrolCompliance[]): string {
  const lines = [COMPLIANCE_COLUMNS.join(',')];
  for (const row of complianceRows(rows)) lines.push(row.map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
