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
    expect(await checker.check()).toBe(0);
    clock.advance(3601); // grid report: 1 h to analyse
    expect(await checker.check()).toBe(1);
    expect(await checker.check()).toBe(0);
    // Two periods pass unchecked: levels 2 and 3 are each raised, to the community and station.
    clock.advance(2 * 3600);
    expect(await checker.check()).toBe(1);
    const events = (await server.store.history('case', id)).filter(
      (e) => e.type === 'case.escalated',
    );
    expect(
      events.map((e) => {
        const { level, toOrgId } = e.payload as { level: number; toOrgId: string };
        return [level, toOrgId];
      }),
    ).toEqual([
      [1, 'grid-1'],
      [2, 'community'],
      [3, 'station-1'],
    ]);
  });

  it('keeps checking the other cases when one fails, and reports the failure', async () => {
    const ids: string[] = [];
    for (const title of ['a', 'b']) {
      const created = await server.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: { cookie: await server.cookie('dispatcher') },
        payload: {
          kind: 'grid_report',
          orgId: 'grid-1',
          categoryCode: 'grid_other',
          title,
          description: 'd',
        },
      });
      ids.push(created.json().id);
    }
    clock.advance(3601);
    const failures: string[] = [];
    const commands = server.ctx.commands;
    const original = commands.executeWithRetry.bind(commands);
    commands.executeWithRetry = async (parts, actorId) => {
      // The first new case's command fails as a store outage would; the next must still escalate.
      if (parts()[0]?.aggregateId === ids[0]) throw new Error('store unavailable');
      return original(parts, actorId);
    };
    try {
      const checker = new CaseDeadlineChecker(server.ctx, {
        onError: (_error, caseId) => failures.push(caseId),
      });
      await checker.check();
      expect(failures).toEqual([ids[0]]);
    } finally {
      commands.executeWithRetry = original;
    }
    const escalated = await Promise.all(
      ids.map(async (id) =>
        (await server.store.history('case', id)).some((e) => e.type === 'case.escalated'),
      ),
    );
    expect(escalated).toEqual([false, true]);
  });
});
