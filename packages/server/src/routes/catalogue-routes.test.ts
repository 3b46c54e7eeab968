import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

describe('catalogue routes', () => {
  let server: TestServer;
  const call = async (
    cookie: string,
    method: 'GET' | 'PUT' | 'POST',
    url: string,
    payload?: unknown,
  ) =>
    server.app.inject({
      method,
      url,
      headers: { cookie },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  const drone = {
    names: { zh: '无人机滋扰', en: 'drone nuisance' },
    defaultPriority: 3,
    policeMatter: true,
  };

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('lets the city admin add a category that incidents can use at once, audited', async () => {
    const admin = await server.cookie('admin');
    const saved = await call(admin, 'PUT', '/api/v1/catalogue/categories/drone', drone);
    expect(saved.statusCode, saved.body).toBe(200);
    const codes = (saved.json().categories as { code: string }[]).map((c) => c.code);
    expect(codes).toContain('drone');
    expect(codes).toContain('theft');
    const listed = await call(await server.cookie('dispatcher'), 'GET', '/api/v1/catalogue');
    expect(listed.json().categories).toContainEqual({ code: 'drone', ...drone });
    const at = server.seed.startPositions.get('police-1-1')!;
    await server.createIncident(at, { categoryCode: 'drone' });
    const audit = await call(admin, 'GET', '/api/v1/audit?subjectId=drone');
    expect(audit.json().map((r: { action: string }) => r.action)).toEqual(['admin.catalogue.add']);
  });

  it('replaces a category in place and keeps the others', async () => {
    const admin = await server.cookie('admin');
    const before = (await call(admin, 'GET', '/api/v1/catalogue')).json().categories as {
      code: string;
    }[];
    const saved = await call(admin, 'PUT', '/api/v1/catalogue/categories/theft', {
      names: { zh: '盗窃', en: 'theft' },
      defaultPriority: 2,
      policeMatter: true,
    });
    expect(saved.statusCode).toBe(200);
    const after = saved.json().categories as { code: string; defaultPriority: number }[];
    expect(after.map((c) => c.code)).toEqual(before.map((c) => c.code));
    expect(after.find((c) => c.code === 'theft')?.defaultPriority).toBe(2);
  });

  it('refuses bad input by field: a department matter without its department, a bad code, a bad priority', async () => {
    const admin = await server.cookie('admin');
    const noDepartment = await call(admin, 'PUT', '/api/v1/catalogue/categories/noise_x', {
      ...drone,
      policeMatter: false,
    });
    expect(noDepartment.statusCode).toBe(400);
    expect(noDepartment.json().error).toMatchObject({
      code: 'ERR_VALIDATION',
      field: 'departmentKind',
    });
    const badCode = await call(admin, 'PUT', '/api/v1/catalogue/categories/Bad-Code', drone);
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().error.field).toBe('code');
    const badPriority = await call(admin, 'PUT', '/api/v1/catalogue/categories/drone', {
      ...drone,
      defaultPriority: 7,
    });
    expect(badPriority.statusCode).toBe(400);
    expect(badPriority.json().error.field).toBe('defaultPriority');
  });

  it('keeps every other role out, and an admin below the city root too', async () => {
    const dispatcher = await call(
      await server.cookie('dispatcher'),
      'PUT',
      '/api/v1/catalogue/categories/drone',
      drone,
    );
    expect(dispatcher.json().error.code).toBe('ERR_FORBIDDEN');
    const admin = await server.cookie('admin');
    const created = await call(admin, 'POST', '/api/v1/accounts', {
      username: 'station-admin',
      displayName: 'Station admin',
      password: 'station-admin-2026',
      orgId: 'station-1',
      roles: ['admin'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'station-admin', password: 'station-admin-2026' },
    });
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    const refused = await call(cookie, 'PUT', '/api/v1/catalogue/categories/drone', drone);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('ERR_OUT_OF_SCOPE');
  });
});
