import { describe, expect, it } from 'vitest';
import { catchDomainError } from '../testing/catch-domain-error.ts';
import { emergencyUnit, gridWorker, policeCar, specialUnit } from '../testing/unit-builders.ts';
import { decideUnit } from './decide-unit.ts';
import { checkPositionReport } from './position-report.ts';
import type { Unit } from './unit.ts';
import { defaultProfile, defaultTurnoutSeconds } from './unit.ts';
import { validateUnit } from './validate-unit.ts';

const ctx = { now: Date.parse('2026-11-28T08:00:00Z'), actorId: 'admin-1' };

describe('decideUnit', () => {
  it('registers a valid unit', () => {
    const unit = emergencyUnit('e1');
    const { events, state } = decideUnit(undefined, { type: 'register', unit }, ctx);
    expect(events).toEqual([{ type: 'unit.registered', payload: unit }]);
    expect(state).toEqual(unit);
  });

  it('refuses to register twice', () => {
    const unit = policeCar('p1');
    expect(catchDomainError(() => decideUnit(unit, { type: 'register', unit }, ctx)).code).toBe(
      'ERR_ALREADY_EXISTS',
    );
  });

  it('refuses commands to a unit that does not exist', () => {
    expect(
      catchDomainError(() => decideUnit(undefined, { type: 'change_status', to: 'off_duty' }, ctx))
        .code,
    ).toBe('ERR_NOT_FOUND');
  });

  it('records a status change with the incident it concerns', () => {
    const unit = policeCar('p1');
    const assignment = { incidentId: 'i1', dispatchId: 'd1', priority: 1 as const };
    const notified = decideUnit(unit, { type: 'change_status', to: 'notified', assignment }, ctx);
    expect(notified.state.status).toBe('notified');
    expect(notified.state.assignment).toEqual(assignment);
    expect(notified.events).toEqual([
      {
        type: 'unit.status_changed',
        payload: {
          unitId: 'p1',
          from: 'available',
          to: 'notified',
          incidentId: 'i1',
          reason: undefined,
          at: '2026-11-28T08:00:00.000Z',
        },
      },
    ]);
    const released = decideUnit(
      { ...notified.state, status: 'on_scene' },
      { type: 'change_status', to: 'available', reason: 'cleared' },
      ctx,
    );
    expect(released.state.assignment).toBeUndefined();
    expect((released.events[0].payload as { incidentId: string }).incidentId).toBe('i1');
  });

  it('requires an assignment when notifying', () => {
    const e = catchDomainError(() =>
      decideUnit(policeCar('p1'), { type: 'change_status', to: 'notified' }, ctx),
    );
    expect(e.field).toBe('assignment');
  });

  it('rejects an illegal status change', () => {
    const e = catchDomainError(() =>
      decideUnit(
        policeCar('p1', { status: 'off_duty' }),
        { type: 'change_status', to: 'on_scene' },
        ctx,
      ),
    );
    expect(e.code).toBe('ERR_ILLEGAL_TRANSITION');
  });

  it('updates details and revalidates them', () => {
    const unit = gridWorker('g1');
    const { state, events } = decideUnit(
      unit,
      { type: 'update', changes: { turnoutSeconds: 15 } },
      ctx,
    );
    expect(state.turnoutSeconds).toBe(15);
    expect(events[0].type).toBe('unit.updated');
    const e = catchDomainError(() =>
      decideUnit(unit, { type: 'update', changes: { turnoutSeconds: -1 } }, ctx),
    );
    expect(e.field).toBe('turnoutSeconds');
  });
});

describe('validateUnit', () => {
  it.each([
    ['police car', policeCar('p')],
    ['emergency unit', emergencyUnit('e')],
    ['grid worker', gridWorker('g')],
    ['special unit', specialUnit('s')],
  ])('accepts a %s', (_label, unit) => {
    expect(validateUnit(unit)).toBe(unit);
  });

  it('names every bad field', () => {
    const bad = {
      ...emergencyUnit('e'),
      name: '',
      profile: 'fly',
      siteId: undefined,
      equipment: 'shield',
    };
    const e = catchDomainError(() => validateUnit(bad));
    expect(e.code).toBe('ERR_VALIDATION');
    expect(e.problems?.map((p) => p.field)).toEqual(['name', 'profile', 'siteId', 'equipment']);
  });

  it('checks kind-specific fields', () => {
    expect(catchDomainError(() => validateUnit({ ...policeCar('p'), mode: 'boat' })).field).toBe(
      'mode',
    );
    expect(
      catchDomainError(() => validateUnit({ ...specialUnit('s'), speciality: '' })).field,
    ).toBe('speciality');
    const members = [{ personId: '', name: 'x' }];
    expect(catchDomainError(() => validateUnit({ ...gridWorker('g'), members })).field).toBe(
      'members[0].personId',
    );
    const dept = { ...policeCar('d'), kind: 'department', mode: undefined } as unknown as Unit;
    expect(catchDomainError(() => validateUnit(dept)).field).toBe('departmentOrgId');
  });

  it('rejects a non-object', () => {
    expect(catchDomainError(() => validateUnit(null)).field).toBe('unit');
  });
});

describe('unit defaults', () => {
  it('gives each kind its usual profile and turnout', () => {
    expect(defaultProfile('police', 'car')).toBe('drive');
    expect(defaultProfile('police', 'foot')).toBe('walk');
    expect(defaultProfile('community')).toBe('walk');
    expect(defaultProfile('grid')).toBe('bike');
    expect(defaultTurnoutSeconds('community')).toBeLessThan(defaultTurnoutSeconds('police', 'car'));
    expect(defaultTurnoutSeconds('special')).toBeGreaterThan(
      defaultTurnoutSeconds('police', 'car'),
    );
  });
});

describe('checkPositionReport', () => {
  const now = ctx.now;
  const fix = { lon: 118.78, lat: 32.04, at: now - 5000, accuracyM: 8 };

  it('accepts a fresh fix', () => {
    expect(checkPositionReport(fix, now)).toBe(fix);
  });

  it('rejects an old fix as stale', () => {
    const e = catchDomainError(() => checkPositionReport({ ...fix, at: now - 121_000 }, now));
    expect(e.code).toBe('ERR_STALE_POSITION');
    expect(e.field).toBe('position.at');
    expect(
      checkPositionReport({ ...fix, at: now - 121_000 }, now, { maxAgeSeconds: 300 }),
    ).toBeDefined();
  });

  it('rejects a fix from the future', () => {
    const e = catchDomainError(() => checkPositionReport({ ...fix, at: now + 60_000 }, now));
    expect(e.code).toBe('ERR_STALE_POSITION');
    expect(e.message).toContain('future');
  });

  it('rejects malformed fixes field by field', () => {
    const e = catchDomainError(() =>
      checkPositionReport({ lon: 200, lat: 32, at: 'x', accuracyM: -1 }, now),
    );
    expect(e.code).toBe('ERR_VALIDATION');
    expect(e.problems?.map((p) => p.field)).toEqual([
      'position.lon',
      'position.at',
      'position.accuracyM',
    ]);
  });

  it.each([Infinity, -Infinity, NaN, 1e999, 100_001])(
    'rejects a non-finite or absurd accuracy %s',
    (accuracyM) => {
      const e = catchDomainError(() => checkPositionReport({ ...fix, accuracyM }, now));
      expect(e.code).toBe('ERR_VALIDATION');
      expect(e.problems?.map((p) => p.field)).toEqual(['position.accuracyM']);
    },
  );
});
