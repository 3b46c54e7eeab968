import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { portlandCalls, portlandOsm } from '@jiefang/sim';
import { CliUsageError } from '../cli-error.ts';
import { loadDemoCity } from '../demo-city.ts';
import { parseDemoSettings, runDemo, type RunningDemo } from './demo-command.ts';

const HAVE_PORTLAND = existsSync(portlandOsm()) && existsSync(portlandCalls());

describe('jiefang demo: flags', () => {
  it('reads the city, speed, port and replay flags', () => {
    const settings = parseDemoSettings({
      city: 'portland',
      speed: '30',
      'auto-dispatch': true,
      port: '0',
      start: '2016-08-23',
      days: '2',
      time: '14:30',
      seed: '7',
    });
    expect(settings).toMatchObject({
      city: 'portland',
      speed: 30,
      autoDispatch: true,
      simulate: true,
      port: 0,
      start: '2016-08-23',
      days: 2,
      startSecondOfDay: 14 * 3600 + 30 * 60,
      seed: 7,
    });
    expect(settings.databaseUrl).toMatch(/jiefang-demo-portland\.db$/);
    expect(parseDemoSettings({ city: 'nanjing' }).databaseUrl).toMatch(/jiefang-demo-nanjing\.db$/);
  });

  it('names the flag that is wrong', () => {
    const wrong = (values: Parameters<typeof parseDemoSettings>[0]) => {
      try {
        parseDemoSettings(values);
      } catch (error) {
        expect(error).toBeInstanceOf(CliUsageError);
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(wrong({ city: 'taipei' })).toMatch(/--city must be nanjing or portland/);
    expect(wrong({})).toMatch(/--city/);
    expect(wrong({ city: 'portland', speed: '0' })).toMatch(/--speed/);
    expect(wrong({ city: 'portland', start: '22/08/2016' })).toMatch(/--start must be YYYY-MM-DD/);
    expect(wrong({ city: 'portland', time: '25:00' })).toMatch(/--time/);
    expect(wrong({ city: 'nanjing', start: '2016-08-22' })).toMatch(/Portland replay/);
  });
});

describe('jiefang demo: the city files', () => {
  const saved = process.env.JIEFANG_SHARED_DATA;
  afterEach(() => {
    if (saved === undefined) delete process.env.JIEFANG_SHARED_DATA;
    else process.env.JIEFANG_SHARED_DATA = saved;
  });

  it('says clearly what is missing when the shared Portland data are absent', async () => {
    process.env.JIEFANG_SHARED_DATA = mkdtempSync(join(tmpdir(), 'jiefang-no-shared-'));
    await expect(loadDemoCity('portland')).rejects.toThrow(
      /central Portland, Oregon demo needs .*portland-central-filtered\.osm\.pbf and .*NIJ2016_AUG01_AUG31_USE\.csv.*JIEFANG_SHARED_DATA/,
    );
  });
});

describe.skipIf(!HAVE_PORTLAND)('jiefang demo --city portland (needs ../shared/data)', () => {
  const savedDataDir = process.env.JIEFANG_DATA_DIR;
  const dataDir = mkdtempSync(join(tmpdir(), 'jiefang-demo-'));
  const lines: string[] = [];
  let demo: RunningDemo;

  beforeAll(async () => {
    process.env.JIEFANG_DATA_DIR = dataDir;
    demo = await runDemo({
      ...parseDemoSettings({ city: 'portland', speed: '600', port: '0', time: '15:00' }),
      autoDispatch: true,
      log: (line) => lines.push(line),
    });
  }, 120_000);

  afterAll(async () => {
    await demo?.stop();
    if (savedDataDir === undefined) delete process.env.JIEFANG_DATA_DIR;
    else process.env.JIEFANG_DATA_DIR = savedDataDir;
  });

  it('imports the city into the data directory and prints the logins and the replay', () => {
    expect(existsSync(join(dataDir, 'portland-central.graph'))).toBe(true);
    expect(existsSync(join(dataDir, 'portland-central.graph.basemap.json.gz'))).toBe(true);
    expect(existsSync(join(dataDir, 'jiefang-demo-portland.db'))).toBe(true);
    const text = lines.join('\n');
    expect(text).toContain('login dispatcher  dispatcher-demo-2026');
    expect(text).toMatch(/real calls of 2016-08-22/);
    expect(text).toMatch(/simulated clock at 2016-08-22 15:00 local time/);
    expect(text).toMatch(/simulator: speed 600×, auto-dispatch on/);
  });

  it('serves replayed incidents and moving units to the dispatcher', async () => {
    const url = demo.server.url;
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'dispatcher', password: 'dispatcher-demo-2026' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const get = async (path: string) => {
      const response = await fetch(`${url}${path}`, { headers: { cookie } });
      expect(response.status, path).toBe(200);
      return response.json() as Promise<unknown>;
    };
    const positions = async () => {
      const units = (await get('/api/v1/units')) as {
        id: string;
        position: { lon: number; lat: number } | null;
      }[];
      return new Map(units.map((u) => [u.id, u.position && `${u.position.lon},${u.position.lat}`]));
    };
    const first = await positions();
    // 600×: ten simulated minutes a second.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const incidents = (await get('/api/v1/incidents')) as { id: string }[];
    expect(incidents.length).toBeGreaterThan(3);
    expect(incidents.every((i) => i.id.startsWith('pdx-'))).toBe(true);
    const later = await positions();
    expect(later.size).toBeGreaterThan(60); // 20 cars, 40 community units, grid workers
    const moved = [...later].filter(([id, at]) => first.get(id) !== at).length;
    expect(moved).toBeGreaterThan(10);
  }, 60_000);
});
