import { PERMISSIONS, ROLES, type Action, type Role } from '@jiefang/core';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/test-support/test-server.ts';

/**
 * THE authorization matrix: every role × every route of the API × a target inside / outside
 * the caller's org scope → the status core's PERMISSIONS table implies. The table is the
 * specification; the routes come from the OpenAPI document, so a route added without a row here
 * fails ("route X has no authorization expectation").
 *
 * Every matrix caller sits at station-1 (a member of unit police-1-1); "in scope" targets lie in
 * station-1's subtree, "out of scope" targets in the sibling station-2, "other unit" targets are
 * station-1's other car police-1-2 (in scope, but not the caller's own unit).
 */

const HOME_ORG = 'station-1';
const SIBLING_ORG = 'station-2';
const OWN_UNIT = 'police-1-1';
const MATRIX_PASSWORD = 'matrix-password-2026';
/** station-1's other car: in scope, but not the matrix callers' own unit. */
const OTHER_UNIT = 'police-1-2';
const SIBLING_UNIT = 'police-2-1';

interface Fixtures {
  server: TestServer;
  /** Admin session at the city root, for setting up targets. */
  admin: string;
  /** A fresh suffix for ids and names, so repeated creates do not collide. */
  unique(prefix: string): string;
  /** Ids of accounts created for the matrix, by role. */
  accountIds: Record<Role, string>;
  /** An account at station-2, a target out of scope for station-1 admins. */
  siblingAccountId: string;
}

interface MatrixRequest extends InjectOptions {
  /** Log in again first: the request ends its own session (logout). */
  freshSession?: boolean;
}

type RequestBuilder = (fx: Fixtures) => MatrixRequest | Promise<MatrixRequest>;

interface RouteExpectation {
  /**
   * The core Action the route checks, or 'authenticated' for routes any logged-in user may call
   * (their own account, their own org subtree).
   */
  action: Action | 'authenticated';
  /** Status of an allowed call. */
  ok: number;
  /** A call whose target lies in the caller's subtree (and is the caller's own unit). */
  inScope: RequestBuilder;
  /** The same call aimed at the sibling station; omitted for routes that act on the caller's own scope (lists). */
  outOfScope?: RequestBuilder;
  /** The same call for an in-scope unit that is not the caller's own (own-unit grants). */
  otherUnit?: RequestBuilder;
}

