import { FixedClock } from '@jiefang/core';
import type { AssistRequestView } from '@jiefang/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssistDeadlineChecker } from '../assist/assist-deadline-checker.ts';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

/**
 * Assist requests across three levels of the demo city (stations → district → city), each side
 * acting with its own dispatcher: station-1 asks, station-2 and station-3 answer or let the
 * deadline pass, the district and the city are asked when they do.
 */
describe('assist requests across jurisdictions', () => {
  let server: TestServer;
  const clock = new FixedClock(Date.parse('2026-12-03T02:00:00Z'));
  const cookies: Record<string, string> = {};
  const accountIds: Record<string, string> = {};

  const call = async (who: string, method: 'GET' | 'POST', url: string, payload?: object) => {
    const response = await server.app.inject({
      method,
      url,
      headers: { cookie: cookies[who] },
      ...(payload ? { payload } : {}),
    });
    return { status: response.statusCode, body: response.json() };
  };
  const ok = async (who: string, method: 'GET' | 'POST', url: string, payload?: object) => {
    const answer = await call(who, method, url, payload);
    if (answer.status >= 300)
      throw new Error(
        `${method} ${url} as ${who}: ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    return answer.body as AssistRequestView;
  };

  beforeAll(async () => {
    server = await startTestServer({ clock });
    server.placeUnits();
    cookies.admin = await server.cookie('admin');
    cookies.district = await server.cookie('dispatcher');
    cookies.officer = await server.cookie('responder');
    // The demo city has two stations; a third makes "every station" more than one other.
    const station3 = await server.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: { cookie: cookies.admin },
      payload: { id: 'station-3', parentId: 'district', kind: 'station', name: '三所 Station 3' },
    });
    expect(station3.statusCode, station3.body).toBe(201);
    for (const station of ['station-1', 'station-2', 'station-3']) {
      const username = `dispatcher-${station}`;
      const password = `${station}-password-2026`;
      const created = await server.app.inject({
        method: 'POST',
        url: '/api/v1/accounts',
        headers: { cookie: cookies.admin },
        payload: {
          username,
          displayName: username,
          password,
          orgId: station,
          roles: ['dispatcher'],
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      accountIds[station] = created.json().id;
      const login = await server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password },
      });
      cookies[station] = `jf_session=${login.cookies.find((c) => c.name === 'jf_session')!.value}`;
    }
  }, 60_000);
  afterAll(async () => server?.close());

  it('a station asks every station; each answers for itself; the silent one is escalated to the district, then the city', async () => {
    const stations = server.ctx.world.orgTree
      .childrenOf('district')
      .filter((o) => o.kind === 'station');
    expect(stations.length).toBeGreaterThanOrEqual(3);
    // An officer away from their station asks from the phone.
    const asked = await ok('officer', 'POST', '/api/v1/assist-requests', {
      fromOrgId: 'station-1',
      kind: 'lookup',
      text: '核查一名可疑男子身份：约 30 岁，黑色外套',
      target: { type: 'level', kind: 'station' },
      deadlineSeconds: 120,
    });
    expect(asked.recipients.map((r) => r.orgId).sort()).toEqual(
      stations
        .map((s) => s.id)
        .filter((id) => id !== 'station-1')
        .sort(),
    );
    const url = `/api/v1/assist-requests/${asked.id}`;
    // station-2 sees it in its list, acknowledges and answers for itself only.
    const list = (await call('station-2', 'GET', '/api/v1/assist-requests'))
      .body as AssistRequestView[];
    expect(list.map((r) => r.id)).toContain(asked.id);
    clock.advance(20);
    await ok('station-2', 'POST', `${url}/acknowledge`, { orgId: 'station-2' });
    clock.advance(30);
    const forOther = await call('station-2', 'POST', `${url}/answer`, {
      orgId: 'station-3',
      decision: 'decline',
      text: '越权',
    });
    expect([forOther.status, forOther.body.error.code]).toEqual([403, 'ERR_OUT_OF_SCOPE']);
    const byOfficer = await call('officer', 'POST', `${url}/answer`, {
      orgId: 'station-1',
      decision: 'accept',
      text: 'x',
    });
    expect([byOfficer.status, byOfficer.body.error.code]).toEqual([403, 'ERR_FORBIDDEN']);
    await ok('station-2', 'POST', `${url}/answer`, {
      orgId: 'station-2',
      decision: 'accept',
      text: '本所有记录：张某，已核实',
    });
    // The other stations answer too, except station-3.
    for (const station of stations.filter(
      (s) => !['station-1', 'station-2', 'station-3'].includes(s.id),
    ))
      await ok('admin', 'POST', `${url}/answer`, {
        orgId: station.id,
        decision: 'decline',
        text: '无记录',
      });

    // The requester sees who answered what and when.
    const seen = await ok('officer', 'GET', url);
    const s2 = seen.recipients.find((r) => r.orgId === 'station-2')!;
    expect(s2).toMatchObject({
      acknowledgedAt: '2026-12-03T02:00:20.000Z',
      acknowledgedBy: accountIds['station-2'],
      answer: {
        decision: 'accept',
        text: '本所有记录：张某，已核实',
        at: '2026-12-03T02:00:50.000Z',
      },
    });
    expect(seen.recipients.find((r) => r.orgId === 'station-3')!.answer).toBeUndefined();

    // station-3 lets the deadline pass: the district is asked (round 1), then the city (round 2).
    const checker = new AssistDeadlineChecker(server.ctx);
    expect(await checker.escalateOverdue()).toBe(0);
    clock.advance(71);
    expect(await checker.escalateOverdue()).toBe(1);
    expect(await checker.escalateOverdue()).toBe(0);
    const escalated = await ok('district', 'GET', url);
    expect(escalated.recipients.find((r) => r.orgId === 'station-3')!.escalatedAt).toBeDefined();
    expect(escalated.recipients.find((r) => r.orgId === 'district')).toMatchObject({ round: 1 });
    clock.advance(121);
    expect(await checker.escalateOverdue()).toBe(1);
    const atCity = await ok('admin', 'GET', url);
    expect(atCity.recipients.find((r) => r.orgId === 'city')).toMatchObject({ round: 2 });
    await ok('admin', 'POST', `${url}/answer`, {
      orgId: 'city',
      decision: 'accept',
      text: '市局已联系三所值班，十分钟内回复',
    });
    const history = await server.store.history('assist_request', asked.id);
    expect(history.map((e) => e.type)).toContain('assist.escalated');
    expect(history.filter((e) => e.type === 'assist.answered').length).toBe(stations.length - 1);

    await ok('officer', 'POST', `${url}/close`);
    const late = await call('station-3', 'POST', `${url}/answer`, {
      orgId: 'station-3',
      decision: 'decline',
      text: '晚了',
    });
    expect([late.status, late.body.error.code]).toEqual([409, 'ERR_ILLEGAL_TRANSITION']);
  });

  it('station-2 lends a car to station-1’s incident with its own dispatcher: both sides see it, both audit logs have it', async () => {
    const at = server.seed.startPositions.get('police-1-1')!;
    const { id: incidentId } = await server.createIncident(at, {
      categoryCode: 'fight',
      description: '斗殴',
    });
    const asked = await ok('station-1', 'POST', '/api/v1/assist-requests', {
      fromOrgId: 'station-1',
      kind: 'reinforcement',
      text: '请求增援一辆警车',
      incidentId,
      target: { type: 'org', orgId: 'station-2' },
      deadlineSeconds: 180,
    });
    const url = `/api/v1/assist-requests/${asked.id}`;
    // Another station neither sees it nor can act on it; station-2 cannot lend station-1's car.
    const outsider = await call('station-3', 'GET', url);
    expect([outsider.status, outsider.body.error.code]).toEqual([403, 'ERR_OUT_OF_SCOPE']);
    const notTheirs = await call('station-2', 'POST', `${url}/answer`, {
      orgId: 'station-2',
      decision: 'accept',
      text: '派车',
      unitIds: ['police-1-2'],
    });
    expect([notTheirs.status, notTheirs.body.error.code]).toEqual([403, 'ERR_OUT_OF_SCOPE']);
    // station-1's dispatcher cannot answer for station-2 or dispatch its car directly.
    const direct = await call('station-1', 'POST', '/api/v1/dispatches', {
      incidentId,
      unitId: 'police-2-1',
      tier: 2,
    });
    expect(direct.status).toBe(403);

    const answered = await ok('station-2', 'POST', `${url}/answer`, {
      orgId: 'station-2',
      decision: 'accept',
      text: '二所 1 号车前往',
      unitIds: ['police-2-1'],
    });
    expect(answered.lentUnits).toEqual([
      expect.objectContaining({
        unitId: 'police-2-1',
        lentBy: 'station-2',
        dispatchStatus: 'notified',
      }),
    ]);
    // The requester sees the lent car on its incident and in the request.
    const dispatches = (
      await call('station-1', 'GET', `/api/v1/dispatches?incidentId=${incidentId}`)
    ).body as { unitId: string; tier: number; status: string }[];
    expect(dispatches).toEqual([
      expect.objectContaining({ unitId: 'police-2-1', tier: 2, status: 'notified' }),
    ]);
    const requesterView = await ok('station-1', 'GET', url);
    expect(requesterView.lentUnits[0]).toMatchObject({
      unitId: 'police-2-1',
      dispatchStatus: 'notified',
    });
    // The lender sees it in its list with the same dispatch.
    const lenderList = (await call('station-2', 'GET', '/api/v1/assist-requests'))
      .body as AssistRequestView[];
    expect(lenderList.find((r) => r.id === asked.id)!.lentUnits[0].dispatchId).toBe(
      requesterView.lentUnits[0].dispatchId,
    );
    const audit = await server.store.audit.list({ subjectId: asked.id });
    expect(audit.map((a) => [a.action, a.orgId, a.actorId]).sort()).toEqual([
      ['assist.units_lent', 'station-1', accountIds['station-2']],
      ['assist.units_lent', 'station-2', accountIds['station-2']],
    ]);
  });

  it('refuses coded bad input at the boundary', async () => {
    const ask = (body: object) => call('station-1', 'POST', '/api/v1/assist-requests', body);
    const bad = await ask({
      fromOrgId: 'station-1',
      kind: 'rescue',
      text: '',
      target: { type: 'org', orgId: 'station-2' },
      deadlineSeconds: 1e999,
    });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'ERR_VALIDATION']);
    const search = { kind: 'search', text: '搜寻', deadlineSeconds: 600 };
    const self = await ask({
      ...search,
      fromOrgId: 'station-1',
      target: { type: 'org', orgId: 'station-1' },
    });
    expect([self.status, self.body.error.field]).toEqual([400, 'target.orgId']);
    const foreign = await ask({ ...search, fromOrgId: 'station-2', target: { type: 'parent' } });
    expect([foreign.status, foreign.body.error.code]).toEqual([403, 'ERR_OUT_OF_SCOPE']);
  });
});
