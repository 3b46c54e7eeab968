import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

describe('audit route', () => {
  let server: TestServer;
  const audit = async (query = '', username = 'admin') =>
    server.app.inject({
      url: `/api/v1/audit${query}`,
      headers: { cookie: await server.cookie(username) },
    });
  beforeAll(async () => {
    server = await startTestServer();
    const entry = { action: 'incident.contact.read', subjectType: 'incident' };
    await server.store.audit.record({
      ...entry,
      at: '2026-01-01T08:00:00Z',
      actorId: 'account-dispatcher',
      subjectId: 'inc-1',
      orgId: 'station-1',
    });
    await server.store.audit.record({
      ...entry,
      at: '2026-01-02T08:00:00Z',
      actorId: 'account-responder',
      subjectId: 'inc-2',
      orgId: 'grid-1',
    });
    await server.store.audit.record({
      ...entry,
      at: '2026-01-03T08:00:00Z',
      actorId: 'someone-elsewhere',
      subjectId: 'inc-3',
      orgId: 'elsewhere',
    });
  });
  afterAll(async () => server.close());

  it('lists who read personal data in the admin scope, newest first', async () => {
    const response = await audit();
    expect(response.statusCode).toBe(200);
    expect(response.json().map((r: { subjectId: string }) => r.subjectId)).toEqual([
      'inc-2',
      'inc-1',
    ]);
  });

  it('filters by actor, subject type and time', async () => {
    expect((await audit('?actorId=account-dispatcher')).json()).toHaveLength(1);
    expect((await audit('?subjectType=unit')).json()).toEqual([]);
    const window = await audit('?from=2026-01-02T00:00:00Z&to=2026-01-03T00:00:00Z');
    expect(window.json().map((r: { subjectId: string }) => r.subjectId)).toEqual(['inc-2']);
    const bad = await audit('?from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('from');
  });

  it('is for admins only', async () => {
    for (const username of ['supervisor', 'dispatcher', 'analyst']) {
      const response = await audit('', username);
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('ERR_FORBIDDEN');
    }
  });
});
