import { FixedClock, type Alert, type Incident, type Site } from '@jiefang/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  postPartnerEvent,
  registerPartner,
  squareAround,
  type RegisteredPartner,
} from '../test-support/alert-fixtures.ts';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';
import { AggregateType } from '../world/aggregate-types.ts';

describe('watchlist hits and welfare checks (incidents at once, personal data audited)', () => {
  const clock = new FixedClock(Date.parse('2026-12-03T01:00:00Z'));
  let server: TestServer;
  let gate: RegisteredPartner;
  let monitor: RegisteredPartner;
  let school: Site;
  let n = 0;

  const get = async (url: string, user: string) =>
    server.app.inject({ url, headers: { cookie: await server.cookie(user) } });

  beforeAll(async () => {
    server = await startTestServer({ clock });
    server.placeUnits();
    school = [...server.ctx.world.sites.values()]
      .map((s) => s.value)
      .find((s) => s.kind === 'school' && s.unitIds.length > 0)!;
    expect(school).toBeDefined();
    gate = await registerPartner(server, {
      id: 'campus-gate',
      orgId: 'station-1',
      name: '校园安全平台',
      kind: 'campus_gate',
      zones: [
        {
          id: 'school-gate',
          name: `${school.name} 校门`,
          orgId: school.orgId,
          polygon: squareAround(school.location, 30),
        },
      ],
    });
    monitor = await registerPartner(server, {
      id: 'post-monitor',
      orgId: 'station-1',
      name: '舆情监测',
      kind: 'public_post',
      zones: [],
    });
  }, 60_000);
  afterAll(async () => server?.close());

  it('opens a priority-1 incident at the gate with the nearest police and the school unit recommended', async () => {
    const response = await postPartnerEvent(server, gate, {
      eventId: `hit-${++n}`,
      occurredAt: new Date(clock.now()).toISOString(),
      kind: 'watchlist',
      zoneId: 'school-gate',
      severity: 'Severe',
      person: {
        name: '张某',
        idNumber: '320102199001011234',
        photoRef: 'photo://gate/0001.jpg',
        reason: '网上追逃',
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    const answer = response.json().alert;
    expect(answer.personalWithheld).toBe(true);
    expect(response.body).not.toContain('张某');
    const alert = server.ctx.world.get<Alert>(AggregateType.alert, answer.id)!;
    const incident = server.ctx.world.get<Incident>(AggregateType.incident, alert.incidentId!)!;
    expect(incident).toMatchObject({
      categoryCode: 'wanted_person',
      priority: 1,
      source: 'alert',
      orgId: school.orgId,
    });
    expect(incident.description).not.toContain('张某');
    const units = alert.recommendedUnitIds!.map((id) => server.ctx.world.units.get(id)!.value);
    expect(units.some((u) => u.kind === 'police')).toBe(true);
    expect(units.some((u) => u.siteId === school.id)).toBe(true);

    // Person details: not in the alert or its timeline; only through /personal, audited.
    const shown = await get(`/api/v1/alerts/${alert.id}`, 'dispatcher');
    expect(shown.json().personalWithheld, shown.body).toBe(true);
    expect((await get(`/api/v1/alerts/${alert.id}/timeline`, 'dispatcher')).body).not.toContain(
      '张某',
    );
    const analystView = await get(`/api/v1/alerts/${alert.id}`, 'analyst');
    expect(analystView.statusCode).toBe(200);
    const refused = await get(`/api/v1/alerts/${alert.id}/personal`, 'analyst');
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'ERR_FORBIDDEN']);
    const personal = await get(`/api/v1/alerts/${alert.id}/personal`, 'dispatcher');
    expect(personal.json().person).toMatchObject({ name: '张某', reason: '网上追逃' });
    const audit = await server.store.audit.list({ subjectType: 'alert', subjectId: alert.id });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ['alert.personal.read', 'account-dispatcher'],
    ]);
  });

  it('opens a priority-1 welfare check over the post area with units covering it by road time', async () => {
    const centre = server.seed.startPositions.get('police-1-1')!;
    const response = await postPartnerEvent(server, monitor, {
      eventId: `post-${++n}`,
      occurredAt: new Date(clock.now()).toISOString(),
      kind: 'public_post',
      area: { circle: { centre: { lon: centre.lon, lat: centre.lat }, radiusM: 400 } },
      severity: 'Extreme',
      post: { text: '不想活了，今晚就在江边', author: '匿名用户' },
    });
    expect(response.statusCode, response.body).toBe(200);
    const alert = server.ctx.world.get<Alert>(AggregateType.alert, response.json().alert.id)!;
    const incident = server.ctx.world.get<Incident>(AggregateType.incident, alert.incidentId!)!;
    expect(incident).toMatchObject({ categoryCode: 'welfare_check', priority: 1 });
    expect(incident.location.lon).toBeCloseTo(centre.lon, 6);
    const covering = alert.recommendedUnitIds!;
    expect(covering.length).toBeGreaterThanOrEqual(3);
    expect(new Set(covering).size).toBe(covering.length);
    const timeline = await get(`/api/v1/alerts/${alert.id}/timeline`, 'dispatcher');
    expect(timeline.body).not.toContain('不想活了');
    expect(timeline.json().at(-1)).toMatchObject({ type: 'alert.incident_opened' });
    const personal = await get(`/api/v1/alerts/${alert.id}/personal`, 'supervisor');
    expect(personal.json().post.text).toBe('不想活了，今晚就在江边');
    const audit = await server.store.audit.list({ subjectType: 'alert', subjectId: alert.id });
    expect(audit.map((a) => a.actorId)).toEqual(['account-supervisor']);
  });
});
