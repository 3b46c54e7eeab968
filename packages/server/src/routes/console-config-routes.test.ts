import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CityRouter } from '@jiefang/routing';
import { afterAll, describe, expect, it } from 'vitest';
import { createServer, type JiefangServer } from '../app.ts';
import { defaultConfig } from '../config.ts';
import { bootstrapAdmin } from '../seed/bootstrap-admin.ts';
import { demoCityGraph, startTestServer, type TestServer } from '../test-support/test-server.ts';

describe('GET /api/v1/console-config', () => {
  const servers: (TestServer | JiefangServer)[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  it('lists the demo logins without a session on a server seeded with the demo city, with its time zone', async () => {
    const server = await startTestServer({ config: { timeZone: 'Asia/Shanghai' } });
    servers.push(server);
    const response = await server.app.inject({ url: '/api/v1/console-config' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.timeZone).toBe('Asia/Shanghai');
    expect(body.demoLogins).toContainEqual({
      username: 'dispatcher',
      password: 'dispatcher-demo-2026',
      role: 'dispatcher',
    });
    // The listed password logs in.
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: {
        username: 'analyst',
        password: body.demoLogins.find((l: { username: string }) => l.username === 'analyst')
          .password,
      },
    });
    expect(login.statusCode).toBe(200);
  });

  it('lists no logins on a production server (no demo seed)', async () => {
    const databaseUrl = join(mkdtempSync(join(tmpdir(), 'jiefang-config-')), 'prod.db');
    const server = await createServer(
      defaultConfig({ databaseUrl, logLevel: 'silent', timeZone: 'Europe/Berlin' }),
      { router: new CityRouter(await demoCityGraph()) },
    );
    servers.push(server);
    await bootstrapAdmin(server.ctx);
    const response = await server.app.inject({ url: '/api/v1/console-config' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ timeZone: 'Europe/Berlin', demoLogins: [] });
  });
});
