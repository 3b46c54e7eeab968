import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

describe('auth routes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('logs in with a session cookie that is HttpOnly and SameSite=Strict', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'dispatcher', password: 'dispatcher-demo-2026' },
    });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'jf_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    expect(response.json().account.roles).toEqual(['dispatcher']);
    expect(JSON.stringify(response.json())).not.toMatch(/passwordHash|scrypt/);
    const me = await server.app.inject({
      url: '/api/v1/auth/me',
      headers: { cookie: `jf_session=${cookie.value}` },
    });
    expect(me.json().username).toBe('dispatcher');
  });

  it('refuses a wrong password or unknown user the same way', async () => {
    for (const payload of [
      { username: 'dispatcher', password: 'wrong-password' },
      { username: 'nobody', password: 'whatever-password' },
    ]) {
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload,
      });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('ERR_BAD_CREDENTIALS');
    }
  });

  it('answers 401 without a session, and after logout', async () => {
    const anonymous = await server.app.inject({ url: '/api/v1/auth/me' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('ERR_UNAUTHENTICATED');
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'analyst', password: 'analyst-demo-2026' },
    });
    const cookie = `jf_session=${login.cookies[0].value}`;
    expect(
      (await server.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } }))
        .statusCode,
    ).toBe(204);
    expect(
      (await server.app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode,
    ).toBe(401);
  });

  it('validates the body and names the failing field', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'x' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'ERR_VALIDATION', field: 'password' });
  });

  it('issues bearer tokens that authenticate devices', async () => {
    const admin = await server.cookie('admin');
    const issued = await server.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie: admin },
      payload: { accountId: 'account-responder', name: 'patrol car tablet', days: 30 },
    });
    expect(issued.statusCode).toBe(201);
    const me = await server.app.inject({
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${issued.json().token}` },
    });
    expect(me.json().username).toBe('responder');
    const forged = await server.app.inject({
      url: '/api/v1/auth/me',
      headers: { authorization: 'Bearer forged-token' },
    });
    expect(forged.statusCode).toBe(401);
  });

  it('sets security headers', async () => {
    const response = await server.app.inject({ url: '/health' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toMatch(/default-src 'self'/);
  });

  it('serves the OpenAPI 3.1 document to logged-in users only', async () => {
    expect((await server.app.inject({ url: '/api/v1/openapi.json' })).statusCode).toBe(401);
    const doc = await server.app.inject({
      url: '/api/v1/openapi.json',
      headers: { cookie: await server.cookie('analyst') },
    });
    expect(doc.json().openapi).toBe('3.1.0');
    expect(Object.keys(doc.json().paths)).toContain('/api/v1/auth/login');
  });
});
