import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeGraphFile } from '@jiefang/routing';
import { checkEido, signedHeaders } from '@jiefang/server';
import { demoCityGraph } from '@jiefang/server/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../src/cluster/server-process.ts';

/*
 * Two Jiefang installations, two `jiefang serve --demo` processes with databases of their own,
 * exchanging an incident as EIDO JSON over HTTP with the signed-webhook scheme: A exports, B
 * imports it as a linked incident, B exports that, A recognises its own incident coming back.
 */
const ADMIN = { username: 'admin', password: 'admin-demo-2026' };
const DISPATCHER = { username: 'dispatcher', password: 'dispatcher-demo-2026' };
const SCENE = { lon: 118.7842, lat: 32.0413 };

interface Centre {
  process: ServerProcess;
  admin: string;
  dispatcher: string;
}

describe('EIDO round trip between two server processes', () => {
  let directory: string;
  const centres: Centre[] = [];

  const login = async (url: string, who: { username: string; password: string }) => {
    const response = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(who),
    });
    expect(response.status).toBe(200);
    return response.headers.get('set-cookie')!.split(';')[0];
  };
  const call = async (
    centre: Centre,
    who: 'admin' | 'dispatcher',
    method: string,
    path: string,
    body?: unknown,
  ) => {
    const response = await fetch(`${centre.process.url}${path}`, {
      method,
      headers: { cookie: centre[who], ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: await response.json() };
  };
  /** Registers the other centre as a CAD partner; answers its key. */
  const partnerFor = async (centre: Centre, id: string) => {
    const answer = await call(centre, 'admin', 'POST', '/api/v1/partners', {
      id,
      orgId: 'station-1',
      name: id,
      kind: 'cad',
      zones: [],
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body as { keyId: string; secret: string };
  };
  const sendEido = (to: Centre, key: { keyId: string; secret: string }, eido: unknown) => {
    const text = JSON.stringify(eido);
    return fetch(`${to.process.url}/api/v1/eido`, {
      method: 'POST',
      headers: signedHeaders(key.keyId, key.secret, text, Date.now()),
      body: text,
    });
  };

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'jiefang-eido-'));
    writeGraphFile(join(directory, 'city.graph'), await demoCityGraph());
    const processes = await Promise.all(
      ['a', 'b'].map((name) =>
        ServerProcess.start({
          args: [
            '--db',
            join(directory, `${name}.db`),
            '--city',
            join(directory, 'city.graph'),
            '--port',
            '0',
            '--demo',
          ],
          env: { ...process.env, LOG_LEVEL: 'error' },
        }),
      ),
    );
    for (const process of processes)
      centres.push({
        process,
        admin: await login(process.url, ADMIN),
        dispatcher: await login(process.url, DISPATCHER),
      });
  }, 240_000);

  afterAll(async () => {
    await Promise.all(centres.map((c) => c.process.stop()));
    rmSync(directory, { recursive: true, force: true });
  });

  it('A exports, B imports a linked incident carrying what matters, B exports it back, A knows its own', async () => {
    const [a, b] = centres;
    const keyOfAatB = await partnerFor(b, 'centre-a');
    const keyOfBatA = await partnerFor(a, 'centre-b');

    const created = await call(a, 'dispatcher', 'POST', '/api/v1/incidents', {
      source: 'call',
      categoryCode: 'fight',
      priority: 1,
      orgId: 'station-1',
      location: { ...SCENE, address: '中山路 18 号' },
      reporter: { name: '王五', phone: '138 0000 1111' },
      description: '两人持械斗殴',
    });
    expect(created.status).toBe(201);
    const incidentA = created.body as { id: string; receivedAt: string };
    const exported = await call(a, 'dispatcher', 'GET', `/api/v1/incidents/${incidentA.id}/eido`);
    expect(exported.status).toBe(200);
    expect(() => checkEido(exported.body)).not.toThrow();
    expect(JSON.stringify(exported.body)).not.toContain('王五');

    const imported = await sendEido(b, keyOfAatB, exported.body);
    expect(imported.status).toBe(201);
    const { incidentId: incidentB } = (await imported.json()) as { incidentId: string };
    const onB = await call(b, 'dispatcher', 'GET', `/api/v1/incidents/${incidentB}`);
    expect(onB.body).toMatchObject({
      source: 'exchange',
      categoryCode: 'fight',
      priority: 1,
      status: 'open',
      externalRef: incidentA.id,
      receivedAt: incidentA.receivedAt,
      location: { lon: SCENE.lon, lat: SCENE.lat, address: '中山路 18 号' },
    });
    expect(onB.body.reporter).toBeUndefined();
    // B can work it like any incident: its own units are recommended for it.
    const recommended = await call(
      b,
      'dispatcher',
      'GET',
      `/api/v1/incidents/${incidentB}/recommendation`,
    );
    expect(recommended.status).toBe(200);
    // The same message again is a replay.
    const replay = await sendEido(b, keyOfAatB, exported.body);
    expect(replay.status).toBe(400);

    const back = await call(b, 'dispatcher', 'GET', `/api/v1/incidents/${incidentB}/eido`);
    expect(() => checkEido(back.body)).not.toThrow();
    expect(back.body.incidentComponent[0].incidentTrackingIdentifier).toBe(incidentA.id);
    const returned = await sendEido(a, keyOfBatA, back.body);
    expect(returned.status).toBe(200);
    expect(await returned.json()).toEqual({
      incidentId: incidentA.id,
      created: false,
      linked: 'own',
    });
    const onA = (await call(a, 'dispatcher', 'GET', '/api/v1/incidents')).body as {
      source: string;
    }[];
    expect(onA.filter((i) => i.source === 'exchange')).toEqual([]);
  });
});
