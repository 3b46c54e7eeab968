import { describe, expect, it } from 'vitest';
import { catchDomainError } from '../testing/catch-domain-error.ts';
import { UNIT_STATUSES, type UnitStatus } from './unit.ts';
import { UNIT_TRANSITIONS, canChangeUnitStatus, changeUnitStatus } from './unit-status.ts';

const legal: [UnitStatus, UnitStatus][] = [
  ['available', 'notified'],
  ['available', 'off_duty'],
  ['available', 'out_of_service'],
  ['notified', 'en_route'],
  ['notified', 'available'],
  ['notified', 'out_of_service'],
  ['en_route', 'on_scene'],
  ['en_route', 'available'],
  ['en_route', 'out_of_service'],
  ['on_scene', 'available'],
  ['on_scene', 'out_of_service'],
  ['off_duty', 'available'],
  ['off_duty', 'out_of_service'],
  ['out_of_service', 'available'],
  ['out_of_service', 'off_duty'],
];

describe('unit status machine', () => {
  it.each(legal)('allows %s → %s', (from, to) => {
    expect(changeUnitStatus(from, to)).toBe(to);
  });

  it('allows nothing else (every other pair is rejected)', () => {
    const allowed = new Set(legal.map(([a, b]) => `${a}>${b}`));
    for (const from of UNIT_STATUSES) {
      for (const to of UNIT_STATUSES) {
        expect(canChangeUnitStatus(from, to)).toBe(allowed.has(`${from}>${to}`));
      }
    }
    expect(Object.values(UNIT_TRANSITIONS).flat()).toHaveLength(legal.length);
  });

  it.each([
    ['off_duty', 'on_scene'],
    ['available', 'on_scene'],
    ['available', 'en_route'],
    ['on_scene', 'en_route'],
    ['on_scene', 'off_duty'],
    ['notified', 'notified'],
  ] as [UnitStatus, UnitStatus][])('rejects %s → %s naming both ends', (from, to) => {
    const e = catchDomainError(() => changeUnitStatus(from, to));
    expect(e.code).toBe('ERR_ILLEGAL_TRANSITION');
    expect(e.message).toBe(`unit cannot go from ${from} to ${to}`);
  });
});
