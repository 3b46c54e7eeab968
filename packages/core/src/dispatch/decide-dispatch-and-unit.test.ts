import { describe, expect, it } from 'vitest';
import { catchDomainError } from '../testing/catch-domain-error.ts';
import { emergencyUnit } from '../testing/unit-builders.ts';
import type { Unit } from '../unit/unit.ts';
import type { CreateDispatch, DispatchCommand } from './decide-dispatch.ts';
import { decideDispatchAndUnit } from './decide-dispatch-and-unit.ts';
import type { Dispatch } from './dispatch.ts';

const t0 = Date.parse('2026-11-28T08:00:00Z');
const ctx = (s: number) => ({
  now: t0 + s * 1000,
  actorId: 'disp-1',
  incidentPriority: 1 as const,
});
const create: CreateDispatch = {
  type: 'create',
  dispatchId: 'd1',
  incidentId: 'i1',
  unitId: 'e1',
  orgId: 'xjk',
  tier: 1,
};

describe('decideDispatchAndUnit', () => {
  it('moves the unit along with the dispatch through a whole response', () => {
    let dispatch: Dispatch | undefined;
    let unit: Unit = emergencyUnit('e1');
    const seen: string[] = [];
    const steps: DispatchCommand[] = [
      create,
      { type: 'deliver' },
      { type: 'accept' },
      { type: 'depart' },
      { type: 'arrive', source: 'position' },
      { type: 'clear' },
    ];
    steps.forEach((command, s) => {
      const result = decideDispatchAndUnit(dispatch, unit, command, ctx(s));
      dispatch = result.dispatch.state;
      if (result.unit) unit = result.unit.state;
      seen.push(`${dispatch.status}/${unit.status}`);
    });
    expect(seen).toEqual([
      'notified/notified',
      'delivered/notified',
      'accepted/en_route',
      'en_route/en_route',
      'on_scene/on_scene',
      'cleared/available',
    ]);
    expect(unit.assignment).toBeUndefined();
  });

  it('assigns the unit with the incident priority, for later pre-emption decisions', () => {
    const { unit } = decideDispatchAndUnit(undefined, emergencyUnit('e1'), create, ctx(0));
    expect(unit?.state.assignment).toEqual({ incidentId: 'i1', dispatchId: 'd1', priority: 1 });
    expect(unit?.events[0].type).toBe('unit.status_changed');
  });

  it('refuses to dispatch a unit that is not available', () => {
    const e = catchDomainError(() =>
      decideDispatchAndUnit(undefined, emergencyUnit('e1', { status: 'off_duty' }), create, ctx(0)),
    );
    expect(e.code).toBe('ERR_ILLEGAL_TRANSITION');
    expect(e.message).toBe('unit cannot go from off_duty to notified');
  });

  it('does not release a unit that has since been assigned to another dispatch', () => {
    const first = decideDispatchAndUnit(undefined, emergencyUnit('e1'), create, ctx(0));
    const reassigned: Unit = {
      ...first.unit!.state,
      assignment: { incidentId: 'i2', dispatchId: 'd2', priority: 1 },
    };
    const late = decideDispatchAndUnit(
      first.dispatch.state,
      reassigned,
      { type: 'cancel', reason: 'dup' },
      ctx(5),
    );
    expect(late.dispatch.state.status).toBe('cancelled');
    expect(late.unit).toBeUndefined();
  });

  it('releases the unit on decline', () => {
    const first = decideDispatchAndUnit(undefined, emergencyUnit('e1'), create, ctx(0));
    const declined = decideDispatchAndUnit(
      first.dispatch.state,
      first.unit!.state,
      { type: 'decline', reason: 'handling a fight' },
      ctx(5),
    );
    expect(declined.unit?.state.status).toBe('available');
  });

  it('rejects a create for a different unit', () => {
    expect(() => decideDispatchAndUnit(undefined, emergencyUnit('e9'), create, ctx(0))).toThrow(
      RangeError,
    );
  });
});
