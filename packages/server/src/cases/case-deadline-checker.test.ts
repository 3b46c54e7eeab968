import { FixedClock } from '@jiefang/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';
import { CaseDeadlineChecker } from './case-deadline-checker.ts';

describe('CaseDeadlineChecker', () => {
  let server: TestServer;
  const clock = new FixedClock(Date.parse('2026-03-02T08:00:00Z'));
  beforeAll(async () => {
    server = await startTestServer({ clock });
  }, 60_000);
  afterAll(async () => server?.close());

  it('escalates an overdue case once per level, up the org tree, and nothing in time', async () => {
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { cookie: await server.cookie('dispatcher') },
      payload: {
        kind: 'grid_report',
        orgId: 'grid-1',
        categoryCode: 'grid_other',
        title: 't',
        description: 'd',
      },
    });
    const id = created.json().id;
    const checker = new CaseDeadlineChecker(server.ctx);
    expect(await checker.pass()).toBe(0);
    clock.advance(3601); // grid report: 1 h to analyse
    expect(await checker.pass()).toBe(1);
    expect(await checker.pass()).toBe(0);
    clock.advance(2 * 3600);
    expect(await checker.pass()).toBe(1);
    const events = (await server.store.history('case', id)).filter(
      (e) => e.type === 'case.escalated',
    );
    expect(events.map((e) => (e.payload as { level: number; toOrgId: string }).toOrgId)).toEqual([
      'grid-1',
      'station-1',
    ]);
  });
});
