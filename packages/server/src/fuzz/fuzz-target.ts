import { DEMO_LOGINS } from '../seed/demo-seed.ts';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';
import type { FuzzTarget } from './http-fuzzer.ts';

/**
 * A real server on the demo city (SQLite file, demo seed, units placed, a few incidents with
 * dispatches) and the ids its list routes answer, so generated requests reach real aggregates.
 */
export async function startFuzzTarget(): Promise<{ server: TestServer; target: FuzzTarget }> {
  const server = await startTestServer();
  server.placeUnits();
  const start = server.seed.startPositions.values().next().value!;
  for (let i = 0; i < 3; i++) {
    const incident = await server.createIncident({ lon: start.lon + i * 0.001, lat: start.lat });
    await server.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/dispatch-recommended`,
      headers: { cookie: await server.cookie('dispatcher') },
      payload: {},
    });
  }
  const passwords = new Map(DEMO_LOGINS.map((login) => [login.username, login.password]));
  const cookies = new Map<string, string | undefined>();
  const cookie = async (username: string, fresh = false) => {
    if (!fresh && cookies.has(username)) return cookies.get(username);
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: passwords.get(username) },
    });
    const value = response.cookies.find((c) => c.name === 'jf_session')?.value;
    cookies.set(username, value ? `jf_session=${value}` : undefined);
    return cookies.get(username);
  };
  const ids = await collectIds(server, (await cookie('admin')) ?? '');
  return {
    server,
    target: {
      app: server.app,
      cookie,
      usernames: [...passwords.keys()],
      hints: { ids, point: start },
    },
  };
}

/** Every `id` in the answers of the API's collection GETs, read as the city admin. */
async function collectIds(server: TestServer, cookie: string): Promise<string[]> {
  const document = (
    await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: { cookie } })
  ).json() as { paths: Record<string, Record<string, unknown>> };
  const ids = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        if (key === 'id' && typeof child === 'string') ids.add(child);
        else walk(child);
      }
    }
  };
  for (const [path, item] of Object.entries(document.paths)) {
    if (!('get' in item) || path.includes('{') || path === '/api/v1/live') continue;
    const response = await server.app.inject({ method: 'GET', url: path, headers: { cookie } });
    if (response.statusCode === 200 && String(response.headers['content-type']).includes('json')) {
      walk(response.json());
    }
  }
  return [...ids].slice(0, 500);
}
