import { describe, expect, it } from 'vitest';
import { decideDispatch } from '../dispatch/decide-dispatch.ts';
import type { TrackedPosition } from '../recommend/measure-reach.ts';
import { offset } from '../testing/geometry.ts';
import { incidentAt } from '../testing/incident-builder.ts';
import { FixedClock, StraightLineTravelTimes } from '../testing/straight-line-travel-times.ts';
import { emergencyUnit, gridWorker, policeCar } from '../testing/unit-builders.ts';
import { decideTalkGroup, type TalkGroup } from '../unit/talk-group.ts';
import type { Unit } from '../unit/unit.ts';
import { mobiliseTalkGroup, mobiliseWithin } from './mobilise.ts';

const t0 = Date.parse('2026-11-28T08:00:00Z');
const incident = incidentAt(t0);
const travel = new StraightLineTravelTimes({
  speeds: { walk: 1, bike: 4, drive: 10 },
  detourFactor: 1,
});

function ids(prefix = 'd') {
  let n = 0;
  return () => `${prefix}${++n}`;
}

describe('mobiliseTalkGroup', () => {
  const units: Unit[] = [
    emergencyUnit('e1'),
    emergencyUnit('e2', { status: 'off_duty' }),
    emergencyUnit('e3', {
      status: 'en_route',
      assignment: { incidentId: 'x', dispatchId: 'dx', priority: 4 },
    }),
    gridWorker('g1'),
    emergencyUnit('e4', {
      status: 'notified',
      assignment: { incidentId: 'i1', dispatchId: 'd0', priority: 1 },
    }),
  ];
  const group: TalkGroup = {
    id: 'tg-xjk',
    name: '新街口商圈',
    orgId: 'xjk',
    unitIds: ['e1', 'e2', 'e3', 'g1', 'e4', 'gone'],
  };

  it('dispatches every available unit of the group and says why the others are not', () => {
    const m = mobiliseTalkGroup(incident, group, units, {
      newId: ids(),
      message: '中央商场持刀，全体就近支援',
    });
    expect(m.dispatches).toEqual([
      { type: 'create', dispatchId: 'd1', incidentId: 'i1', unitId: 'e1', orgId: 'xjk', tier: 2 },
      { type: 'create', dispatchId: 'd2', incidentId: 'i1', unitId: 'g1', orgId: 'xjk', tier: 2 },
    ]);
    expect(m.skipped).toEqual([
      { unitId: 'e2', reason: 'off_duty' },
      { unitId: 'e3', reason: 'en_route' },
      { unitId: 'e4', reason: 'already on this incident' },
      { unitId: 'gone', reason: 'unknown unit' },
    ]);
    expect(m.broadcast).toEqual({
      talkGroupId: 'tg-xjk',
      command: { type: 'broadcast', message: '中央商场持刀，全体就近支援', incidentId: 'i1' },
    });
  });

  it('produces commands that the aggregates accept', () => {
    const m = mobiliseTalkGroup(incident, group, units, { newId: ids(), tier: 1, message: '支援' });
    const ctx = { now: t0, actorId: 'disp-1' };
    const created = m.dispatches.map((c) => decideDispatch(undefined, c, ctx));
    expect(created.map((d) => [d.state.status, d.state.acceptTimeoutSeconds])).toEqual([
      ['notified', 20],
      ['notified', 20],
    ]);
    const broadcast = decideTalkGroup(group, m.broadcast!.command, ctx);
    expect(broadcast.events[0].type).toBe('talkgroup.broadcast');
  });

  it('sends no broadcast unless asked', () => {
    expect(mobiliseTalkGroup(incident, group, units, { newId: ids() }).broadcast).toBeUndefined();
  });
});

describe('mobiliseWithin', () => {
  const placed: [Unit, number, number?][] = [
    [emergencyUnit('e1'), 50], // 60 s
    [gridWorker('g1'), 400], // 120 s
    [policeCar('p1'), 1500], // 180 s
    [policeCar('p2'), 3000], // 330 s
    [emergencyUnit('e2'), 20, 500], // stale
    [emergencyUnit('e3', { status: 'off_duty' }), 10],
    [emergencyUnit('e4'), 175], // 175 s travel + 10 s turnout = 185 s: travel within, ETA beyond
  ];
  const units = placed.map(([u]) => u);
  const positions = new Map<string, TrackedPosition>(
    placed.map(([u, m, age = 5]) => [u.id, { ...offset(m, 0), at: t0 - age * 1000, accuracyM: 5 }]),
  );

  it('dispatches every available unit within the travel-time radius, nearest first, with its ETA', () => {
    const m = mobiliseWithin(incident, units, positions, travel, new FixedClock(t0), {
      newId: ids(),
      limitSeconds: 180,
    });
    expect(m.dispatches.map((d) => [d.unitId, d.etaSeconds])).toEqual([
      ['e1', 60],
      ['g1', 120],
      ['p1', 180],
    ]);
    expect(m.skipped).toEqual([{ unitId: 'e4', reason: '185 s with turnout, beyond the limit' }]);
    expect(m.excluded).toMatchObject({ stalePosition: 1, offDuty: 1, unreachable: 1 });
  });

  it('limits kinds and count', () => {
    const m = mobiliseWithin(incident, units, positions, travel, new FixedClock(t0), {
      newId: ids(),
      limitSeconds: 600,
      kinds: ['police', 'grid'],
      maxUnits: 2,
    });
    expect(m.dispatches.map((d) => d.unitId)).toEqual(['g1', 'p1']);
    expect(m.skipped).toEqual([{ unitId: 'p2', reason: 'beyond the first 2 units' }]);
  });
});
