import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidentPart } from '../commands/aggregate-parts.ts';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

describe('unit, site, talk-group and position routes', () => {
  let server: TestServer;
  const inject = async (
    username: string,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) =>
    server.app.inject({
      method,
      url,
      headers: { cookie: await server.cookie(username), ...headers },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });

  /** An open incident near the demo centre, through the real command pipeline. */
  const openIncident = async (id: string) => {
    const at = server.seed.startPositions.get('eu-1')!;
    await server.ctx.commands.execute(
      incidentPart(server.ctx, id, {
        type: 'create',
        incidentId: id,
        orgId: 'station-1',
        source: 'call',
        categoryCode: 'fight',
        location: { lon: at.lon, lat: at.lat },
        reporter: { name: '王先生', phone: '13800000000' },
        description: 'fight at the mall entrance',
      }),
      'account-dispatcher',
    );
  };

  beforeAll(async () => {
    server = await startTestServer();
    server.placeUnits();
  });
  afterAll(async () => server.close());

  it('lists the units of the caller scope with status, position and time in status', async () => {
    const all = await inject('dispatcher', 'GET', '/api/v1/units');
    expect(all.statusCode).toBe(200);
    const units = all.json() as {
      id: string;
      orgId: string;
      status: string;
      since?: string;
      position: unknown;
    }[];
    expect(units.map((u) => u.id)).toEqual(
      expect.arrayContaining(['eu-1', 'police-1-1', 'grid-unit-1']),
    );
    const police = units.find((u) => u.id === 'police-1-1')!;
    expect(police.status).toBe('available');
    expect(police.since).toMatch(/^\d{4}-/);
    expect(police.position).toMatchObject({ accuracyM: 5 });
    // The grid worker's scope is grid-1: only its own unit.
    const grid = await inject('grid', 'GET', '/api/v1/units');
    expect((grid.json() as { id: string }[]).map((u) => u.id)).toEqual(['grid-unit-1']);
    // Out of scope by id.
    expect((await inject('grid', 'GET', '/api/v1/units/police-1-1')).statusCode).toBe(403);
    expect((await inject('dispatcher', 'GET', '/api/v1/units/nope')).statusCode).toBe(404);
  });

  it('lets a responder set their own unit off duty but not another unit', async () => {
    const own = await inject('responder', 'POST', '/api/v1/units/police-1-1/status', {
      to: 'off_duty',
      reason: 'end of shift',
    });
    expect(own.statusCode).toBe(200);
    expect(own.json().status).toBe('off_duty');
    const other = await inject('responder', 'POST', '/api/v1/units/police-1-2/status', {
      to: 'off_duty',
    });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('ERR_OUT_OF_SCOPE');
    const back = await inject('responder', 'POST', '/api/v1/units/police-1-1/status', {
      to: 'available',
    });
    expect(back.json().status).toBe('available');
    const bad = await inject('responder', 'POST', '/api/v1/units/police-1-1/status', {
      to: 'on_scene',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('to');
  });

  it('registers a unit, refuses a bad field by name, and updates with If-Match', async () => {
    const bad = await inject('admin', 'POST', '/api/v1/units', {
      name: '巡3',
      kind: 'police',
      orgId: 'station-1',
      mode: 'car',
      turnoutSeconds: -5,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'ERR_VALIDATION', field: 'turnoutSeconds' });
    const noSite = await inject('admin', 'POST', '/api/v1/units', {
      name: '新单元',
      kind: 'community',
      orgId: 'community',
    });
    expect(noSite.statusCode).toBe(400);
    expect(noSite.json().error.field).toBe('siteId');
    expect(
      (
        await inject('dispatcher', 'POST', '/api/v1/units', {
          name: 'x',
          kind: 'police',
          orgId: 'station-1',
          mode: 'car',
        })
      ).statusCode,
    ).toBe(403);

    const headers = { 'idempotency-key': 'register-police-1-3' };
    const body = {
      name: '巡3',
      kind: 'police',
      orgId: 'station-1',
      mode: 'foot',
      talkGroupIds: ['tg-xinjiekou'],
    };
    const created = await inject('admin', 'POST', '/api/v1/units', body, headers);
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect(created.json()).toMatchObject({
      profile: 'walk',
      turnoutSeconds: 10,
      status: 'available',
    });
    const retried = await inject('admin', 'POST', '/api/v1/units', body, headers);
    expect(retried.statusCode).toBe(201);
    expect(retried.json().id).toBe(id);
    const groups = await inject('admin', 'GET', '/api/v1/talk-groups');
    const members = groups.json()[0].unitIds as string[];
    // Joined the talk group once; the retry added no phantom unit.
    expect(members.filter((u) => u === id || !server.ctx.world.units.has(u))).toEqual([id]);

    const stale = await inject(
      'admin',
      'PATCH',
      `/api/v1/units/${id}`,
      { name: '巡3号' },
      { 'if-match': '"99"' },
    );
    expect(stale.statusCode).toBe(409);
    const version = String(created.json().version);
    const updated = await inject(
      'admin',
      'PATCH',
      `/api/v1/units/${id}`,
      { name: '巡3号', turnoutSeconds: 15 },
      { 'if-match': version },
    );
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ name: '巡3号', turnoutSeconds: 15 });
  });

  it('registers and lists sites, refusing a location outside the city', async () => {
    const [w, s] = server.ctx.router.city.meta.bbox;
    const outside = await inject('admin', 'POST', '/api/v1/sites', {
      name: 'far away',
      kind: 'mall',
      orgId: 'community',
      location: { lon: w - 1, lat: s - 1 },
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.field).toBe('location');
    const at = server.seed.startPositions.get('eu-2')!;
    const created = await inject('admin', 'POST', '/api/v1/sites', {
      id: 'site-new',
      name: '新商场',
      kind: 'mall',
      orgId: 'community',
      location: { lon: at.lon, lat: at.lat },
    });
    expect(created.statusCode).toBe(201);
    const listed = await inject('grid', 'GET', '/api/v1/sites');
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual([]); // grid-1 holds no sites
    expect(
      (await inject('dispatcher', 'GET', '/api/v1/sites')).json().map((x: { id: string }) => x.id),
    ).toContain('site-new');
  });

  it('edits a site with If-Match: a blank name, a place outside the city or an old version are refused by field', async () => {
    const at = server.seed.startPositions.get('eu-2')!;
    await inject('admin', 'POST', '/api/v1/sites', {
      id: 'site-edit',
      name: '旧商场',
      kind: 'mall',
      orgId: 'community',
      location: { lon: at.lon, lat: at.lat },
    });
    const blank = await inject('admin', 'PATCH', '/api/v1/sites/site-edit', { name: '' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.field).toBe('name');
    const [w, s] = server.ctx.router.city.meta.bbox;
    const outside = await inject('admin', 'PATCH', '/api/v1/sites/site-edit', {
      location: { lon: w - 1, lat: s - 1 },
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.field).toBe('location');
    const edited = await inject(
      'admin',
      'PATCH',
      '/api/v1/sites/site-edit',
      { name: '新街口学校', kind: 'school', address: '中山路 1 号' },
      { 'if-match': '1' },
    );
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ name: '新街口学校', kind: 'school', version: 2 });
    const stale = await inject(
      'admin',
      'PATCH',
      '/api/v1/sites/site-edit',
      { name: '又一个名字' },
      { 'if-match': '1' },
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.field).toBe('If-Match');
    expect(
      (await inject('dispatcher', 'PATCH', '/api/v1/sites/site-edit', { name: 'x' })).statusCode,
    ).toBe(403);
    const audit = await inject('admin', 'GET', '/api/v1/audit?subjectId=site-edit');
    expect(audit.json().map((e: { action: string }) => e.action)).toContain('admin.site.update');
  });

  it('renames a talk group, trimmed; a blank name is refused by field', async () => {
    const blank = await inject('admin', 'PATCH', '/api/v1/talk-groups/tg-xinjiekou', {
      name: '  ',
    });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.field).toBe('name');
    const renamed = await inject('admin', 'PATCH', '/api/v1/talk-groups/tg-xinjiekou', {
      name: ' 新街口商圈频道 ',
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().name).toBe('新街口商圈频道');
    expect(
      (await inject('dispatcher', 'PATCH', '/api/v1/talk-groups/tg-xinjiekou', { name: 'x' }))
        .statusCode,
    ).toBe(403);
    const audit = await inject('admin', 'GET', '/api/v1/audit?subjectId=tg-xinjiekou');
    expect(audit.json().map((e: { action: string }) => e.action)).toContain(
      'admin.talk_group.rename',
    );
  });

  it('previews a mobilisation by area and kind, and keeps the police floor unless overridden', async () => {
    await openIncident('inc-floor');
    const members = server.ctx.world.talkGroups.get('tg-xinjiekou')!.value.unitIds;
    const units = members.map((id) => server.ctx.world.units.get(id)!.value);
    const police = units.filter((u) => u.kind === 'police' && u.status === 'available');
    const floor = server.ctx.config.mobilisePoliceFloor;
    expect(floor).toBe(2);

    const preview = await inject(
      'dispatcher',
      'GET',
      '/api/v1/talk-groups/tg-xinjiekou/mobilise-preview?incidentId=inc-floor',
    );
    expect(preview.statusCode, preview.body).toBe(200);
    const p = preview.json();
    expect(p.floor).toBe(2);
    expect(p.totalWithoutFloor).toBe(units.filter((u) => u.status === 'available').length);
    expect(p.areas.length).toBeGreaterThan(0);
    for (const area of p.areas) {
      expect(area.orgName).not.toBe('');
      if (area.policeAvailableBefore >= floor) expect(area.policeAvailableAfter).toBe(floor);
    }
    const leavingPolice = p.areas.reduce(
      (n: number, a: { leaving: { police?: number } }) => n + (a.leaving.police ?? 0),
      0,
    );
    expect(leavingPolice).toBeLessThan(police.length);
    // Nothing was sent by looking.
    expect(server.ctx.world.units.get(police[0].id)!.value.status).toBe('available');

    const kept = await inject('dispatcher', 'POST', '/api/v1/talk-groups/tg-xinjiekou/mobilise', {
      incidentId: 'inc-floor',
    });
    expect(kept.statusCode).toBe(201);
    expect(kept.json().dispatched).toHaveLength(p.total);
    expect(
      kept.json().skipped.filter((s: { reason: string }) => s.reason === 'police floor'),
    ).toHaveLength(p.totalWithoutFloor - p.total);
    const stillAvailable = police.filter(
      (u) => server.ctx.world.units.get(u.id)!.value.status === 'available',
    );
    expect(stillAvailable.length).toBeGreaterThanOrEqual(Math.min(floor, police.length));

    const empty = await inject('dispatcher', 'POST', '/api/v1/talk-groups/tg-xinjiekou/mobilise', {
      incidentId: 'inc-floor',
      floorOverride: { reason: '' },
    });
    expect(empty.statusCode).toBe(400);
    const overridden = await inject(
      'dispatcher',
      'POST',
      '/api/v1/talk-groups/tg-xinjiekou/mobilise',
      { incidentId: 'inc-floor', floorOverride: { reason: '持刀伤人，全员集结' } },
    );
    expect(overridden.statusCode).toBe(201);
    expect(overridden.json().dispatched).toHaveLength(p.totalWithoutFloor - p.total);
    const audit = await server.store.audit.list({
      subjectType: 'talk_group',
      subjectId: 'tg-xinjiekou',
    });
    expect(audit[0]).toMatchObject({
      action: 'mobilise.floor_override',
      actorId: 'account-dispatcher',
      detail: { reason: '持刀伤人，全员集结', incidentId: 'inc-floor', floor: 2 },
    });
    // Stand everyone down again for the tests that follow.
    const sent = [...kept.json().dispatched, ...overridden.json().dispatched];
    expect(sent).toHaveLength(p.totalWithoutFloor);
    expect(sent.length).toBeGreaterThan(0);
    for (const d of sent) {
      const r = await inject('dispatcher', 'POST', `/api/v1/dispatches/${d.dispatchId}/cancel`, {
        reason: 'test over',
      });
      expect(r.statusCode).toBe(200);
    }
  });

  it('mobilises every available unit of a talk group and says why others were skipped', async () => {
    await openIncident('inc-tg');
    // police-1-2 is busy elsewhere first.
    await openIncident('inc-other');
    const first = await inject('dispatcher', 'POST', '/api/v1/talk-groups/tg-xinjiekou/mobilise', {
      incidentId: 'inc-other',
      floorOverride: { reason: '全员集结' },
    });
    expect(first.statusCode).toBe(201);
    const members = server.ctx.world.talkGroups.get('tg-xinjiekou')!.value.unitIds;
    expect(first.json().dispatched).toHaveLength(members.length);

    await openIncident('inc-tg-2');
    const second = await inject('dispatcher', 'POST', '/api/v1/talk-groups/tg-xinjiekou/mobilise', {
      incidentId: 'inc-tg-2',
      message: '全体注意: 新街口集结',
    });
    expect(second.statusCode).toBe(201);
    const result = second.json();
    expect(result.dispatched).toEqual([]);
    expect(result.skipped).toContainEqual({ unitId: 'police-1-1', reason: 'notified' });
    expect(result.broadcast.talkGroupId).toBe('tg-xinjiekou');

    const unit = await inject('dispatcher', 'GET', '/api/v1/units/eu-1');
    expect(unit.json()).toMatchObject({
      status: 'notified',
      assignment: { incidentId: 'inc-other' },
    });
    // A responder may not mobilise.
    expect(
      (
        await inject('responder', 'POST', '/api/v1/talk-groups/tg-xinjiekou/mobilise', {
          incidentId: 'inc-tg',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('broadcasts a message as a talkgroup.broadcast event', async () => {
    const sent = await inject('dispatcher', 'POST', '/api/v1/talk-groups/tg-xinjiekou/broadcast', {
      message: '注意: 可疑人员往中山路方向',
    });
    expect(sent.statusCode).toBe(201);
    const [event] = await server.store.readLog(sent.json().seq - 1, 1);
    expect(event).toMatchObject({
      type: 'talkgroup.broadcast',
      aggregateId: 'tg-xinjiekou',
      actorId: 'account-dispatcher',
      payload: { message: '注意: 可疑人员往中山路方向' },
    });
    const empty = await inject('dispatcher', 'POST', '/api/v1/talk-groups/tg-xinjiekou/broadcast', {
      message: '',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.field).toBe('message');
  });

  it('mobilises the units within a travel time of an incident', async () => {
    server.placeUnits();
    await openIncident('inc-area');
    const response = await inject(
      'dispatcher',
      'POST',
      '/api/v1/incidents/inc-area/mobilise-area',
      {
        seconds: 600,
        kinds: ['grid'],
      },
    );
    expect(response.statusCode).toBe(201);
    const result = response.json();
    expect(result.dispatched.length).toBeGreaterThan(0);
    for (const d of result.dispatched) {
      expect(d.unitId).toMatch(/^grid-unit/);
      expect(d.etaSeconds).toBeLessThanOrEqual(600);
    }
    expect(result.dispatched.length + result.skipped.length).toBeGreaterThan(0);
    expect(
      (await inject('dispatcher', 'POST', '/api/v1/incidents/nope/mobilise-area', { seconds: 60 }))
        .statusCode,
    ).toBe(404);
  });

  it('ingests a position batch, rejecting only the stale and the out-of-scope fixes', async () => {
    const at = server.seed.startPositions.get('grid-unit-1')!;
    const now = Date.now();
    const fix = { lon: at.lon, lat: at.lat, accuracyM: 8 };
    const response = await inject('grid', 'POST', '/api/v1/positions', [
      { unitId: 'grid-unit-1', ...fix, at: now },
      { unitId: 'grid-unit-1', ...fix, at: now - 3600_000 },
      { unitId: 'police-1-1', ...fix, at: now },
      { unitId: 'grid-unit-1', ...fix, lon: 200, at: now },
    ]);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.accepted).toBe(1);
    expect(body.rejected).toEqual([
      expect.objectContaining({ index: 1, code: 'ERR_STALE_POSITION', field: 'at' }),
      expect.objectContaining({ index: 2, code: 'ERR_OUT_OF_SCOPE', field: 'unitId' }),
      expect.objectContaining({ index: 3, code: 'ERR_VALIDATION', field: 'lon' }),
    ]);
    expect(server.positions.positions.get('grid-unit-1')!.accuracyM).toBe(8);
    const tooMany = await inject(
      'admin',
      'POST',
      '/api/v1/positions',
      Array.from({ length: 1001 }, () => ({ unitId: 'grid-unit-1', ...fix, at: now })),
    );
    expect(tooMany.statusCode).toBe(400);
  });

  it('returns a track and audits the read', async () => {
    const response = await inject('dispatcher', 'GET', '/api/v1/units/grid-unit-1/track');
    expect(response.statusCode).toBe(200);
    expect(response.json().points.length).toBeGreaterThan(0);
    const audit = await server.store.audit.list({ subjectType: 'unit', subjectId: 'grid-unit-1' });
    expect(audit[0]).toMatchObject({ action: 'unit.track.read', actorId: 'account-dispatcher' });
  });
});
