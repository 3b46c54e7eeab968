import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CATALOGUE } from '@jiefang/core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from './load-catalogue.ts';
import { startTestServer, type TestServer } from './test-support/test-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'jiefang-catalogue-'));
const write = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const CITY_CATALOGUE = [
  {
    code: 'school_gate_alert',
    names: { zh: '校门预警', en: 'school gate alert' },
    defaultPriority: 1,
    policeMatter: true,
  },
  {
    code: 'burst_pipe',
    names: { zh: '爆管', en: 'burst pipe' },
    defaultPriority: 3,
    policeMatter: false,
    departmentKind: 'utilities',
  },
];

describe('incident catalogue from a file', () => {
  let server: TestServer | undefined;
  afterAll(async () => server?.close());

  it('uses the built-in catalogue without a file', () => {
    expect(loadCatalogue('')).toBe(DEFAULT_CATALOGUE);
  });

  it('refuses a bad file at start, naming the entry and field', () => {
    expect(() => loadCatalogue(join(dir, 'missing.json'))).toThrow(/cannot read/);
    expect(() => loadCatalogue(write('broken.json', '{ not json'))).toThrow(/not JSON/);
    expect(() => loadCatalogue(write('object.json', { code: 'x' }))).toThrow(/JSON array/);
    expect(() =>
      loadCatalogue(
        write('bad.json', [
          { code: 'Bad Code', names: { zh: '坏' }, defaultPriority: 9, policeMatter: true },
        ]),
      ),
    ).toThrow(/categories\[0\]\.code.*categories\[0\]\.names.*categories\[0\]\.defaultPriority/);
  });

  it('takes incidents of the city’s own categories, and only those', async () => {
    server = await startTestServer({
      config: { catalogueFile: write('city.json', CITY_CATALOGUE) },
    });
    const cookie = await server.cookie('dispatcher');
    const create = (categoryCode: string) =>
      server!.app.inject({
        method: 'POST',
        url: '/api/v1/incidents',
        headers: { cookie },
        payload: {
          source: 'alert',
          categoryCode,
          location: { lon: 118.7842, lat: 32.0413 },
          description: 'campus platform alert',
        },
      });
    const ok = await create('school_gate_alert');
    expect(ok.statusCode).toBe(201);
    expect(ok.json().priority).toBe(1);
    const builtIn = await create('fight');
    expect(builtIn.statusCode).toBe(400);
    expect(builtIn.json().error.field).toBe('categoryCode');
    const listed = await server.app.inject({ url: '/api/v1/catalogue', headers: { cookie } });
    expect(listed.json().categories.map((c: { code: string }) => c.code)).toEqual([
      'school_gate_alert',
      'burst_pipe',
    ]);
  });
});
