import { capSample, FixedClock } from '@jiefang/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';
import { AlertExpiryChecker } from './alert-expiry-checker.ts';

const SENDER = 'camera-analytics@xuanwu.nanjing.example';

/**
 * CAP `expires` on a simulation clock: an active alert past its expiry leaves the active list by
 * the scheduler's pass (its timeline says so), one without an expiry stays, and an Update that
 * moves the expiry later is honoured.
 */
describe('alert expiry pass (simulation clock)', () => {
  // 09:30 in Nanjing.
  const clock = new FixedClock(Date.parse('2026-12-03T01:30:00Z'));
  let server: TestServer;
  let checker: AlertExpiryChecker;

  const post = async (xml: string) => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/alerts/cap',
      headers: { cookie: await server.cookie('dispatcher'), 'content-type': 'application/cap+xml' },
      payload: xml,
    });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.json().alert as { id: string; status: string; expiresAt?: string };
  };
  const activeIds = async () => {
    const response = await server.app.inject({
      url: '/api/v1/alerts?status=active',
      headers: { cookie: await server.cookie('dispatcher') },
    });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { id: string }[]).map((a) => a.id);
  };
  const expires = (at: string) => `\n    <expires>${at}</expires>`;

  beforeAll(async () => {
    server = await startTestServer({ clock });
    checker = new AlertExpiryChecker(server.ctx, 60_000, (error) => {
      throw error;
    });
  }, 60_000);
  afterAll(async () => server?.close());

  it('expires an alert past its CAP expiry and leaves the others active', async () => {
    const expiring = await post(
      capSample({ identifier: 'EXP-1', infoExtra: expires('2026-12-03T10:00:00+08:00') }),
    );
    expect(expiring.expiresAt).toBe('2026-12-03T02:00:00.000Z');
    const lasting = await post(capSample({ identifier: 'EXP-2' }));
    expect(lasting.expiresAt).toBeUndefined();

    clock.advance(29 * 60 + 59);
    expect(await checker.expireDue()).toBe(0);
    expect(await activeIds()).toEqual(expect.arrayContaining([expiring.id, lasting.id]));

    clock.advance(1);
    expect(await checker.expireDue()).toBe(1);
    const active = await activeIds();
    expect(active).toContain(lasting.id);
    expect(active).not.toContain(expiring.id);
    const one = await server.app.inject({
      url: `/api/v1/alerts/${expiring.id}`,
      headers: { cookie: await server.cookie('dispatcher') },
    });
    expect(one.json()).toMatchObject({ status: 'expired', clearReason: expect.any(String) });
    const timeline = await server.app.inject({
      url: `/api/v1/alerts/${expiring.id}/timeline`,
      headers: { cookie: await server.cookie('dispatcher') },
    });
    expect((timeline.json() as { type: string }[]).at(-1)?.type).toBe('alert.expired');

    // A second pass (or a second process) finds nothing more to do.
    clock.advance(3600);
    expect(await checker.expireDue()).toBe(0);
    expect(await activeIds()).toContain(lasting.id);
  });

  it('follows an Update that moves the expiry later', async () => {
    const now = new Date(clock.now());
    const inMinutes = (m: number) =>
      new Date(now.getTime() + m * 60_000).toISOString().replace('.000Z', '+00:00');
    const alert = await post(capSample({ identifier: 'EXP-3', infoExtra: expires(inMinutes(10)) }));
    await post(
      capSample({
        identifier: 'EXP-3-U1',
        msgType: 'Update',
        references: `${SENDER},EXP-3,2026-12-03T09:00:00+08:00`,
        infoExtra: expires(inMinutes(60)),
      }),
    );
    clock.advance(30 * 60);
    expect(await checker.expireDue()).toBe(0);
    expect(await activeIds()).toContain(alert.id);
    clock.advance(30 * 60);
    expect(await checker.expireDue()).toBe(1);
    expect(await activeIds()).not.toContain(alert.id);
  });
});
