import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

const XINJIEKOU = { lon: 118.784, lat: 32.0417 };

describe('case routes: every kind through the closed loop', () => {
  let server: TestServer;
  let cookies: Record<string, string>;
  const call = async (
    who: string,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: unknown,
  ) => {
    const response = await server.app.inject({
      method,
      url,
      headers: { cookie: cookies[who] },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return { status: response.statusCode, body: response.json() };
  };
  const ok = async (
    who: string,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: unknown,
  ) => {
    const answer = await call(who, method, url, payload);
    if (answer.status >= 300)
      throw new Error(
        `${method} ${url} as ${who}: ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    return answer.body;
  };

  beforeAll(async () => {
    server = await startTestServer();
    cookies = {};
    for (const name of ['admin', 'dispatcher', 'department', 'supervisor', 'grid'])
      cookies[name] = await server.cookie(name);
    await ok('admin', 'POST', '/api/v1/orgs', {
      id: 'housing',
      parentId: 'district',
      kind: 'department',
      name: '住建局 Housing',
    });
    await ok('admin', 'POST', '/api/v1/accounts', {
      username: 'housing-user',
      displayName: 'housing',
      password: 'housing-password-2026',
      orgId: 'housing',
      roles: ['department'],
      unitIds: [],
    });
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'housing-user', password: 'housing-password-2026' },
    });
    cookies.housing = `jf_session=${login.cookies.find((c) => c.name === 'jf_session')!.value}`;
    await ok('admin', 'PUT', '/api/v1/case-settings/city', {
      deadlines: { work_order: { assign: 1800 } },
      rules: [
        {
          id: 'noise-xw',
          categoryCode: 'noise',
          areaOrgId: 'district',
          departmentId: 'urban-management',
        },
      ],
      departments: [
        { orgId: 'urban-management', kind: 'urban_management' },
        { orgId: 'housing', kind: 'housing' },
      ],
    });
  }, 60_000);
  afterAll(async () => server?.close());

  it('hands a non-police call to the department the rules name, in one action', async () => {
    const incident = await server.createIncident(XINJIEKOU, {
      categoryCode: 'noise',
      reporter: { name: '王', phone: '13900000000' },
    });
    const order = await ok('dispatcher', 'POST', `/api/v1/incidents/${incident.id}/work-order`, {
      categoryCode: 'noise',
    });
    expect(order).toMatchObject({
      kind: 'work_order',
      orgId: 'station-1',
      incidentId: incident.id,
      departmentId: 'urban-management',
      routing: { ruleId: 'noise-xw', overridden: false },
      deadlines: { assign: 1800 },
      hasReporterContact: true,
    });
    expect(order.workflow.stage).toBe('assign');
    expect(order.reporter).toBeUndefined();
    const closed = await ok('dispatcher', 'GET', `/api/v1/incidents/${incident.id}`);
    expect(closed.status).toBe('closed');

    // The department sees it; another department neither lists nor reads it.
    const inbox = await ok('department', 'GET', '/api/v1/cases');
    expect(inbox.map((c: { id: string }) => c.id)).toContain(order.id);
    expect(
      (await ok('housing', 'GET', '/api/v1/cases')).map((c: { id: string }) => c.id),
    ).not.toContain(order.id);
    expect((await call('housing', 'GET', `/api/v1/cases/${order.id}`)).status).toBe(403);
    expect((await call('housing', 'POST', `/api/v1/cases/${order.id}/accept`, {})).status).toBe(
      403,
    );
    // The dispatcher cannot sign for the department.
    expect((await call('dispatcher', 'POST', `/api/v1/cases/${order.id}/accept`, {})).status).toBe(
      403,
    );

    await ok('department', 'POST', `/api/v1/cases/${order.id}/accept`, {});
    await ok('department', 'POST', `/api/v1/cases/${order.id}/notes`, {
      text: 'talked to the bar owner',
    });
    const resolved = await ok('department', 'POST', `/api/v1/cases/${order.id}/resolve`, {
      result: 'music off at 22:00',
    });
    expect(resolved.workflow.stage).toBe('supervise');
    // Only the owner's command room closes and records the callback.
    expect((await call('department', 'POST', `/api/v1/cases/${order.id}/close`, {})).status).toBe(
      403,
    );
    await ok('dispatcher', 'POST', `/api/v1/cases/${order.id}/satisfaction`, {
      rating: 'unsatisfied',
      note: 'still loud on Fridays',
    });
    const done = await ok('supervisor', 'POST', `/api/v1/cases/${order.id}/close`, {});
    expect([done.status, done.satisfaction.rating]).toEqual(['closed', 'unsatisfied']);
    const reopened = await ok('supervisor', 'POST', `/api/v1/cases/${order.id}/reopen`, {
      reason: 'unsatisfied callback',
    });
    expect([reopened.status, reopened.workflow.stage, reopened.reopens.length]).toEqual([
      'open',
      'handle',
      1,
    ]);
    expect(
      (
        await call('dispatcher', 'POST', `/api/v1/cases/${order.id}/satisfaction`, {
          rating: 'great',
        })
      ).status,
    ).toBe(400);
  });

  it('a department returns a case with a reason; the dispatcher overrides the rules', async () => {
    const order = await ok('dispatcher', 'POST', '/api/v1/cases', {
      kind: 'work_order',
      orgId: 'station-1',
      categoryCode: 'noise',
      title: '装修噪音',
      description: 'drilling at night',
      location: XINJIEKOU,
      route: true,
    });
    const returned = await ok('department', 'POST', `/api/v1/cases/${order.id}/return`, {
      reason: 'a housing matter: lift repair noise',
    });
    expect([returned.workflow.stage, returned.departmentId, returned.returns[0].reason]).toEqual([
      'analyse',
      undefined,
      'a housing matter: lift repair noise',
    ]);
    expect((await call('department', 'GET', `/api/v1/cases/${order.id}`)).status).toBe(403);
    const proposal = await ok(
      'dispatcher',
      'GET',
      '/api/v1/cases/routing?categoryCode=noise&orgId=station-1',
    );
    expect(proposal.routing.departmentId).toBe('urban-management');
    const rerouted = await ok('dispatcher', 'POST', `/api/v1/cases/${order.id}/route`, {
      departmentId: 'housing',
      reason: 'lift works: housing',
    });
    expect(rerouted.routing).toEqual({
      departmentId: 'housing',
      reason: 'lift works: housing',
      overridden: true,
      basis: 'by_hand',
      note: 'lift works: housing',
    });
    expect(
      (await ok('housing', 'GET', '/api/v1/cases')).map((c: { id: string }) => c.id),
    ).toContain(order.id);
    expect(
      (
        await call('dispatcher', 'POST', '/api/v1/cases', {
          kind: 'work_order',
          categoryCode: 'food_safety',
          title: 't',
          description: 'd',
          route: true,
        })
      ).body.error.field,
    ).toBe('departmentId');
  });

  it('mediation: contacts hidden, read only with the right and audited; turning violent raises an incident', async () => {
    const dispute = await ok('dispatcher', 'POST', '/api/v1/cases', {
      kind: 'mediation',
      orgId: 'community',
      categoryCode: 'neighbour_dispute',
      title: '楼上漏水',
      description: 'water through the ceiling, second complaint',
      location: XINJIEKOU,
      mediation: {
        riskLevel: 'medium',
        parties: [
          { name: '张三', side: 'applicant', contact: { phone: '13800000001' } },
          { name: '李四', side: 'respondent', contact: { phone: '13800000002' } },
        ],
      },
    });
    expect(dispute.mediation.parties).toEqual([
      { name: '张三', side: 'applicant' },
      { name: '李四', side: 'respondent' },
    ]);
    expect((await call('grid', 'GET', `/api/v1/cases/${dispute.id}/contacts`)).status).toBe(403);
    const contacts = await ok('dispatcher', 'GET', `/api/v1/cases/${dispute.id}/contacts`);
    expect(contacts.parties[0].contact.phone).toBe('13800000001');
    const audit = await server.store.audit.list({ subjectType: 'case', subjectId: dispute.id });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ['case.contacts.read', 'account-dispatcher'],
    ]);

    const remote = await call('dispatcher', 'POST', `/api/v1/cases/${dispute.id}/sessions`, {
      at: '2026-03-03T02:00:00Z',
      mode: 'remote',
      mediators: [{ name: '王法官', role: 'judge' }],
    });
    expect([remote.status, remote.body.error.field]).toEqual([400, 'session.meetingUrl']);
    const scheduled = await ok('dispatcher', 'POST', `/api/v1/cases/${dispute.id}/sessions`, {
      at: '2026-03-03T02:00:00Z',
      mode: 'remote',
      meetingUrl: 'https://meet.example.org/room-1',
      mediators: [
        { name: '王法官', role: 'judge' },
        { name: '网格员小李', role: 'grid_worker' },
      ],
    });
    expect(scheduled.mediation.sessions[0].mode).toBe('remote');
    const violent = await ok('dispatcher', 'POST', `/api/v1/cases/${dispute.id}/violent`, {
      description: 'the parties are fighting on the stairs',
    });
    expect(violent.case.mediation.riskLevel).toBe('high');
    const incident = await ok('dispatcher', 'GET', `/api/v1/incidents/${violent.incidentId}`);
    expect([incident.categoryCode, incident.priority, incident.externalRef]).toEqual([
      'fight',
      1,
      `case:${dispute.id}`,
    ]);
    await ok('dispatcher', 'POST', `/api/v1/cases/${dispute.id}/agreement`, {
      text: 'repair paid by 李四 within 10 days',
    });
    await ok('dispatcher', 'POST', `/api/v1/cases/${dispute.id}/follow-ups`, {
      text: 'visited: repaired',
    });
    const done = await ok('dispatcher', 'POST', `/api/v1/cases/${dispute.id}/close`, {
      result: 'agreement kept',
    });
    expect(done.status).toBe('closed');
  });

  it('hazard: a grid worker reports, the department rectifies with a re-inspection photo', async () => {
    const hazard = await ok('grid', 'POST', '/api/v1/cases', {
      kind: 'hazard',
      categoryCode: 'structural_hazard',
      title: '外墙瓷砖松动',
      description: 'loose tiles above the entrance',
      location: XINJIEKOU,
      photoIds: ['photo-1'],
      hazard: { responsibleParty: '物业 Property Co.', rectifyBy: '2026-12-31T00:00:00Z' },
      route: true,
    });
    expect([hazard.source, hazard.orgId, hazard.departmentId]).toEqual([
      'grid_worker',
      'grid-1',
      'housing',
    ]);
    expect(hazard.routing.reason).toContain('housing');
    await ok('housing', 'POST', `/api/v1/cases/${hazard.id}/accept`, {});
    expect(
      (
        await call('housing', 'POST', `/api/v1/cases/${hazard.id}/reinspect`, {
          passed: true,
          note: 'fixed',
          photoIds: [],
        })
      ).body.error.field,
    ).toBe('photoIds');
    await ok('housing', 'POST', `/api/v1/cases/${hazard.id}/reinspect`, {
      passed: true,
      note: 'tiles replaced',
      photoIds: ['photo-2'],
    });
    await ok('housing', 'POST', `/api/v1/cases/${hazard.id}/resolve`, { result: 'rectified' });
    const closed = await ok('dispatcher', 'POST', `/api/v1/cases/${hazard.id}/close`, {});
    expect(closed.hazard.reinspections[0].passed).toBe(true);
  });

  it('grid reports become an incident or a case in one action', async () => {
    const report = (title: string) =>
      ok('grid', 'POST', '/api/v1/cases', {
        kind: 'grid_report',
        categoryCode: 'grid_other',
        title,
        description: title,
        location: XINJIEKOU,
      });
    const first = await report('有人在小区内撬车');
    expect(
      (await call('grid', 'POST', `/api/v1/cases/${first.id}/incident`, { categoryCode: 'theft' }))
        .status,
    ).toBe(403);
    const raised = await ok('dispatcher', 'POST', `/api/v1/cases/${first.id}/incident`, {
      categoryCode: 'theft',
    });
    expect([raised.case.status, raised.case.result]).toEqual([
      'closed',
      `raised as incident ${raised.incidentId}`,
    ]);
    expect((await ok('dispatcher', 'GET', `/api/v1/incidents/${raised.incidentId}`)).source).toBe(
      'patrol',
    );
    const second = await report('楼道堆放杂物');
    const hazard = await ok('dispatcher', 'POST', `/api/v1/cases/${second.id}/convert`, {
      kind: 'hazard',
      categoryCode: 'fire_hazard',
      departmentId: 'urban-management',
      hazard: { responsibleParty: '3 号楼住户', rectifyBy: '2026-12-31T00:00:00Z' },
    });
    expect([hazard.kind, hazard.externalRef, hazard.workflow.stage]).toEqual([
      'hazard',
      `case:${second.id}`,
      'assign',
    ]);
    const old = await ok('grid', 'GET', `/api/v1/cases/${second.id}`);
    expect(old.status).toBe('closed');
  });
});