const get = (url: string): MatrixRequest => ({ method: 'GET', url });
const send = (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  ({ method, url, payload }) as MatrixRequest;

const samplePlan = (name: string) => ({
  name,
  categoryCode: '*',
  priorities: [],
  preemptLowerPriority: false,
  tiers: [{ tier: 1, units: [{ kinds: ['community'], count: 1 }] }],
});

/** Creates a plan at `orgId` as the city admin and returns its id. */
async function planAt(fx: Fixtures, orgId: string): Promise<string> {
  const id = fx.unique('plan');
  const response = await fx.server.app.inject({
    method: 'POST',
    url: '/api/v1/plans',
    headers: { cookie: fx.admin },
    payload: { id, orgId, ...samplePlan(id) },
  });
  if (response.statusCode !== 201) throw new Error(`fixture plan: ${response.body}`);
  return id;
}

// One row per route: `METHOD /path` exactly as in the OpenAPI document.
const MATRIX: Record<string, RouteExpectation> = {
  // auth-routes.ts
  'POST /api/v1/auth/logout': {
    action: 'authenticated',
    ok: 204,
    inScope: () => ({ ...send('POST', '/api/v1/auth/logout'), freshSession: true }),
  },
  'GET /api/v1/auth/me': {
    action: 'authenticated',
    ok: 200,
    inScope: () => get('/api/v1/auth/me'),
  },
  'GET /api/v1/accounts': {
    action: 'user.manage',
    ok: 200,
    inScope: () => get('/api/v1/accounts'),
  },
  'POST /api/v1/accounts': {
    action: 'user.manage',
    ok: 201,
    inScope: (fx) => send('POST', '/api/v1/accounts', accountBody(fx, HOME_ORG)),
    outOfScope: (fx) => send('POST', '/api/v1/accounts', accountBody(fx, SIBLING_ORG)),
  },
  'POST /api/v1/tokens': {
    action: 'user.manage',
    ok: 201,
    inScope: (fx) =>
      send('POST', '/api/v1/tokens', {
        accountId: fx.accountIds.responder,
        name: 'tablet',
        days: 1,
      }),
    outOfScope: (fx) =>
      send('POST', '/api/v1/tokens', { accountId: fx.siblingAccountId, name: 'tablet', days: 1 }),
  },

  // org-routes.ts
  'GET /api/v1/orgs': { action: 'authenticated', ok: 200, inScope: () => get('/api/v1/orgs') },
  'POST /api/v1/orgs': {
    action: 'org.manage',
    ok: 201,
    inScope: (fx) =>
      send('POST', '/api/v1/orgs', { parentId: HOME_ORG, kind: 'community', name: fx.unique('c') }),
    outOfScope: (fx) =>
      send('POST', '/api/v1/orgs', {
        parentId: SIBLING_ORG,
        kind: 'community',
        name: fx.unique('c'),
      }),
  },
  'PATCH /api/v1/orgs/{id}': {
    action: 'org.manage',
    ok: 200,
    inScope: (fx) => send('PATCH', '/api/v1/orgs/grid-2', { name: fx.unique('网格') }),
    outOfScope: (fx) => send('PATCH', `/api/v1/orgs/${SIBLING_ORG}`, { name: fx.unique('所') }),
  },

  // plan-routes.ts
  'GET /api/v1/plans': { action: 'plan.read', ok: 200, inScope: () => get('/api/v1/plans') },
  'POST /api/v1/plans': {
    action: 'plan.manage',
    ok: 201,
    inScope: (fx) =>
      send('POST', '/api/v1/plans', { orgId: HOME_ORG, ...samplePlan(fx.unique('p')) }),
    outOfScope: (fx) =>
      send('POST', '/api/v1/plans', { orgId: SIBLING_ORG, ...samplePlan(fx.unique('p')) }),
  },
  'PUT /api/v1/plans/{id}': {
    action: 'plan.manage',
    ok: 200,
    inScope: async (fx) =>
      send('PUT', `/api/v1/plans/${await planAt(fx, HOME_ORG)}`, samplePlan('x')),
    outOfScope: async (fx) =>
      send('PUT', `/api/v1/plans/${await planAt(fx, SIBLING_ORG)}`, samplePlan('x')),
  },
  'POST /api/v1/plans/{id}/retire': {
    action: 'plan.manage',
    ok: 200,
    inScope: async (fx) =>
      send('POST', `/api/v1/plans/${await planAt(fx, HOME_ORG)}/retire`, { reason: 'matrix' }),
    outOfScope: async (fx) =>
      send('POST', `/api/v1/plans/${await planAt(fx, SIBLING_ORG)}/retire`, { reason: 'matrix' }),
  },

  // unit-routes.ts
  'GET /api/v1/units': { action: 'unit.read', ok: 200, inScope: () => get('/api/v1/units') },
  'GET /api/v1/units/{id}': {
    action: 'unit.read',
    ok: 200,
    inScope: () => get(`/api/v1/units/${OWN_UNIT}`),
    outOfScope: () => get(`/api/v1/units/${SIBLING_UNIT}`),
  },
  'GET /api/v1/units/{id}/track': {
    action: 'unit.read',
    ok: 200,
    inScope: () => get(`/api/v1/units/${OWN_UNIT}/track`),
    outOfScope: () => get(`/api/v1/units/${SIBLING_UNIT}/track`),
  },
  'POST /api/v1/units/{id}/status': {
    action: 'unit.status',
    ok: 200,
    inScope: (fx) => send('POST', `/api/v1/units/${OWN_UNIT}/status`, toggledStatus(fx, OWN_UNIT)),
    otherUnit: (fx) =>
      send('POST', `/api/v1/units/${OTHER_UNIT}/status`, toggledStatus(fx, OTHER_UNIT)),
    outOfScope: (fx) =>
      send('POST', `/api/v1/units/${SIBLING_UNIT}/status`, toggledStatus(fx, SIBLING_UNIT)),
  },

  // site-routes.ts
  'GET /api/v1/sites': { action: 'unit.read', ok: 200, inScope: () => get('/api/v1/sites') },

  // talk-group-routes.ts
  'GET /api/v1/talk-groups': {
    action: 'unit.read',
    ok: 200,
    inScope: () => get('/api/v1/talk-groups'),
  },

  // incident-routes.ts
  'GET /api/v1/incidents': {
    action: 'incident.read',
    ok: 200,
    inScope: () => get('/api/v1/incidents'),
  },

  // dispatch-routes.ts
  'GET /api/v1/dispatches': {
    action: 'incident.read',
    ok: 200,
    inScope: () => get('/api/v1/dispatches'),
  },

  // place-routes.ts
  'GET /api/v1/places/search': {
    action: 'incident.read',
    ok: 200,
    inScope: () => get(`/api/v1/places/search?q=${encodeURIComponent('新街口')}`),
  },

  // audit-routes.ts
  'GET /api/v1/audit': { action: 'user.manage', ok: 200, inScope: () => get('/api/v1/audit') },
};

/** Off duty when available, available otherwise: every allowed call is a legal transition. */
function toggledStatus(fx: Fixtures, unitId: string) {
  const status = fx.server.ctx.world.units.get(unitId)?.value.status;
  return { to: status === 'available' ? 'off_duty' : 'available', reason: 'matrix' };
}

/** Routes anyone may call without logging in. */
const PUBLIC_ROUTES = new Set(['POST /api/v1/auth/login']);

function accountBody(fx: Fixtures, orgId: string) {
  const username = fx.unique('user');
  return {
    username,
    displayName: username,
    password: MATRIX_PASSWORD,
    orgId,
    roles: ['analyst'],
  };
}

type Scope = 'inScope' | 'outOfScope' | 'otherUnit';

/** What PERMISSIONS says a station-1 caller of `role` gets for this route and target. */
function expectedStatus(row: RouteExpectation, role: Role, scope: Scope): number {
  if (row.action === 'authenticated') return row.ok;
  const grant = PERMISSIONS[role][row.action];
  if (grant === undefined) return 403;
  if (scope === 'outOfScope') return 403;
  if (scope === 'otherUnit' && grant === 'own_unit') return 403;
  return row.ok;
}

/** Every `orgId` anywhere in an answer: each must lie in the caller's scope. */
function orgIdsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) orgIdsIn(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'orgId' && typeof inner === 'string') found.push(inner);
      else orgIdsIn(inner, found);
    }
  }
  return found;
}

