import { FixedClock } from '@jiefang/core';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINS } from '../seed/demo-seed.ts';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

const MARCH = 'from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z&orgId=district';
const H = 3600;

describe('case statistics and exports through the API', () => {
  let server: TestServer;
  const clock = new FixedClock(Date.parse('2025-03-05T08:00:00Z'));
  /** A fresh session at the clock's time (the clock jumps a year, sessions would expire). */
  const login = async (who: string) => {
    const password = DEMO_LOGINS.find((l) => l.username === who)!.password;
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: who, password },
    });
    return `jf_session=${response.cookies.find((c) => c.name === 'jf_session')!.value}`;
  };
  const as = async (who: string, method: 'GET' | 'POST', url: string, payload?: object) => {
    const response = await server.app.inject({
      method,
      url,
      headers: { cookie: await login(who) },
      ...(payload ? { payload } : {}),
    });
    if (response.statusCode >= 300) throw new Error(`${url}: ${response.body}`);
    return response;
  };
  const open = async (title: string) =>
    (
      await as('dispatcher', 'POST', '/api/v1/cases', {
        kind: 'work_order',
        orgId: 'station-1',
        categoryCode: 'noise',
        title,
        description: title,
        departmentId: 'urban-management',
      })
    ).json().id as string;

  beforeAll(async () => {
    server = await startTestServer({ clock });
    // The previous year: two noise work orders in March 2025, left open.
    await open('2025 a');
    clock.advance(24 * H);
    await open('2025 b');
    // This March: one handled in time and rated satisfied, one accepted late, one waiting.
    clock.set(Date.parse('2026-03-02T08:00:00Z'));
    const a = await open('2026 a');
    clock.advance(1 * H);
    await as('department', 'POST', `/api/v1/cases/${a}/accept`, {});
    clock.advance(5 * H);
    await as('department', 'POST', `/api/v1/cases/${a}/resolve`, { result: 'done' });
    await as('dispatcher', 'POST', `/api/v1/cases/${a}/satisfaction`, { rating: 'satisfied' });
    clock.advance(1 * H);
    await as('supervisor', 'POST', `/api/v1/cases/${a}/close`, {});
    clock.set(Date.parse('2026-03-10T08:00:00Z'));
    const b = await open('2026 b');
    clock.advance(6 * H);
    await as('department', 'POST', `/api/v1/cases/${b}/accept`, {});
    clock.set(Date.parse('2026-03-12T08:00:00Z'));
    await open('2026 c');
    clock.set(Date.parse('2026-03-20T08:00:00Z'));
  }, 60_000);
  afterAll(async () => server?.close());

  it('reports the month with y/y against the seeded previous year and the three rates', async () => {
    const stats = (await as('supervisor', 'GET', `/api/v1/case-stats?${MARCH}`)).json();
    expect(stats.total).toMatchObject({
      count: 3,
      previousYear: 2,
      yearOnYear: 0.5,
      previousPeriod: 0,
      periodOnPeriod: null,
      // a signed for in 1 h, b after 6 h (deadline 4 h); c not yet.
      responseRate: 0.5,
      resolutionRate: 1 / 3,
      satisfactionRate: 1,
      onTimeShare: 1,
      closed: 1,
      medianCloseHours: 7,
    });
    expect(stats.total.stages.assign).toEqual({
      count: 2,
      medianSeconds: 3.5 * H,
      p90Seconds: 5.5 * H,
    });
    // Open and overdue at 03-20: c (assign since 03-12), both 2025 cases; b is in handle (3 d).
    expect(stats.overdue.map((o: { stage: string }) => o.stage)).toEqual([
      'assign',
      'assign',
      'assign',
      'handle',
    ]);
  });

  it('refuses a reader without stats.read and a period that ends before it starts', async () => {
    const denied = await server.app.inject({
      url: `/api/v1/case-stats?${MARCH}`,
      headers: { cookie: await login('department') },
    });
    expect(denied.statusCode).toBe(403);
    const backwards = await server.app.inject({
      url: '/api/v1/case-stats?from=2026-04-01T00:00:00Z&to=2026-03-01T00:00:00Z',
      headers: { cookie: await login('supervisor') },
    });
    expect([backwards.statusCode, backwards.json().error.field]).toEqual([400, 'from']);
  });

  it('exports CSV and XLSX that read back with the same figures', async () => {
    const csv = await as('supervisor', 'GET', `/api/v1/case-stats/export.csv?${MARCH}`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    const total = rows.find((r) => r.group === 'total')!;
    expect([total.count, total.previous_year, total.year_on_year, total.response_rate]).toEqual([
      '3',
      '2',
      '0.5',
      '0.5',
    ]);
    expect(rows.map((r) => r.group)).toEqual(['total', 'kind:work_order', 'category:noise']);

    const xlsx = await as('supervisor', 'GET', `/api/v1/case-stats/export.xlsx?${MARCH}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(xlsx.rawPayload).buffer);
    const sheet = workbook.getWorksheet('figures')!;
    const header = sheet.getRow(1).values as unknown[];
    const first = sheet.getRow(2).values as unknown[];
    const cell = (name: string) => first[header.indexOf(name)];
    expect([cell('group'), cell('count'), cell('year_on_year'), cell('satisfaction_rate')]).toEqual(
      ['total', 3, 0.5, 1],
    );
    expect(workbook.getWorksheet('overdue')!.rowCount).toBe(5);
  });
});
