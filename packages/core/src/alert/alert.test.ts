import { describe, expect, it } from 'vitest';
import { DomainErrorCode } from '../errors.ts';
import { catchDomainError } from '../testing/catch-domain-error.ts';
import { alertExpired, decideAlert, type Alert } from './alert.ts';

const T0 = Date.parse('2026-12-03T01:00:00Z');
const ctx = (now: number) => ({ now, actorId: null });

function received(expiresAt?: string): Alert {
  return decideAlert(
    undefined,
    {
      type: 'receive',
      alert: {
        id: 'alert-cap',
        orgId: 'district',
        source: 'cap',
        sender: 'weather@nanjing.example',
        event: 'storm',
        categories: ['Met'],
        severity: 'Severe',
        urgency: 'Expected',
        certainty: 'Likely',
        location: { lon: 118.783, lat: 32.041 },
        area: { polygons: [], circles: [] },
        externalKey: 'W-1',
        ...(expiresAt ? { expiresAt } : {}),
      },
      message: { id: 'W-1', msgType: 'Alert', sent: new Date(T0).toISOString() },
    },
    ctx(T0),
  ).state;
}

describe('alert expiry (CAP expires)', () => {
  const expiresAt = new Date(T0 + 3600_000).toISOString();

  it('is in effect until its expiry, then expires once', () => {
    const alert = received(expiresAt);
    expect(alertExpired(alert, T0 + 3600_000 - 1)).toBe(false);
    expect(alertExpired(alert, T0 + 3600_000)).toBe(true);
    const early = catchDomainError(() => decideAlert(alert, { type: 'expire' }, ctx(T0 + 60_000)));
    expect(early.code).toBe(DomainErrorCode.ILLEGAL_TRANSITION);

    const { state, events } = decideAlert(alert, { type: 'expire' }, ctx(T0 + 3600_000));
    expect(state).toMatchObject({ status: 'expired', clearedAt: expiresAt });
    expect(events.map((e) => e.type)).toEqual(['alert.expired']);
    expect(alertExpired(state, T0 + 7200_000)).toBe(false);
    const twice = catchDomainError(() =>
      decideAlert(state, { type: 'expire' }, ctx(T0 + 7200_000)),
    );
    expect(twice.code).toBe(DomainErrorCode.ILLEGAL_TRANSITION);
  });

  it('never expires an alert without an expiry, nor one cleared before it', () => {
    expect(alertExpired(received(), T0 + 365 * 86400_000)).toBe(false);
    const cleared = decideAlert(
      received(expiresAt),
      { type: 'clear', reason: 'over' },
      ctx(T0 + 60_000),
    ).state;
    expect(alertExpired(cleared, T0 + 7200_000)).toBe(false);
  });
});