describe('authorization matrix', () => {
  let server: TestServer;
  let fx: Fixtures;
  const sessions = new Map<Role, string>();
  let counter = 0;

  const login = async (username: string, password: string): Promise<string> => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
    });
    if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.body}`);
    return `jf_session=${response.cookies.find((c) => c.name === 'jf_session')!.value}`;
  };

  beforeAll(async () => {
    server = await startTestServer();
    const admin = await server.cookie('admin');
    const createAccount = async (username: string, orgId: string, role: Role) => {
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/v1/accounts',
        headers: { cookie: admin },
        payload: {
          username,
          displayName: username,
          password: MATRIX_PASSWORD,
          orgId,
          roles: [role],
          unitIds: [OWN_UNIT],
        },
      });
      if (response.statusCode !== 201) throw new Error(`account ${username}: ${response.body}`);
      return response.json().id as string;
    };
    const accountIds = {} as Record<Role, string>;
    for (const role of ROLES) {
      accountIds[role] = await createAccount(`matrix-${role}`, HOME_ORG, role);
      sessions.set(role, await login(`matrix-${role}`, MATRIX_PASSWORD));
    }
    fx = {
      server,
      admin,
      unique: (prefix) => `${prefix}-m${++counter}`,
      accountIds,
      siblingAccountId: await createAccount('matrix-sibling', SIBLING_ORG, 'analyst'),
    };
  }, 60_000);
  afterAll(async () => server?.close());

  async function operations(): Promise<string[]> {
    const doc = await server.app.inject({
      url: '/api/v1/openapi.json',
      headers: { cookie: fx.admin },
    });
    const paths = doc.json().paths as Record<string, Record<string, unknown>>;
    return Object.entries(paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
  }

  it('has an expectation for every route of the API, and none for a route that is gone', async () => {
    const routes = await operations();
    const missing = routes.filter((r) => !PUBLIC_ROUTES.has(r) && !MATRIX[r]);
    expect(missing.map((r) => `route ${r} has no authorization expectation`)).toEqual([]);
    const stale = Object.keys(MATRIX).filter((r) => !routes.includes(r));
    expect(stale.map((r) => `matrix row ${r} names no route`)).toEqual([]);
  });

  it('answers 401 without credentials on every route but the public ones', async () => {
    const failures: string[] = [];
    for (const route of await operations()) {
      if (PUBLIC_ROUTES.has(route)) continue;
      const [method, path] = route.split(' ');
      const url = path.replace(/\{[^}]+\}/g, 'any-id');
      const response = await server.app.inject({
        method: method as InjectOptions['method'],
        url,
        payload: method === 'GET' ? undefined : {},
      });
      if (response.statusCode !== 401 || response.json().error?.code !== 'ERR_UNAUTHENTICATED')
        failures.push(`${route}: ${response.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  const cases = Object.keys(MATRIX).flatMap((route) => ROLES.map((role) => [route, role] as const));

  it.each(cases)('%s as %s', async (route, role) => {
    const row = MATRIX[route];
    const failures: string[] = [];
    for (const scope of ['inScope', 'outOfScope', 'otherUnit'] as const) {
      const build = row[scope];
      if (!build) continue;
      const { freshSession, ...request } = await build(fx);
      const cookie = freshSession
        ? await login(`matrix-${role}`, MATRIX_PASSWORD)
        : sessions.get(role)!;
      const response = await server.app.inject({
        ...request,
        headers: { ...request.headers, cookie },
      });
      const expected = expectedStatus(row, role, scope);
      if (response.statusCode !== expected) {
        failures.push(
          `${scope}: expected ${expected}, got ${response.statusCode} ${response.body.slice(0, 200)}`,
        );
        continue;
      }
      if (expected === 403) {
        const code = response.json().error.code;
        const wanted = PERMISSIONS[role][row.action as Action]
          ? 'ERR_OUT_OF_SCOPE'
          : 'ERR_FORBIDDEN';
        if (code !== wanted) failures.push(`${scope}: expected ${wanted}, got ${code}`);
      }
      if (response.statusCode < 300 && response.body) {
        const tree = server.ctx.world.orgTree;
        const leaked = orgIdsIn(response.json()).filter((orgId) => !tree.isWithin(orgId, HOME_ORG));
        if (leaked.length)
          failures.push(`${scope}: answer shows orgs out of scope: ${leaked.join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('lists only the caller subtree on list routes', async () => {
    const orgs = await server.app.inject({
      url: '/api/v1/orgs',
      headers: { cookie: sessions.get('dispatcher')! },
    });
    const tree = server.ctx.world.orgTree;
    const ids = orgs.json().map((o: { id: string }) => o.id);
    expect(ids).toContain(HOME_ORG);
    expect(ids.filter((id: string) => !tree.isWithin(id, HOME_ORG))).toEqual([]);
    expect(ids).not.toContain(SIBLING_ORG);
  });
});
