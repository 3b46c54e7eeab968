import { describe, expect, it } from 'vitest';
import { catchDomainError } from '../testing/catch-domain-error.ts';
import { MALL } from '../testing/geometry.ts';
import { decideSite } from './decide-site.ts';
import type { Site } from './site.ts';

const ctx = { now: 0, actorId: 'admin' };
const site: Site = {
  id: 's1',
  name: '中央商场',
  kind: 'mall',
  orgId: 'xjk-c1',
  location: MALL,
  unitIds: ['e1', 'e1'],
};

describe('decideSite', () => {
  const registered = decideSite(undefined, { type: 'register', site }, ctx).state;

  it('registers with unique units', () => {
    expect(registered.unitIds).toEqual(['e1']);
  });

  it('stations and withdraws units', () => {
    const stationed = decideSite(registered, { type: 'station_unit', unitId: 'e2' }, ctx);
    expect(stationed.state.unitIds).toEqual(['e1', 'e2']);
    expect(stationed.events[0]).toEqual({
      type: 'site.unit_stationed',
      payload: { siteId: 's1', unitId: 'e2' },
    });
    expect(decideSite(stationed.state, { type: 'station_unit', unitId: 'e2' }, ctx).events).toEqual(
      [],
    );
    expect(
      decideSite(stationed.state, { type: 'withdraw_unit', unitId: 'e1' }, ctx).state.unitIds,
    ).toEqual(['e2']);
    expect(
      catchDomainError(() => decideSite(registered, { type: 'withdraw_unit', unitId: 'x' }, ctx))
        .field,
    ).toBe('unitId');
  });

  it('revalidates updates', () => {
    expect(
      decideSite(registered, { type: 'update', changes: { name: '新百' } }, ctx).state.name,
    ).toBe('新百');
    const e = catchDomainError(() =>
      decideSite(registered, { type: 'update', changes: { location: { lon: 0, lat: 99 } } }, ctx),
    );
    expect(e.field).toBe('location.lat');
  });
});
