import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveTestClient } from '../test-support/live-test-client.ts';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

describe('account routes', () => {
  let server: TestServer;
  let liveUrl: string;
  const sockets: LiveTestClient[] = [];
  let serial = 0;

  beforeAll(async () => {
    server = await startTestServer();
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    liveUrl = `ws://127.0.0.1:${(server.app.server.address() as AddressInfo).port}/api/v1/live`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server.close();
  });

  async function call(
    cookie: string,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) {
    return server.app.inject({
      method,
      url,
      headers: { cookie, ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  }

  async function login(username: string, password: string) {
    return server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
    });
  }

  async function sessionOf(username: string, password: string): Promise<string> {
    const response = await login(username, password);
    expect(response.statusCode, response.body).toBe(200);
    return `jf_session=${response.cookies.find((c) => c.name === 'jf_session')!.value}`;
  }

  /** A fresh account made by the city admin; returns its id, name and password. */
  async function newAccount(fields: { orgId: string; roles: string[]; unitIds?: string[] }) {
    serial++;
    const username = `tester${serial}`;
    const password = `first-password-${serial}`;
    const created = await call(await server.cookie('admin'), 'POST', '/api/v1/accounts', {
      username,
      displayName: `Tester ${serial}`,
      password,
      ...fields,
    });
    expect(created.statusCode, created.body).toBe(201);
    return { id: created.json().id as string, username, password };
  }

  async function openSocket(headers: Record<string, string>) {
    const socket = await LiveTestClient.open(liveUrl, headers);
    sockets.push(socket);
    socket.send({ type: 'subscribe', bbox: [...server.ctx.router.city.meta.bbox] });
    await socket.next((m) => m.type === 'snapshot');
    return socket;
  }

  function closeCode(socket: LiveTestClient): Promise<number> {
    return new Promise((resolve) => socket.socket.once('close', (code) => resolve(code)));
  }

  async function auditActions(subjectId: string): Promise<string[]> {
    const records = await call(
      await server.cookie('admin'),
      'GET',
      `/api/v1/audit?subjectId=${subjectId}`,
    );
    return (records.json() as { action: string }[]).map((r) => r.action).reverse();
  }

  it('creates an account, changes its roles with If-Match, and audits both changes', async () => {
    const admin = await server.cookie('admin');
    const { id } = await newAccount({ orgId: 'station-1', roles: ['dispatcher'] });
    const listed = (await call(admin, 'GET', '/api/v1/accounts')).json() as {
      id: string;
      version: number;
      activeCredentials: number;
    }[];
    const mine = listed.find((a) => a.id === id)!;
    expect(mine.activeCredentials).toBe(0);

    const stale = await call(
      admin,
      'PATCH',
      `/api/v1/accounts/${id}`,
      { roles: ['supervisor'] },
      { 'if-match': `"${mine.version - 1}"` },
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('ERR_VERSION_CONFLICT');

    const changed = await call(
      admin,
      'PATCH',
      `/api/v1/accounts/${id}`,
      { roles: ['supervisor', 'dispatcher'], displayName: '值班长' },
      { 'if-match': `"${mine.version}"` },
    );
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().roles).toEqual(['supervisor', 'dispatcher']);
    expect(changed.json().displayName).toBe('值班长');
    expect(changed.json().version).toBe(mine.version + 1);
    expect(await auditActions(id)).toEqual(['admin.account.create', 'admin.account.update']);
  });

  it('names the failing field of bad input, with a code', async () => {
    const admin = await server.cookie('admin');
    const { id } = await newAccount({ orgId: 'station-1', roles: ['dispatcher'] });
    const cases: [string, 'POST' | 'PATCH', unknown, string][] = [
      [`/api/v1/accounts/${id}`, 'PATCH', { roles: [] }, 'roles'],
      [`/api/v1/accounts/${id}`, 'PATCH', { roles: ['wizard'] }, 'roles'],
      [`/api/v1/accounts/${id}`, 'PATCH', { orgId: 'no-such-org' }, 'orgId'],
      [`/api/v1/accounts/${id}`, 'PATCH', { unitIds: ['no-such-unit'] }, 'unitIds'],
      [`/api/v1/accounts/${id}`, 'PATCH', { username: 'renamed' }, 'username'],
      [`/api/v1/accounts/${id}/password`, 'POST', { password: 'short' }, 'password'],
      [`/api/v1/accounts/${id}/disable`, 'POST', { reason: '' }, 'reason'],
    ];
    for (const [url, method, payload, field] of cases) {
      const response = await call(admin, method, url, payload);
      expect(response.statusCode, `${url} ${JSON.stringify(payload)}`).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      const error = response.json().error;
      expect(error.code, JSON.stringify(error)).toMatch(/^ERR_/);
      expect(JSON.stringify(error), JSON.stringify(payload)).toContain(field);
    }
    const missing = await call(admin, 'POST', '/api/v1/accounts/no-such-account/enable');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toMatchObject({ code: 'ERR_NOT_FOUND', field: 'id' });
  });

  it('keeps an org admin inside their subtree and every other role out', async () => {
    const stationAdmin = await newAccount({ orgId: 'station-1', roles: ['admin'] });
    const cookie = await sessionOf(stationAdmin.username, stationAdmin.password);
    const listed = (await call(cookie, 'GET', '/api/v1/accounts')).json() as { orgId: string }[];
    expect(listed.length).toBeGreaterThan(0);
    const subtree = new Set(server.ctx.world.orgTree.subtreeIds('station-1'));
    expect(listed.every((a) => subtree.has(a.orgId))).toBe(true);

    const outside = [
      call(cookie, 'PATCH', '/api/v1/accounts/account-dispatcher', { displayName: 'x' }),
      call(cookie, 'POST', '/api/v1/accounts/account-dispatcher/disable', { reason: 'test' }),
      call(cookie, 'POST', '/api/v1/accounts/account-dispatcher/password', {
        password: 'a-new-password-1',
      }),
      call(cookie, 'GET', '/api/v1/accounts/account-dispatcher/credentials'),
      call(cookie, 'POST', '/api/v1/accounts', {
        username: 'escalated',
        displayName: 'x',
        password: 'long-enough-pass',
        orgId: 'district',
        roles: ['admin'],
      }),
    ];
    for (const response of await Promise.all(outside)) {
      expect(response.statusCode, response.body).toBe(403);
      expect(response.json().error.code).toBe('ERR_OUT_OF_SCOPE');
    }
    // Moving one of its own accounts above itself is refused the same way.
    const own = await newAccount({ orgId: 'station-1', roles: ['dispatcher'] });
    const moveUp = await call(cookie, 'PATCH', `/api/v1/accounts/${own.id}`, {
      orgId: 'district',
    });
    expect(moveUp.json().error.code).toBe('ERR_OUT_OF_SCOPE');
    expect(server.ctx.world.accounts.get(own.id)!.value.orgId).toBe('station-1');

    const dispatcher = await server.cookie('dispatcher');
    for (const response of [
      await call(dispatcher, 'GET', '/api/v1/accounts'),
      await call(dispatcher, 'POST', `/api/v1/accounts/${own.id}/disable`, { reason: 'x' }),
    ]) {
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('ERR_FORBIDDEN');
    }
  });

  it('refuses an admin disabling or demoting their own account', async () => {
    const admin = await server.cookie('admin');
    const disable = await call(admin, 'POST', '/api/v1/accounts/account-admin/disable', {
      reason: 'oops',
    });
    expect(disable.statusCode).toBe(400);
    expect(disable.json().error).toMatchObject({ code: 'ERR_VALIDATION', field: 'id' });
    const demote = await call(admin, 'PATCH', '/api/v1/accounts/account-admin', {
      roles: ['dispatcher'],
    });
    expect(demote.json().error).toMatchObject({ code: 'ERR_VALIDATION', field: 'roles' });
    expect((await call(admin, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
  });

  it('disabling ends every session and token at once: 401 on the next request, sockets closed', async () => {
    const admin = await server.cookie('admin');
    const user = await newAccount({ orgId: 'district', roles: ['dispatcher'] });
    const cookie = await sessionOf(user.username, user.password);
    const issued = await call(admin, 'POST', '/api/v1/tokens', {
      accountId: user.id,
      name: 'desk tablet',
      days: 30,
    });
    expect(issued.statusCode).toBe(201);
    const bearer = { authorization: `Bearer ${issued.json().token as string}` };
    const sessionSocket = await openSocket({ cookie });
    const tokenSocket = await openSocket(bearer);
    const closed = [closeCode(sessionSocket), closeCode(tokenSocket)];

    const credentials = await call(admin, 'GET', `/api/v1/accounts/${user.id}/credentials`);
    expect((credentials.json() as { kind: string }[]).map((c) => c.kind).sort()).toEqual([
      'api_token',
      'session',
    ]);

    const disabled = await call(admin, 'POST', `/api/v1/accounts/${user.id}/disable`, {
      reason: 'left the service',
    });
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect(disabled.json().revokedCredentials).toBe(2);
    expect(disabled.json().account).toMatchObject({ disabled: true, activeCredentials: 0 });
    expect(await Promise.all(closed)).toEqual([4401, 4401]);

    const me = await server.app.inject({ url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
    const byToken = await server.app.inject({ url: '/api/v1/auth/me', headers: bearer });
    expect(byToken.statusCode).toBe(401);
    expect((await login(user.username, user.password)).statusCode).toBe(401);

    // Enabling lets the account log in again, but what was revoked stays revoked.
    const enabled = await call(admin, 'POST', `/api/v1/accounts/${user.id}/enable`);
    expect(enabled.json().disabled).toBe(false);
    expect((await login(user.username, user.password)).statusCode).toBe(200);
    expect(
      (await server.app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode,
    ).toBe(401);
    expect(await auditActions(user.id)).toEqual([
      'admin.account.create',
      'admin.credential.issue',
      'admin.account.disable',
      'admin.account.enable',
    ]);
  });

  it('revoking one token closes its socket and answers its next request 401; the rest stay', async () => {
    const admin = await server.cookie('admin');
    const user = await newAccount({ orgId: 'station-1', roles: ['responder'], unitIds: [] });
    const cookie = await sessionOf(user.username, user.password);
    const issued = await call(admin, 'POST', '/api/v1/tokens', {
      accountId: user.id,
      name: 'patrol car tablet',
      days: 7,
    });
    const { token, id } = issued.json() as { token: string; id: string };
    const bearer = { authorization: `Bearer ${token}` };
    const socket = await openSocket(bearer);
    const closed = closeCode(socket);

    const revoked = await call(admin, 'POST', `/api/v1/credentials/${id}/revoke`);
    expect(revoked.statusCode, revoked.body).toBe(204);
    expect(await closed).toBe(4401);
    expect((await server.app.inject({ url: '/api/v1/auth/me', headers: bearer })).statusCode).toBe(
      401,
    );
    expect(
      (await server.app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode,
    ).toBe(200);
    const again = await call(admin, 'POST', `/api/v1/credentials/${id}/revoke`);
    expect(again.statusCode).toBe(404);
  });

  it('a password reset ends the sessions: the old password and session stop working', async () => {
    const admin = await server.cookie('admin');
    const user = await newAccount({ orgId: 'district', roles: ['analyst'] });
    const cookie = await sessionOf(user.username, user.password);
    const reset = await call(admin, 'POST', `/api/v1/accounts/${user.id}/password`, {
      password: 'the-new-password-2026',
    });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json().revokedCredentials).toBe(1);
    expect(
      (await server.app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode,
    ).toBe(401);
    expect((await login(user.username, user.password)).statusCode).toBe(401);
    expect((await login(user.username, 'the-new-password-2026')).statusCode).toBe(200);
    const events = await server.store.history('account', user.id);
    expect(JSON.stringify(events)).not.toMatch(/scrypt|passwordHash/);
  });

  it('a role change closes the live socket with 4409 so it reconnects under the new scope', async () => {
    const admin = await server.cookie('admin');
    const user = await newAccount({ orgId: 'district', roles: ['dispatcher'] });
    const cookie = await sessionOf(user.username, user.password);
    const socket = await openSocket({ cookie });
    const closed = closeCode(socket);
    await call(admin, 'PATCH', `/api/v1/accounts/${user.id}`, { roles: ['analyst'] });
    expect(await closed).toBe(4409);
    const me = await server.app.inject({ url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.json().roles).toEqual(['analyst']);
  });

  it('audits admin changes to talk groups and response plans under the admin who made them', async () => {
    const admin = await server.cookie('admin');
    const group = (await call(admin, 'GET', '/api/v1/talk-groups')).json()[0] as {
      id: string;
      unitIds: string[];
      version: number;
    };
    const members = await call(
      admin,
      'PUT',
      `/api/v1/talk-groups/${group.id}/members`,
      { unitIds: group.unitIds.slice(1) },
      { 'if-match': `"${group.version}"` },
    );
    expect(members.statusCode, members.body).toBe(200);
    const plan = await call(admin, 'POST', '/api/v1/plans', {
      orgId: 'district',
      name: 'theft, audited',
      categoryCode: 'theft',
      priorities: [3],
      preemptLowerPriority: false,
      tiers: [{ tier: 1, targetSeconds: 300, units: [{ kinds: ['police'], count: 1 }] }],
    });
    expect(plan.statusCode, plan.body).toBe(201);
    const records = (await call(admin, 'GET', '/api/v1/audit?actorId=account-admin')).json() as {
      action: string;
      subjectId: string;
      detail: { removed?: string[] };
    }[];
    expect(records.find((r) => r.subjectId === group.id)).toMatchObject({
      action: 'admin.talk_group.members',
      detail: { removed: [group.unitIds[0]] },
    });
    expect(records.find((r) => r.subjectId === plan.json().id)?.action).toBe('admin.plan.create');
  });
});
