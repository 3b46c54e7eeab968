import { describe, expect, it } from 'vitest';
import { incidentAt } from '../testing/incident-builder.ts';
import { gridWorker, policeCar } from '../testing/unit-builders.ts';
import type { TalkGroup } from '../unit/talk-group.ts';
import type { Unit } from '../unit/unit.ts';
import { mobiliseTalkGroup } from './mobilise.ts';
import { applyPoliceFloor, POLICE_FLOOR_REASON, summariseMobilisation } from './police-floor.ts';

const incident = incidentAt(Date.parse('2026-11-28T08:00:00Z'));
let n = 0;
const newId = () => `d${++n}`;

describe('the police floor of a mobilisation', () => {
  // xjk: four police cars free; its grid (xjk-g1) a grid worker; wlc: two police cars, one already busy.
  const units: Unit[] = [
    policeCar('p1'),
    policeCar('p2'),
    policeCar('p3'),
    policeCar('p4'),
    gridWorker('g1'),
    policeCar('w1', { orgId: 'wlc' }),
    policeCar('w2', {
      orgId: 'wlc',
      status: 'en_route',
      assignment: { incidentId: 'x', dispatchId: 'dx', priority: 3 },
    }),
  ];
  const group: TalkGroup = {
    id: 'tg',
    name: '全区',
    orgId: 'xjk',
    unitIds: units.map((u) => u.id),
  };
  const plan = mobiliseTalkGroup(incident, group, units, { newId });

  it('sends police only while each area keeps the floor available', () => {
    const kept = applyPoliceFloor(plan, units, 2);
    expect(kept.dispatches.map((d) => d.unitId)).toEqual(['p1', 'p2', 'g1']);
    expect(kept.skipped.filter((s) => s.reason === POLICE_FLOOR_REASON)).toEqual([
      { unitId: 'p3', reason: POLICE_FLOOR_REASON },
      { unitId: 'p4', reason: POLICE_FLOOR_REASON },
      { unitId: 'w1', reason: POLICE_FLOOR_REASON },
    ]);
  });

  it('limits nothing with a floor of zero', () => {
    expect(applyPoliceFloor(plan, units, 0).dispatches).toHaveLength(plan.dispatches.length);
  });

  it('says how many of which kinds leave which areas and what each keeps', () => {
    const summary = summariseMobilisation(applyPoliceFloor(plan, units, 2), units, 2);
    expect(summary).toEqual({
      total: 3,
      floor: 2,
      areas: [
        {
          orgId: 'wlc',
          leaving: {},
          policeAvailableBefore: 1,
          policeAvailableAfter: 1,
          held: 1,
        },
        {
          orgId: 'xjk',
          leaving: { police: 2 },
          policeAvailableBefore: 4,
          policeAvailableAfter: 2,
          held: 2,
        },
        {
          orgId: 'xjk-g1',
          leaving: { grid: 1 },
          policeAvailableBefore: 0,
          policeAvailableAfter: 0,
          held: 0,
        },
      ],
    });
  });
});
