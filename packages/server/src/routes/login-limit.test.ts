import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

/** Behind a reverse proxy every login comes from the proxy's address: the limit must not lock everyone out. */
describe('login rate limit behind a proxy', () => {
  let server: TestServer;
  const login = (username: string, password: string, clientAddress: string) =>
    server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': clientAddress },
      payload: { username, password },
    });

  beforeAll(async () => {
    server = await startTestServer({
      config: { loginAttemptsPerMinute: 3, trustProxy: ['127.0.0.1'] },
    });
  });
  afterAll(async () => server.close());

  it('limits one user name from one client, and nobody else', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await login('dispatcher', 'wrong', '192.0.2.10')).statusCode).toBe(401);
    }
    const limited = await login('dispatcher', 'dispatcher-demo-2026', '192.0.2.10');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: { code: 'ERR_RATE_LIMITED' } });
    // Another user behind the same proxy address, and the same user from another client.
    expect((await login('supervisor', 'supervisor-demo-2026', '192.0.2.10')).statusCode).toBe(200);
    expect((await login('dispatcher', 'dispatcher-demo-2026', '192.0.2.11')).statusCode).toBe(200);
  });
});
