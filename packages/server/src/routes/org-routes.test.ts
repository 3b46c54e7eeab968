import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

describe('org routes', () => {
  let server: TestServer;
  const as = async (username: string) => ({ cookie: await server.cookie(username) });
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('lists the caller subtree, parents before children', async () => {
    const admin = (
      await server.app.inject({ url: '/api/v1/orgs', headers: await as('admin') })
    ).json();
    expect(admin[0]).toMatchObject({ id: 'city', parentId: null, kind: 'city' });
    expect(admin.map((o: { id: string }) => o.id)).toContain('station-2');
    const grid = await server.app.inject({ url: '/api/v1/orgs', headers: await as('grid') });
    expect(grid.json()).toEqual([
      expect.objectContaining({ id: 'grid-1', parentId: 'community', kind: 'grid' }),
    ]);
  });

  // Skipped until CommandService reads the replayed aggregate's id from the stored result (it
  // looks up the retry's fresh id and finds nothing, so the retry answers 500): see the report.
  it('creates an org under a parent, once per idempotency key', async () => {
    const request = {
      method: 'POST' as const,
      url: '/api/v1/orgs',
      headers: { ...(await as('admin')), 'idempotency-key': 'create-grid-3-once' },
      payload: { parentId: 'community', kind: 'grid', name: '网格 3' },
    };
    const first = await server.app.inject(request);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ parentId: 'community', name: '网格 3', version: 1 });
    const retry = await server.app.inject(request);
    expect(retry.statusCode).toBe(201);
    expect(retry.json().id).toBe(first.json().id);
    const named = server.ctx.world.orgTree
      .childrenOf('community')
      .filter((o) => o.name === '网格 3');
    expect(named).toHaveLength(1);
  });

  it('creates an org under a parent', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: await as('admin'),
      payload: { id: 'grid-4', parentId: 'community', kind: 'grid', name: '网格 4' },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      id: 'grid-4',
      parentId: 'community',
      kind: 'grid',
      name: '网格 4',
      version: 1,
    });
    expect(server.ctx.world.orgTree.isWithin('grid-4', 'station-1')).toBe(true);
  });

  it('refuses an id that is taken', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: await as('admin'),
      payload: { id: 'grid-1', parentId: 'community', kind: 'grid', name: 'again' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('ERR_ALREADY_EXISTS');
  });

  it('refuses a wrong kind under a parent, naming the field', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: await as('admin'),
      payload: { parentId: 'community', kind: 'district', name: 'x' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('ERR_VALIDATION');
    expect(response.json().error.message).toContain('a district cannot hang under community');
  });

  it('renames and moves in one change, with If-Match', async () => {
    await server.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: await as('admin'),
      payload: { id: 'community-b', parentId: 'station-1', kind: 'community', name: 'B' },
    });
    const patch = await server.app.inject({
      method: 'PATCH',
      url: '/api/v1/orgs/community-b',
      headers: { ...(await as('admin')), 'if-match': '"1"' },
      payload: { name: '华侨路社区', parentId: 'station-2' },
    });
    expect(patch.statusCode).toBe(200);
    // Two events (renamed, moved) in one commit: the version counts events.
    expect(patch.json()).toMatchObject({ name: '华侨路社区', parentId: 'station-2', version: 3 });
    expect(patch.headers.etag).toBe('"3"');
    const stale = await server.app.inject({
      method: 'PATCH',
      url: '/api/v1/orgs/community-b',
      headers: { ...(await as('admin')), 'if-match': '1' },
      payload: { name: 'C' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'ERR_VERSION_CONFLICT', field: 'If-Match' });
    const cycle = await server.app.inject({
      method: 'PATCH',
      url: '/api/v1/orgs/community-b',
      headers: await as('admin'),
      payload: { name: 'half applied?', parentId: 'grid-1' },
    });
    expect(cycle.statusCode).toBe(400);
    expect(server.ctx.world.orgTree.get('community-b').name).toBe('华侨路社区');
  });

  it('needs a body field, and org.manage on the org and its new parent', async () => {
    const empty = await server.app.inject({
      method: 'PATCH',
      url: '/api/v1/orgs/grid-1',
      headers: await as('admin'),
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
    const dispatcher = await server.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: await as('dispatcher'),
      payload: { parentId: 'community', kind: 'grid', name: 'x' },
    });
    expect(dispatcher.statusCode).toBe(403);
    expect(dispatcher.json().error.code).toBe('ERR_FORBIDDEN');
    const unknown = await server.app.inject({
      method: 'PATCH',
      url: '/api/v1/orgs/nowhere',
      headers: await as('admin'),
      payload: { name: 'x' },
    });
    expect(unknown.statusCode).toBe(403);
    expect(unknown.json().error.code).toBe('ERR_OUT_OF_SCOPE');
  });
});
