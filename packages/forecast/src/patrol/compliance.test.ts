import { describe, expect, it } from 'vitest';
import type { Zone } from './chessboard.ts';
import { complianceCsv, patrolCompliance, type TrackFix } from './compliance.ts';
import type { UnitPlan } from './patrol-plan.ts';
import type { LonLatPair } from './road-network.ts';

const zone: Zone = { id: 'A1', bbox: [0, 0, 0.02, 0.02], centre: [0.01, 0.01] };
const post: LonLatPair = [0.01, 0.01];
const stopA: LonLatPair = [0.005, 0.005];
const stopB: LonLatPair = [0.015, 0.015];
const plan: UnitPlan = {
  unit: 'P1',
  zone: 'A1',
  post,
  legs: [
    { kind: 'drive', startMin: 0, endMin: 10, path: [[...post], [...stopA]], metres: 800 },
    { kind: 'dwell', startMin: 10, endMin: 22, at: stopA, stop: { cell: 'a', window: [5, 20] } },
    { kind: 'drive', startMin: 22, endMin: 40, path: [[...stopA], [...stopB]], metres: 1600 },
    { kind: 'dwell', startMin: 40, endMin: 52, at: stopB, stop: { cell: 'b', window: [35, 50] } },
    { kind: 'dwell', startMin: 52, endMin: 70, at: post },
  ],
};

/** A recorded shift: late by 7 min, 11 min at A, a 10-minute silence, B skipped, 10 min off beat. */
function recordedTrack(): TrackFix[] {
  const fixes: TrackFix[] = [];
  const at = (minute: number, p: LonLatPair) => fixes.push({ minute, at: p });
  for (let m = 7; m <= 9; m++) at(m, post);
  for (let m = 10; m <= 20; m++) at(m, [stopA[0] + 0.0002, stopA[1]]); // 22 m from A
  at(21, post);
  for (let m = 31; m <= 49; m++) at(m, post);
  for (let m = 50; m <= 59; m++) at(m, [0.03, 0.01]);
  for (let m = 60; m <= 69; m++) at(m, post);
  return fixes.reverse(); // order of arrival must not matter
}

describe('patrolCompliance', () => {
  it('measures a recorded track against its plan, as worked by hand', () => {
    const c = patrolCompliance(plan, zone, recordedTrack(), { shiftMinutes: 70 });
    expect(c).toMatchObject({
      stopsPlanned: 2,
      stopsVisited: 1,
      dwellPlannedMin: 24,
      dwellAchievedMin: 11,
      onBeatMin: 43,
      offZoneMin: 10,
      lateStartMin: 7,
      gaps: [
        { fromMin: 0, toMin: 7 },
        { fromMin: 21, toMin: 31 },
      ],
    });
    expect(c.stops.map((s) => [s.cell, s.visited, s.achievedMin])).toEqual([
      ['a', true, 11],
      ['b', false, 0],
    ]);
    // Every minute of the shift is on the beat, off it, or in a gap.
    expect(c.onBeatMin + c.offZoneMin + 7 + 10).toBe(70);
  });

  it('reports a silent unit as one gap over the whole shift', () => {
    const c = patrolCompliance(plan, zone, [], { shiftMinutes: 70 });
    expect(c.gaps).toEqual([{ fromMin: 0, toMin: 70 }]);
    expect(c.lateStartMin).toBe(70);
    expect(c.stopsVisited).toBe(0);
  });

  it('exports the board as RFC 4180 CSV', () => {
    const c = patrolCompliance(plan, zone, recordedTrack(), { shiftMinutes: 70 });
    const csv = complianceCsv([c, { ...c, unit: 'P"2, north' }]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'unit,zone,stops_planned,stops_visited,dwell_planned_min,dwell_achieved_min,on_beat_min,off_zone_min,gaps_over_5_min,gap_min,late_start_min',
    );
    expect(lines[1]).toBe('P1,A1,2,1,24,11,43,10,2,17,7');
    expect(lines[2].startsWith('"P""2, north",A1,')).toBe(true);
    expect(lines[3]).toBe('');
  });
});
