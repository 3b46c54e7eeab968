import { PERMISSIONS, ROLES } from '@jiefang/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
].sort();

describe('Open311 GeoReport v2', () => {
  let server: TestServer;
  let admin: string;
  const keys: Record<string, string> = {};

  /** An account of `role` at `orgId` and a bearer token for it. */
  async function tokenFor(username: string, role: string, orgId = 'city'): Promise<string> {
    const account = await server.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: { cookie: admin },
      payload: {
        username,
        displayName: username,
        password: `${username}-password-2026`,
        orgId,
        roles: [role],
        unitIds: [],
      },
    });
    if (account.statusCode !== 201) throw new Error(account.body);
    const token = await server.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie: admin },
      payload: { accountId: account.json().id, name: 'open311', days: 30 },
    });
    if (token.statusCode !== 201) throw new Error(token.body);
    return token.json().token;
  }

  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const post = (fields: Record<string, string>) =>
    server.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form(fields),
    });

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.cookie('admin');
    keys.hotline = await tokenFor('hotline-a', 'integration');
    keys.other = await tokenFor('hotline-b', 'integration');
    await server.app.inject({
      method: 'PUT',
      url: '/api/v1/case-settings/city',
      headers: { cookie: admin },
      payload: {
        deadlines: {},
        rules: [],
        departments: [{ orgId: 'urban-management', kind: 'urban_management' }],
      },
    });
  }, 60_000);
  afterAll(async () => server?.close());

  it('lists services and one service definition with the spec field names', async () => {
    const list = await server.app.inject({
      url: `/open311/v2/services.json?api_key=${keys.hotline}`,
    });
    expect(list.statusCode).toBe(200);
    const noise = list.json().find((s: { service_code: string }) => s.service_code === 'noise');
    expect(noise).toEqual({
      service_code: 'noise',
      service_name: 'Noise nuisance',
      description: expect.any(String),
      metadata: false,
      type: 'realtime',
      keywords: 'noise,music,construction',
      group: 'nuisance',
    });
    const one = await server.app.inject({
      url: `/open311/v2/services/noise.json?api_key=${keys.hotline}`,
    });
    expect(one.json()).toEqual({ service_code: 'noise', attributes: [] });
    const missing = await server.app.inject({
      url: `/open311/v2/services/nope.json?api_key=${keys.hotline}`,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual([
      { code: 404, description: expect.stringContaining('service_code nope') },
    ]);
  });

  it('requires api_key on every call, answering in the GeoReport error format', async () => {
    for (const url of [
      '/open311/v2/services.json',
      '/open311/v2/requests.json',
      '/open311/v2/requests/x.json',
      '/open311/v2/services/noise.json',
    ]) {
      const response = await server.app.inject({ url });
      expect([url, response.statusCode]).toEqual([url, 401]);
      expect(response.json()).toEqual([
        { code: 401, description: expect.stringContaining('api_key') },
      ]);
    }
    const anonymous = await post({ service_code: 'noise', lat: '32.04', long: '118.78' });
    expect(anonymous.statusCode).toBe(401);
    // A console session is not an api_key, even with the integration role.
    const session = await server.app.inject({
      url: '/open311/v2/services.json',
      headers: { cookie: await server.cookie('hotline') },
    });
    expect(session.statusCode).toBe(401);
  });

  it('lets only roles with open311.request call it', async () => {
    for (const role of ROLES) {
      const key = await tokenFor(`open311-${role}`, role, 'station-1');
      const response = await server.app.inject({ url: `/open311/v2/services.json?api_key=${key}` });
      const allowed = PERMISSIONS[role]['open311.request'] !== undefined;
      expect([role, response.statusCode]).toEqual([role, allowed ? 200 : 403]);
      if (!allowed) expect(response.json()[0].description).toMatch(/^ERR_FORBIDDEN/);
    }
  });

  it('takes a form-encoded request, routes it, and reports it back in the spec shape', async () => {
    const created = await post({
      api_key: keys.hotline,
      service_code: 'noise',
      lat: '32.0417',
      long: '118.7840',
      address_string: '中山路 1 号',
      first_name: '明',
      last_name: '李',
      phone: '13900000001',
      description: '广场舞音乐太响',
      'attribute[floor]': '3',
    });
    expect(created.statusCode).toBe(201);
    const [answer] = created.json();
    expect(Object.keys(answer).sort()).toEqual([
      'account_id',
      'service_notice',
      'service_request_id',
    ]);
    const id = answer.service_request_id;
    const one = await server.app.inject({
      url: `/open311/v2/requests/${id}.json?api_key=${keys.hotline}`,
    });
    const [request] = one.json();
    expect(Object.keys(request).sort()).toEqual(REQUEST_FIELDS);
    expect(request).toMatchObject({
      service_request_id: id,
      status: 'open',
      service_code: 'noise',
      description: '广场舞音乐太响',
      agency_responsible: '城管 Urban management',
      address: '中山路 1 号',
      lat: 32.0417,
      long: 118.784,
    });
    expect(request.requested_datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    // The department sees it in its inbox like any other case; the reporter's phone stays hidden.
    const inbox = await server.app.inject({
      url: '/api/v1/cases',
      headers: { cookie: await server.cookie('department') },
    });
    const inInbox = inbox.json().find((c: { id: string }) => c.id === id);
    expect([inInbox.source, inInbox.reporter]).toEqual(['open311', undefined]);

    // Closing it (the city owns hotline requests: its command room closes) shows as closed with the result as status_notes.
    const department = await server.cookie('department');
    for (const [step, body] of [
      ['accept', {}],
      ['resolve', { result: '已劝导，音量降低' }],
    ] as const)
      await server.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${id}/${step}`,
        headers: { cookie: department },
        payload: body,
      });
    await server.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${id}/close`,
      headers: { cookie: admin },
      payload: {},
    });
    const closed = (
      await server.app.inject({ url: `/open311/v2/requests/${id}.json?api_key=${keys.hotline}` })
    ).json()[0];
    expect([closed.status, closed.status_notes, closed.expected_datetime]).toEqual([
      'closed',
      '已劝导，音量降低',
      null,
    ]);
  });

  it('filters by status, service_code and dates, and shows an account only its own requests', async () => {
    const mine = (
      await post({ api_key: keys.hotline, service_code: 'garbage', lat: '32.04', long: '118.78' })
    ).json()[0].service_request_id;
    const theirs = (
      await post({ api_key: keys.other, service_code: 'garbage', lat: '32.04', long: '118.78' })
    ).json()[0].service_request_id;
    const list = async (key: string, query = '') =>
      (await server.app.inject({ url: `/open311/v2/requests.json?api_key=${key}${query}` }))
        .json()
        .map((r: { service_request_id: string }) => r.service_request_id);
    expect(await list(keys.hotline)).toContain(mine);
    expect(await list(keys.hotline)).not.toContain(theirs);
    expect(await list(keys.other)).toEqual([theirs]);
    expect(await list(keys.hotline, '&service_code=garbage')).toEqual([mine]);
    expect(await list(keys.hotline, '&status=closed')).not.toContain(mine);
    expect(await list(keys.hotline, '&status=open')).toContain(mine);
    expect(
      await list(keys.hotline, '&start_date=2000-01-01T00:00:00Z&end_date=2000-12-31T00:00:00Z'),
    ).toEqual([]);
    expect(await list(keys.hotline, `&service_request_id=${theirs},${mine}`)).toEqual([mine]);
    const foreign = await server.app.inject({
      url: `/open311/v2/requests/${theirs}.json?api_key=${keys.hotline}`,
    });
    expect(foreign.statusCode).toBe(404);
  });

  it('refuses bad input with a coded GeoReport error naming the field', async () => {
    const noPlace = await post({ api_key: keys.hotline, service_code: 'noise' });
    expect([noPlace.statusCode, noPlace.json()[0].description]).toEqual([
      400,
      expect.stringContaining('(lat)'),
    ]);
    const badLat = await post({
      api_key: keys.hotline,
      service_code: 'noise',
      lat: 'NaN',
      long: '118',
    });
    expect(badLat.statusCode).toBe(400);
    expect(badLat.json()[0]).toEqual({
      code: 400,
      description: expect.stringMatching(/^ERR_VALIDATION/),
    });
    const farAway = await post({
      api_key: keys.hotline,
      service_code: 'noise',
      lat: '132',
      long: '118',
    });
    expect(farAway.statusCode).toBe(400);
    const badStatus = await server.app.inject({
      url: `/open311/v2/requests.json?api_key=${keys.hotline}&status=pending`,
    });
    expect(badStatus.statusCode).toBe(400);
  });
});
