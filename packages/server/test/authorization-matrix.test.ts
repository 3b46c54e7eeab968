import { extractBasemap } from '@jiefang/basemap';
import {
  ACTIONS,
  PERMISSIONS,
  ROLES,
  type Action,
  type DispatchStatus,
  type Role,
} from '@jiefang/core';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TileService } from '../src/basemap/tile-service.ts';
import { DEMO_OSM, startTestServer, type TestServer } from '../src/test-support/test-server.ts';
import { CaseTargets, type CaseStage, type MatrixCaseKind } from './case-matrix-targets.ts';
import { AlertMatrixTargets } from './alert-matrix-targets.ts';
import { MatrixTargets } from './matrix-targets.ts';
import { PatrolMatrixTargets } from './patrol-matrix-targets.ts';

/**
 * THE authorization matrix: every role × every route of the API × a target inside / outside
 * the caller's org scope → the status core's PERMISSIONS table implies. The table is the
 * specification; the routes come from the OpenAPI document, so a route added without a row here
 * fails ("route X has no authorization expectation").
 *
 * Every matrix caller sits at station-1 (a member of unit police-1-1); "in scope" targets lie in
 * station-1's subtree, "out of scope" targets in the sibling station-2, "other unit" targets are
 * station-1's other car police-1-2 (in scope, but not the caller's own unit).
 *
 * Mutating calls get fresh targets (a new incident, unit, talk group or dispatch per call, made
 * by the city admin), so one role's call never changes what the next role's call finds.
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
  /** Fresh incidents, units, talk groups and dispatches, made by the city admin. */
  targets: MatrixTargets;
  /** Fresh cases at a stage, owned by an org and assigned to a department under it. */
  cases: CaseTargets;
  /** Fresh alerts, area rules and partners. */
  alerts: AlertMatrixTargets;
  /** Computed forecasts and fresh draft patrol plans. */
  patrols: PatrolMatrixTargets;
}

interface MatrixRequest extends InjectOptions {
  /** Log in again first: the request ends its own session (logout). */
  freshSession?: boolean;
  /**
   * What an allowed answer must also show, beyond its status (e.g. a mobilisation sent the
   * in-scope unit and skipped the other): the problems found, none when right.
   */
  checkAnswer?: (answer: never) => string[];
}

/** What a call came to: its status and error code, or those of its single item (batch routes). */
interface Outcome {
  status: number;
  code?: string;
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
  /**
   * A call whose target lies in the caller's subtree (and is the caller's own unit). Omitted for
   * a route of the whole city (the catalogue): no matrix caller at station-1 holds it in scope,
   * and the route's own tests show the city admin's call.
   */
  inScope?: RequestBuilder;
  /** The same call aimed at the sibling station; omitted for routes that act on the caller's own scope (lists). */
  outOfScope?: RequestBuilder;
  /** The same call for an in-scope unit that is not the caller's own (own-unit grants). */
  otherUnit?: RequestBuilder;
  /**
   * For batch routes that answer 200 and refuse item by item: the outcome of the call's one
   * item, as the status it would have had on its own (refused for role or scope: 403).
   */
  outcomeOf?: (response: LightMyRequestResponse) => Outcome;
}

const get = (url: string): MatrixRequest => ({ method: 'GET', url });
const send = (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  ({ method, url, payload }) as MatrixRequest;
/** A request whose allowed answer must also pass `check`. */
const checked = <T>(request: MatrixRequest, check: (answer: T) => string[]): MatrixRequest => ({
  ...request,
  checkAnswer: check as (answer: never) => string[],
});

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

/** Starts a series from a fresh incident at `orgId` as the city admin; its id. */
async function seriesAt(fx: Fixtures, orgId: string): Promise<string> {
  const response = await fx.server.app.inject({
    method: 'POST',
    url: '/api/v1/series',
    headers: { cookie: fx.admin },
    payload: { incidentId: await fx.targets.incident(orgId), title: fx.unique('series') },
  });
  if (response.statusCode !== 201) throw new Error(`fixture series: ${response.body}`);
  return response.json<{ id: string }>().id;
}

/** A series at `orgId` with a second incident linked: [series id, linked incident id]. */
async function seriesWithLink(fx: Fixtures, orgId: string): Promise<[string, string]> {
  const id = await seriesAt(fx, orgId);
  const incidentId = await fx.targets.incident(orgId);
  const response = await fx.server.app.inject({
    method: 'POST',
    url: `/api/v1/series/${id}/links`,
    headers: { cookie: fx.admin },
    payload: { incidentId },
  });
  if (response.statusCode !== 200) throw new Error(`fixture series link: ${response.body}`);
  return [id, incidentId];
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
  // account-routes.ts: each call acts on a fresh account, since disabling or a new password
  // changes what the next role's call would find.
  'PATCH /api/v1/accounts/{id}': {
    action: 'user.manage',
    ok: 200,
    inScope: async (fx) =>
      send('PATCH', `/api/v1/accounts/${await freshAccount(fx, HOME_ORG)}`, { displayName: 'x' }),
    outOfScope: async (fx) =>
      send('PATCH', `/api/v1/accounts/${await freshAccount(fx, SIBLING_ORG)}`, {
        displayName: 'x',
      }),
  },
  'POST /api/v1/accounts/{id}/password': {
    action: 'user.manage',
    ok: 200,
    inScope: async (fx) =>
      send('POST', `/api/v1/accounts/${await freshAccount(fx, HOME_ORG)}/password`, {
        password: `${MATRIX_PASSWORD}-2`,
      }),
    outOfScope: async (fx) =>
      send('POST', `/api/v1/accounts/${await freshAccount(fx, SIBLING_ORG)}/password`, {
        password: `${MATRIX_PASSWORD}-2`,
      }),
  },
  'POST /api/v1/accounts/{id}/disable': {
    action: 'user.manage',
    ok: 200,
    inScope: async (fx) =>
      send('POST', `/api/v1/accounts/${await freshAccount(fx, HOME_ORG)}/disable`, {
        reason: 'matrix',
      }),
    outOfScope: async (fx) =>
      send('POST', `/api/v1/accounts/${await freshAccount(fx, SIBLING_ORG)}/disable`, {
        reason: 'matrix',
      }),
  },
  'POST /api/v1/accounts/{id}/enable': {
    action: 'user.manage',
    ok: 200,
    inScope: async (fx) =>
      send('POST', `/api/v1/accounts/${await freshAccount(fx, HOME_ORG, true)}/enable`),
    outOfScope: async (fx) =>
      send('POST', `/api/v1/accounts/${await freshAccount(fx, SIBLING_ORG, true)}/enable`),
  },
  'GET /api/v1/accounts/{id}/credentials': {
    action: 'user.manage',
    ok: 200,
    inScope: (fx) => get(`/api/v1/accounts/${fx.accountIds.responder}/credentials`),
    outOfScope: (fx) => get(`/api/v1/accounts/${fx.siblingAccountId}/credentials`),
  },
  'POST /api/v1/credentials/{id}/revoke': {
    action: 'user.manage',
    ok: 204,
    inScope: async (fx) =>
      send('POST', `/api/v1/credentials/${await freshToken(fx, HOME_ORG)}/revoke`),
    outOfScope: async (fx) =>
      send('POST', `/api/v1/credentials/${await freshToken(fx, SIBLING_ORG)}/revoke`),
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
  // catalogue-routes.ts
  'GET /api/v1/catalogue': {
    action: 'incident.read',
    ok: 200,
    inScope: () => get('/api/v1/catalogue'),
  },
  'PUT /api/v1/catalogue/categories/{code}': {
    action: 'plan.manage',
    ok: 200,
    outOfScope: () =>
      send('PUT', '/api/v1/catalogue/categories/matrix_probe', {
        names: { zh: '矩阵', en: 'matrix' },
        defaultPriority: 4,
        policeMatter: true,
      }),
  },
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
  'POST /api/v1/units': {
    action: 'unit.manage',
    ok: 201,
    inScope: (fx) => send('POST', '/api/v1/units', policeCarBody(fx, HOME_ORG)),
    outOfScope: (fx) => send('POST', '/api/v1/units', policeCarBody(fx, SIBLING_ORG)),
  },
  'PATCH /api/v1/units/{id}': {
    action: 'unit.manage',
    ok: 200,
    inScope: async (fx) =>
      send('PATCH', `/api/v1/units/${await fx.targets.unit(HOME_ORG)}`, { name: fx.unique('巡') }),
    outOfScope: async (fx) =>
      send('PATCH', `/api/v1/units/${await fx.targets.unit(SIBLING_ORG)}`, {
        name: fx.unique('巡'),
      }),
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
  'POST /api/v1/sites': {
    action: 'unit.manage',
    ok: 201,
    inScope: (fx) => send('POST', '/api/v1/sites', siteBody(fx, HOME_ORG)),
    outOfScope: (fx) => send('POST', '/api/v1/sites', siteBody(fx, SIBLING_ORG)),
  },
  'PATCH /api/v1/sites/{id}': {
    action: 'unit.manage',
    ok: 200,
    inScope: async (fx) =>
      send('PATCH', `/api/v1/sites/${await fx.targets.site(HOME_ORG)}`, {
        name: fx.unique('学校'),
      }),
    outOfScope: async (fx) =>
      send('PATCH', `/api/v1/sites/${await fx.targets.site(SIBLING_ORG)}`, {
        name: fx.unique('学校'),
      }),
  },

  // talk-group-routes.ts
  'GET /api/v1/talk-groups': {
    action: 'unit.read',
    ok: 200,
    inScope: () => get('/api/v1/talk-groups'),
  },
  'POST /api/v1/talk-groups': {
    action: 'unit.manage',
    ok: 201,
    inScope: (fx) =>
      send('POST', '/api/v1/talk-groups', { name: fx.unique('频道'), orgId: HOME_ORG }),
    outOfScope: (fx) =>
      send('POST', '/api/v1/talk-groups', { name: fx.unique('频道'), orgId: SIBLING_ORG }),
  },
  'PATCH /api/v1/talk-groups/{id}': {
    action: 'unit.manage',
    ok: 200,
    inScope: async (fx) =>
      send('PATCH', `/api/v1/talk-groups/${await fx.targets.talkGroup(HOME_ORG)}`, {
        name: fx.unique('频道'),
      }),
    outOfScope: async (fx) =>
      send('PATCH', `/api/v1/talk-groups/${await fx.targets.talkGroup(SIBLING_ORG)}`, {
        name: fx.unique('频道'),
      }),
  },
  'PUT /api/v1/talk-groups/{id}/members': {
    action: 'unit.manage',
    ok: 200,
    inScope: async (fx) =>
      send('PUT', `/api/v1/talk-groups/${await fx.targets.talkGroup(HOME_ORG)}/members`, {
        unitIds: [await fx.targets.unit(HOME_ORG)],
      }),
    outOfScope: async (fx) =>
      send('PUT', `/api/v1/talk-groups/${await fx.targets.talkGroup(SIBLING_ORG)}/members`, {
        unitIds: [await fx.targets.unit(SIBLING_ORG)],
      }),
  },
  'POST /api/v1/talk-groups/{id}/broadcast': {
    action: 'mobilise',
    ok: 201,
    inScope: async (fx) =>
      send('POST', `/api/v1/talk-groups/${await fx.targets.talkGroup(HOME_ORG)}/broadcast`, {
        message: '矩阵: 请注意',
      }),
    outOfScope: async (fx) =>
      send('POST', `/api/v1/talk-groups/${await fx.targets.talkGroup(SIBLING_ORG)}/broadcast`, {
        message: '矩阵: 请注意',
      }),
  },
  'POST /api/v1/talk-groups/{id}/mobilise': {
    action: 'mobilise',
    ok: 201,
    // The group holds a unit of the sibling station too: it is skipped, never sent.
    inScope: async (fx) => {
      const home = await fx.targets.unit(HOME_ORG);
      const sibling = await fx.targets.unit(SIBLING_ORG);
      const group = await fx.targets.talkGroup(HOME_ORG, [home, sibling]);
      const incidentId = await fx.targets.incident(HOME_ORG);
      return checked(
        send('POST', `/api/v1/talk-groups/${group}/mobilise`, { incidentId, message: '全体支援' }),
        (answer: Mobilisation) => [
          ...sentOnlyInScope(answer, home, sibling),
          ...(answer.skipped.some((s) => s.unitId === sibling && /scope/.test(s.reason))
            ? []
            : [`${sibling} (${SIBLING_ORG}) is not skipped as out of scope`]),
        ],
      );
    },
    outOfScope: async (fx) => {
      const group = await fx.targets.talkGroup(SIBLING_ORG, [await fx.targets.unit(SIBLING_ORG)]);
      const incidentId = await fx.targets.incident(SIBLING_ORG);
      return send('POST', `/api/v1/talk-groups/${group}/mobilise`, { incidentId });
    },
  },
  'GET /api/v1/talk-groups/{id}/mobilise-preview': {
    action: 'mobilise',
    ok: 200,
    inScope: async (fx) => {
      const group = await fx.targets.talkGroup(HOME_ORG, [await fx.targets.unit(HOME_ORG)]);
      const incidentId = await fx.targets.incident(HOME_ORG);
      return get(`/api/v1/talk-groups/${group}/mobilise-preview?incidentId=${incidentId}`);
    },
    outOfScope: async (fx) => {
      const group = await fx.targets.talkGroup(SIBLING_ORG, [await fx.targets.unit(SIBLING_ORG)]);
      const incidentId = await fx.targets.incident(SIBLING_ORG);
      return get(`/api/v1/talk-groups/${group}/mobilise-preview?incidentId=${incidentId}`);
    },
  },
  'POST /api/v1/incidents/{id}/mobilise-area': {
    action: 'mobilise',
    ok: 201,
    // Special units (no seeded unit is one) of both stations stand on the scene: only ours go.
    inScope: async (fx) => {
      const home = await fx.targets.unit(HOME_ORG, { kind: 'special', placed: true });
      const sibling = await fx.targets.unit(SIBLING_ORG, { kind: 'special', placed: true });
      const incidentId = await fx.targets.incident(HOME_ORG);
      return checked(
        send('POST', `/api/v1/incidents/${incidentId}/mobilise-area`, AREA_BODY),
        (answer: Mobilisation) => sentOnlyInScope(answer, home, sibling),
      );
    },
    outOfScope: async (fx) => {
      await fx.targets.unit(SIBLING_ORG, { kind: 'special', placed: true });
      const incidentId = await fx.targets.incident(SIBLING_ORG);
      return send('POST', `/api/v1/incidents/${incidentId}/mobilise-area`, AREA_BODY);
    },
  },

  // incident-routes.ts
  'GET /api/v1/incidents': {
    action: 'incident.read',
    ok: 200,
    inScope: () => get('/api/v1/incidents'),
  },
  'POST /api/v1/incidents': {
    action: 'incident.create',
    ok: 201,
    // The sibling station has the same call open at the same place: the duplicate hint may
    // only name an incident the caller can open.
    inScope: async (fx) => {
      await fx.targets.incident(SIBLING_ORG, { categoryCode: DUPLICATE_PROBE_CATEGORY });
      return checked(
        send('POST', '/api/v1/incidents', incidentBody(fx, HOME_ORG)),
        (answer: { probableDuplicateOf?: string }) => duplicateHintInScope(fx, answer),
      );
    },
    outOfScope: (fx) => send('POST', '/api/v1/incidents', incidentBody(fx, SIBLING_ORG)),
  },
  'GET /api/v1/incidents/{id}': incidentRead(''),
  'GET /api/v1/incidents/{id}/timeline': incidentRead('/timeline'),
  'GET /api/v1/incidents/{id}/timers': incidentRead('/timers'),
  // The route checks incident.read and unit.read; every role holds both or neither.
  'GET /api/v1/incidents/{id}/recommendation': {
    action: 'incident.read',
    ok: 200,
    // A car of the sibling station stands on the scene: it must not be offered to us.
    inScope: async (fx) => {
      await fx.targets.unit(SIBLING_ORG, { placed: true });
      const incidentId = await fx.targets.incident(HOME_ORG, {
        categoryCode: RECOMMENDATION_PROBE_CATEGORY,
      });
      return checked(
        get(`/api/v1/incidents/${incidentId}/recommendation`),
        (answer: Recommendation) =>
          unitsOutOfScope(
            fx,
            'recommends',
            answer.tiers.flatMap((t) =>
              t.requirements.flatMap((r) => [...r.picks, ...r.alternatives].map((c) => c.unitId)),
            ),
          ),
      );
    },
    outOfScope: async (fx) =>
      get(`/api/v1/incidents/${await fx.targets.incident(SIBLING_ORG)}/recommendation`),
  },
  'POST /api/v1/incidents/{id}/stage': incidentUpdate('stage', () => ({
    to: 'assign',
    note: 'matrix',
  })),
  'POST /api/v1/incidents/{id}/reprioritise': incidentUpdate('reprioritise', () => ({
    priority: 3,
    reason: 'matrix',
  })),
  'POST /api/v1/incidents/{id}/location': incidentUpdate('location', (fx) => ({
    location: fx.targets.startOf(OWN_UNIT),
  })),
  'POST /api/v1/incidents/{id}/cancel': incidentUpdate('cancel', () => ({ reason: 'matrix' })),
  // incident-note-routes.ts: a responder notes the job their own unit has taken.
  'POST /api/v1/incidents/{id}/notes': (() => {
    const on = (unitId: string, orgId: string) => async (fx: Fixtures) => {
      const dispatchId = await fx.targets.dispatch(unitId, orgId, 'accepted');
      const { incidentId } = fx.server.ctx.world.dispatches.get(dispatchId)!.value;
      return send('POST', `/api/v1/incidents/${incidentId}/notes`, { text: '现场已控制', unitId });
    };
    return {
      action: 'incident.note',
      ok: 201,
      inScope: on(OWN_UNIT, HOME_ORG),
      otherUnit: on(OTHER_UNIT, HOME_ORG),
      outOfScope: on(SIBLING_UNIT, SIBLING_ORG),
    } satisfies RouteExpectation;
  })(),

  'POST /api/v1/incidents/{id}/link-duplicate': {
    action: 'incident.update',
    ok: 200,
    inScope: async (fx) => {
      const original = await fx.targets.incident(HOME_ORG);
      const copy = await fx.targets.incident(HOME_ORG);
      return send('POST', `/api/v1/incidents/${copy}/link-duplicate`, { of: original });
    },
    outOfScope: async (fx) => {
      const original = await fx.targets.incident(SIBLING_ORG);
      const copy = await fx.targets.incident(SIBLING_ORG);
      return send('POST', `/api/v1/incidents/${copy}/link-duplicate`, { of: original });
    },
  },
  'POST /api/v1/incidents/{id}/dismiss-duplicate': {
    action: 'incident.update',
    ok: 200,
    // Two calls of the same category at the same place: the second carries the hint.
    inScope: async (fx) => {
      await fx.targets.incident(HOME_ORG);
      const copy = await fx.targets.incident(HOME_ORG);
      return send('POST', `/api/v1/incidents/${copy}/dismiss-duplicate`);
    },
    outOfScope: async (fx) => {
      await fx.targets.incident(SIBLING_ORG);
      const copy = await fx.targets.incident(SIBLING_ORG);
      return send('POST', `/api/v1/incidents/${copy}/dismiss-duplicate`);
    },
  },
  'POST /api/v1/incidents/{id}/dispatch-recommended': {
    action: 'dispatch.create',
    ok: 201,
    // One key must not send what the caller could not send by hand (POST /dispatches).
    inScope: async (fx) => {
      await fx.targets.unit(SIBLING_ORG, { placed: true });
      const incidentId = await fx.targets.incident(HOME_ORG, {
        categoryCode: RECOMMENDATION_PROBE_CATEGORY,
      });
      return checked(
        send('POST', `/api/v1/incidents/${incidentId}/dispatch-recommended`),
        (answer: { dispatches: { unitId: string }[] }) =>
          unitsOutOfScope(
            fx,
            'dispatched',
            answer.dispatches.map((d) => d.unitId),
          ),
      );
    },
    outOfScope: async (fx) =>
      send(
        'POST',
        `/api/v1/incidents/${await fx.targets.incident(SIBLING_ORG)}/dispatch-recommended`,
      ),
  },

  // dispatch-routes.ts
  'GET /api/v1/dispatches': {
    action: 'incident.read',
    ok: 200,
    inScope: () => get('/api/v1/dispatches'),
  },
  'POST /api/v1/dispatches': {
    action: 'dispatch.create',
    ok: 201,
    inScope: async (fx) =>
      send('POST', '/api/v1/dispatches', {
        incidentId: await fx.targets.incident(HOME_ORG),
        unitId: await fx.targets.unit(HOME_ORG),
        tier: 2,
      }),
    outOfScope: async (fx) =>
      send('POST', '/api/v1/dispatches', {
        incidentId: await fx.targets.incident(SIBLING_ORG),
        unitId: await fx.targets.unit(SIBLING_ORG),
        tier: 2,
      }),
  },
  'GET /api/v1/dispatches/{id}': {
    action: 'incident.read',
    ok: 200,
    inScope: async (fx) =>
      get(`/api/v1/dispatches/${await fx.targets.dispatch(OWN_UNIT, HOME_ORG, 'notified')}`),
    otherUnit: async (fx) =>
      get(`/api/v1/dispatches/${await fx.targets.dispatch(OTHER_UNIT, HOME_ORG, 'notified')}`),
    outOfScope: async (fx) =>
      get(`/api/v1/dispatches/${await fx.targets.dispatch(SIBLING_UNIT, SIBLING_ORG, 'notified')}`),
  },
  'POST /api/v1/dispatches/{id}/deliver': dispatchTransition('deliver', 'notified'),
  'POST /api/v1/dispatches/{id}/accept': dispatchTransition('accept', 'delivered'),
  'POST /api/v1/dispatches/{id}/decline': dispatchTransition('decline', 'notified', {
    reason: 'matrix',
  }),
  'POST /api/v1/dispatches/{id}/depart': dispatchTransition('depart', 'accepted'),
  'POST /api/v1/dispatches/{id}/arrive': dispatchTransition('arrive', 'en_route'),
  'POST /api/v1/dispatches/{id}/clear': dispatchTransition('clear', 'on_scene', {
    outcome: 'matrix',
  }),
  'POST /api/v1/dispatches/{id}/cancel': dispatchTransition('cancel', 'notified', {
    reason: 'matrix',
  }),

  // coverage-routes.ts
  'GET /api/v1/coverage': {
    action: 'unit.read',
    ok: 200,
    inScope: () => get('/api/v1/coverage?kinds=police,community'),
  },
  'GET /api/v1/units/whereabouts': {
    action: 'unit.read',
    ok: 200,
    inScope: () => get('/api/v1/units/whereabouts'),
  },
  'GET /api/v1/units/{id}/isochrone': {
    action: 'unit.read',
    ok: 200,
    inScope: async (fx) =>
      get(
        `/api/v1/units/${await fx.targets.unit(HOME_ORG, { placed: true })}/isochrone?seconds=120`,
      ),
    outOfScope: async (fx) =>
      get(
        `/api/v1/units/${await fx.targets.unit(SIBLING_ORG, { placed: true })}/isochrone?seconds=120`,
      ),
  },

  // route-routes.ts — the unit is given a fresh fix first, so a route can be drawn.
  'GET /api/v1/dispatches/{id}/route': {
    action: 'incident.read',
    ok: 200,
    inScope: async (fx) =>
      get(`/api/v1/dispatches/${await placedDispatch(fx, OWN_UNIT, HOME_ORG)}/route`),
    otherUnit: async (fx) =>
      get(`/api/v1/dispatches/${await placedDispatch(fx, OTHER_UNIT, HOME_ORG)}/route`),
    outOfScope: async (fx) =>
      get(`/api/v1/dispatches/${await placedDispatch(fx, SIBLING_UNIT, SIBLING_ORG)}/route`),
  },

  // stats-routes.ts
  'GET /api/v1/stats/today': {
    action: 'stats.read',
    ok: 200,
    inScope: () => get('/api/v1/stats/today'),
  },

  // place-routes.ts
  'GET /api/v1/places/search': {
    action: 'incident.read',
    ok: 200,
    inScope: () => get(`/api/v1/places/search?q=${encodeURIComponent('新街口')}`),
  },

  // audit-routes.ts
  'GET /api/v1/audit': { action: 'user.manage', ok: 200, inScope: () => get('/api/v1/audit') },

  // alert-routes.ts, area-rule-routes.ts, partner-routes.ts
  'POST /api/v1/alerts/cap': {
    action: 'alert.ingest',
    ok: 201,
    inScope: (fx) => ({
      method: 'POST',
      url: '/api/v1/alerts/cap',
      headers: { 'content-type': 'application/cap+xml' },
      payload: fx.alerts.cap(),
    }),
  },
  'GET /api/v1/alerts': { action: 'alert.read', ok: 200, inScope: () => get('/api/v1/alerts') },
  'GET /api/v1/alerts/{id}': {
    action: 'alert.read',
    ok: 200,
    inScope: async (fx) => get(`/api/v1/alerts/${await fx.alerts.alert(HOME_ORG)}`),
    outOfScope: async (fx) => get(`/api/v1/alerts/${await fx.alerts.alert(SIBLING_ORG)}`),
  },
  'GET /api/v1/alerts/{id}/timeline': {
    action: 'alert.read',
    ok: 200,
    inScope: async (fx) => get(`/api/v1/alerts/${await fx.alerts.alert(HOME_ORG)}/timeline`),
    outOfScope: async (fx) => get(`/api/v1/alerts/${await fx.alerts.alert(SIBLING_ORG)}/timeline`),
  },
  'GET /api/v1/alerts/{id}/personal': {
    action: 'alert.read_personal',
    ok: 200,
    inScope: async (fx) => get(`/api/v1/alerts/${await fx.alerts.alert(HOME_ORG)}/personal`),
    outOfScope: async (fx) => get(`/api/v1/alerts/${await fx.alerts.alert(SIBLING_ORG)}/personal`),
  },
  'POST /api/v1/alerts/{id}/clear': {
    action: 'alert.manage',
    ok: 200,
    inScope: async (fx) =>
      send('POST', `/api/v1/alerts/${await fx.alerts.alert(HOME_ORG)}/clear`, { reason: 'matrix' }),
    outOfScope: async (fx) =>
      send('POST', `/api/v1/alerts/${await fx.alerts.alert(SIBLING_ORG)}/clear`, {
        reason: 'matrix',
      }),
  },
  // eido-routes.ts
  'GET /api/v1/incidents/{id}/eido': {
    action: 'incident.read',
    ok: 200,
    inScope: async (fx) => get(`/api/v1/incidents/${await fx.targets.incident(HOME_ORG)}/eido`),
    outOfScope: async (fx) =>
      get(`/api/v1/incidents/${await fx.targets.incident(SIBLING_ORG)}/eido`),
  },

  // assist-routes.ts: requests are made by the city admin; "in scope" is the caller's side of one
  'POST /api/v1/assist-requests': {
    action: 'assist.request',
    ok: 201,
    inScope: () => send('POST', '/api/v1/assist-requests', assistBody(HOME_ORG, 'community')),
    outOfScope: () => send('POST', '/api/v1/assist-requests', assistBody(SIBLING_ORG, 'community')),
  },
  'GET /api/v1/assist-requests': {
    action: 'assist.request',
    ok: 200,
    inScope: () => get('/api/v1/assist-requests'),
  },
  'GET /api/v1/assist-requests/{id}': {
    action: 'assist.request',
    ok: 200,
    inScope: async (fx) =>
      get(`/api/v1/assist-requests/${await assistAt(fx, HOME_ORG, 'community')}`),
    outOfScope: async (fx) =>
      get(`/api/v1/assist-requests/${await assistAt(fx, SIBLING_ORG, 'district')}`),
  },
  'POST /api/v1/assist-requests/{id}/acknowledge': {
    action: 'assist.answer',
    ok: 200,
    inScope: async (fx) =>
      send(
        'POST',
        `/api/v1/assist-requests/${await assistAt(fx, 'district', HOME_ORG)}/acknowledge`,
        {
          orgId: HOME_ORG,
        },
      ),
    outOfScope: async (fx) =>
      send(
        'POST',
        `/api/v1/assist-requests/${await assistAt(fx, 'district', SIBLING_ORG)}/acknowledge`,
        { orgId: SIBLING_ORG },
      ),
  },
  'POST /api/v1/assist-requests/{id}/answer': {
    action: 'assist.answer',
    ok: 200,
    inScope: async (fx) =>
      send('POST', `/api/v1/assist-requests/${await assistAt(fx, 'district', HOME_ORG)}/answer`, {
        orgId: HOME_ORG,
        decision: 'decline',
        text: 'matrix',
      }),
    outOfScope: async (fx) =>
      send(
        'POST',
        `/api/v1/assist-requests/${await assistAt(fx, 'district', SIBLING_ORG)}/answer`,
        {
          orgId: SIBLING_ORG,
          decision: 'decline',
          text: 'matrix',
        },
      ),
  },
  'POST /api/v1/assist-requests/{id}/close': {
    action: 'assist.request',
    ok: 200,
    inScope: async (fx) =>
      send('POST', `/api/v1/assist-requests/${await assistAt(fx, HOME_ORG, 'community')}/close`),
    outOfScope: async (fx) =>
      send('POST', `/api/v1/assist-requests/${await assistAt(fx, SIBLING_ORG, 'district')}/close`),
  },

  // patrol-routes.ts
  'GET /api/v1/forecasts': {
    action: 'patrol.read',
    ok: 200,
    inScope: () => get('/api/v1/forecasts'),
  },
  'POST /api/v1/forecasts': {
    action: 'patrol.plan',
    ok: 202,
    inScope: () =>
      send('POST', '/api/v1/forecasts', { orgId: HOME_ORG, categoryCode: '*', horizonDays: 7 }),
    outOfScope: () =>
      send('POST', '/api/v1/forecasts', { orgId: SIBLING_ORG, categoryCode: '*', horizonDays: 7 }),
  },
  'GET /api/v1/forecasts/{id}': {
    action: 'patrol.read',
    ok: 200,
    inScope: async (fx) => get(`/api/v1/forecasts/${await fx.patrols.forecast(HOME_ORG)}`),
    outOfScope: async (fx) => get(`/api/v1/forecasts/${await fx.patrols.forecast(SIBLING_ORG)}`),
  },
  'GET /api/v1/patrol-plans': {
    action: 'patrol.read',
    ok: 200,
    inScope: () => get('/api/v1/patrol-plans'),
  },
  'POST /api/v1/patrol-plans': {
    action: 'patrol.plan',
    ok: 201,
    inScope: async (fx) => send('POST', '/api/v1/patrol-plans', await patrolBody(fx, HOME_ORG)),
    outOfScope: async (fx) =>
      send('POST', '/api/v1/patrol-plans', await patrolBody(fx, SIBLING_ORG)),
  },
  'GET /api/v1/patrol-plans/{id}': {
    action: 'patrol.read',
    ok: 200,
    inScope: async (fx) => get(`/api/v1/patrol-plans/${await fx.patrols.plan(HOME_ORG)}`),
    outOfScope: async (fx) => get(`/api/v1/patrol-plans/${await fx.patrols.plan(SIBLING_ORG)}`),
  },
  'POST /api/v1/patrol-plans/{id}/drop-stop': {
    action: 'patrol.plan',
    ok: 200,
    inScope: async (fx) =>
      send('POST', `/api/v1/patrol-plans/${await fx.patrols.plan(HOME_ORG)}/drop-stop`, {
        unitId: fx.patrols.unitOf(HOME_ORG),
        startMin: 0,
      }),
    outOfScope: async (fx) =>
      send('POST', `/api/v1/patrol-plans/${await fx.patrols.plan(SIBLING_ORG)}/drop-stop`, {
        unitId: fx.patrols.unitOf(SIBLING_ORG),
        startMin: 0,
      }),
  },
  'POST /api/v1/patrol-plans/{id}/assign': {
    action: 'patrol.plan',
    ok: 200,
    inScope: async (fx) =>
      send('POST', `/api/v1/patrol-plans/${await fx.patrols.plan(HOME_ORG)}/assign`),
    outOfScope: async (fx) =>
      send('POST', `/api/v1/patrol-plans/${await fx.patrols.plan(SIBLING_ORG)}/assign`),
  },
  'POST /api/v1/patrol-plans/{id}/close': {
    action: 'patrol.plan',
    ok: 200,
    inScope: async (fx) =>
      send('POST', `/api/v1/patrol-plans/${await fx.patrols.plan(HOME_ORG)}/close`),
    outOfScope: async (fx) =>
      send('POST', `/api/v1/patrol-plans/${await fx.patrols.plan(SIBLING_ORG)}/close`),
  },
  'GET /api/v1/patrol-plans/{id}/compliance': {
    action: 'patrol.read',
    ok: 200,
    inScope: async (fx) =>
      get(`/api/v1/patrol-plans/${await fx.patrols.plan(HOME_ORG)}/compliance`),
    outOfScope: async (fx) =>
      get(`/api/v1/patrol-plans/${await fx.patrols.plan(SIBLING_ORG)}/compliance`),
  },
  'GET /api/v1/patrol-plans/{id}/compliance.csv': {
    action: 'patrol.read',
    ok: 200,
    inScope: async (fx) =>
      get(`/api/v1/patrol-plans/${await fx.patrols.plan(HOME_ORG)}/compliance.csv`),
    outOfScope: async (fx) =>
      get(`/api/v1/patrol-plans/${await fx.patrols.plan(SIBLING_ORG)}/compliance.csv`),
  },
  'GET /api/v1/patrol-plans/{id}/compliance.xlsx': {
    action: 'patrol.read',
    ok: 200,
    inScope: async (fx) =>
      get(`/api/v1/patrol-plans/${await fx.patrols.plan(HOME_ORG)}/compliance.xlsx`),
    outOfScope: async (fx) =>
      get(`/api/v1/patrol-plans/${await fx.patrols.plan(SIBLING_ORG)}/compliance.xlsx`),
  },
  'GET /api/v1/units/{id}/patrol': {
    action: 'dispatch.transition',
    ok: 200,
    inScope: () => get(`/api/v1/units/${OWN_UNIT}/patrol`),
    outOfScope: () => get(`/api/v1/units/${SIBLING_UNIT}/patrol`),
    otherUnit: () => get(`/api/v1/units/${OTHER_UNIT}/patrol`),
  },

  // series-routes.ts
  'GET /api/v1/incidents/{id}/series': {
    action: 'series.read',
    ok: 200,
    inScope: async (fx) => get(`/api/v1/incidents/${await fx.targets.incident(HOME_ORG)}/series`),
    outOfScope: async (fx) =>
      get(`/api/v1/incidents/${await fx.targets.incident(SIBLING_ORG)}/series`),
  },
  'GET /api/v1/series': {
    action: 'series.read',
    ok: 200,
    inScope: () => get('/api/v1/series'),
  },
  'POST /api/v1/series': {
    action: 'series.link',
    ok: 201,
    inScope: async (fx) =>
      send('POST', '/api/v1/series', {
        incidentId: await fx.targets.incident(HOME_ORG),
        title: 'matrix',
      }),
    outOfScope: async (fx) =>
      send('POST', '/api/v1/series', {
        incidentId: await fx.targets.incident(SIBLING_ORG),
        title: 'matrix',
      }),
  },
  'GET /api/v1/series/{id}': {
    action: 'series.read',
    ok: 200,
    inScope: async (fx) => get(`/api/v1/series/${await seriesAt(fx, HOME_ORG)}`),
    outOfScope: async (fx) => get(`/api/v1/series/${await seriesAt(fx, SIBLING_ORG)}`),
  },
  'POST /api/v1/series/{id}/links': {
    action: 'series.link',
    ok: 200,
    inScope: async (fx) =>
      send('POST', `/api/v1/series/${await seriesAt(fx, HOME_ORG)}/links`, {
        incidentId: await fx.targets.incident(HOME_ORG),
      }),
    outOfScope: async (fx) =>
      send('POST', `/api/v1/series/${await seriesAt(fx, SIBLING_ORG)}/links`, {
        incidentId: await fx.targets.incident(SIBLING_ORG),
      }),
  },
  'POST /api/v1/series/{id}/rejections': {
    action: 'series.link',
    ok: 200,
    inScope: async (fx) =>
      send('POST', `/api/v1/series/${await seriesAt(fx, HOME_ORG)}/rejections`, {
        incidentId: await fx.targets.incident(HOME_ORG),
      }),
    outOfScope: async (fx) =>
      send('POST', `/api/v1/series/${await seriesAt(fx, SIBLING_ORG)}/rejections`, {
        incidentId: await fx.targets.incident(SIBLING_ORG),
      }),
  },
  'DELETE /api/v1/series/{id}/links/{incidentId}': {
    action: 'series.link',
    ok: 200,
    inScope: async (fx) => {
      const [id, incidentId] = await seriesWithLink(fx, HOME_ORG);
      return send('DELETE', `/api/v1/series/${id}/links/${incidentId}`);
    },
    outOfScope: async (fx) => {
      const [id, incidentId] = await seriesWithLink(fx, SIBLING_ORG);
      return send('DELETE', `/api/v1/series/${id}/links/${incidentId}`);
    },
  },

  // missing-person-routes.ts
  'POST /api/v1/missing-persons': {
    action: 'incident.create',
    ok: 201,
    inScope: (fx) => send('POST', '/api/v1/missing-persons', missingBody(fx, HOME_ORG)),
    outOfScope: (fx) => send('POST', '/api/v1/missing-persons', missingBody(fx, SIBLING_ORG)),
  },
  'GET /api/v1/missing-persons': {
    action: 'incident.read',
    ok: 200,
    inScope: () => get('/api/v1/missing-persons'),
  },
  'GET /api/v1/missing-persons/{id}': {
    action: 'incident.read',
    ok: 200,
    inScope: async (fx) => get(`/api/v1/missing-persons/${await fx.alerts.missingCase(HOME_ORG)}`),
    outOfScope: async (fx) =>
      get(`/api/v1/missing-persons/${await fx.alerts.missingCase(SIBLING_ORG)}`),
  },
  'GET /api/v1/missing-persons/{id}/broadcast-preview': {
    action: 'mobilise',
    ok: 200,
    inScope: async (fx) =>
      get(`/api/v1/missing-persons/${await fx.alerts.missingCase(HOME_ORG)}/broadcast-preview`),
    outOfScope: async (fx) =>
      get(`/api/v1/missing-persons/${await fx.alerts.missingCase(SIBLING_ORG)}/broadcast-preview`),
  },
  'POST /api/v1/missing-persons/{id}/broadcast': {
    action: 'mobilise',
    ok: 200,
    inScope: async (fx) =>
      send('POST', `/api/v1/missing-persons/${await fx.alerts.missingCase(HOME_ORG)}/broadcast`),
    outOfScope: async (fx) =>
      send('POST', `/api/v1/missing-persons/${await fx.alerts.missingCase(SIBLING_ORG)}/broadcast`),
  },
  'POST /api/v1/missing-persons/{id}/sightings': {
    action: 'incident.create',
    ok: 200,
    inScope: async (fx) =>
      send('POST', `/api/v1/missing-persons/${await fx.alerts.missingCase(HOME_ORG)}/sightings`, {
        location: fx.targets.scene,
      }),
    outOfScope: async (fx) =>
      send(
        'POST',
        `/api/v1/missing-persons/${await fx.alerts.missingCase(SIBLING_ORG)}/sightings`,
        {
          location: fx.targets.scene,
        },
      ),
  },
  'POST /api/v1/missing-persons/{id}/found': {
    action: 'incident.update',
    ok: 200,
    inScope: async (fx) =>
      send('POST', `/api/v1/missing-persons/${await fx.alerts.missingCase(HOME_ORG)}/found`, {
        location: fx.targets.scene,
      }),
    outOfScope: async (fx) =>
      send('POST', `/api/v1/missing-persons/${await fx.alerts.missingCase(SIBLING_ORG)}/found`, {
        location: fx.targets.scene,
      }),
  },
  'GET /api/v1/area-rules': {
    action: 'alert.read',
    ok: 200,
    inScope: () => get('/api/v1/area-rules'),
  },
  'POST /api/v1/area-rules': {
    action: 'alert.manage',
    ok: 201,
    inScope: (fx) => send('POST', '/api/v1/area-rules', fx.alerts.ruleBody(HOME_ORG)),
    outOfScope: (fx) => send('POST', '/api/v1/area-rules', fx.alerts.ruleBody(SIBLING_ORG)),
  },
  'PUT /api/v1/area-rules/{id}': {
    action: 'alert.manage',
    ok: 200,
    inScope: async (fx) =>
      send('PUT', `/api/v1/area-rules/${await fx.alerts.rule(HOME_ORG)}`, fx.alerts.ruleBody()),
    outOfScope: async (fx) =>
      send('PUT', `/api/v1/area-rules/${await fx.alerts.rule(SIBLING_ORG)}`, fx.alerts.ruleBody()),
  },
  'POST /api/v1/area-rules/{id}/retire': {
    action: 'alert.manage',
    ok: 200,
    inScope: async (fx) =>
      send('POST', `/api/v1/area-rules/${await fx.alerts.rule(HOME_ORG)}/retire`),
    outOfScope: async (fx) =>
      send('POST', `/api/v1/area-rules/${await fx.alerts.rule(SIBLING_ORG)}/retire`),
  },
  'GET /api/v1/partners': {
    action: 'user.manage',
    ok: 200,
    inScope: () => get('/api/v1/partners'),
  },
  'POST /api/v1/partners': {
    action: 'user.manage',
    ok: 201,
    inScope: (fx) =>
      send('POST', '/api/v1/partners', {
        id: fx.unique('partner'),
        orgId: HOME_ORG,
        name: 'matrix',
        kind: 'camera',
        zones: [],
      }),
    outOfScope: (fx) =>
      send('POST', '/api/v1/partners', {
        id: fx.unique('partner'),
        orgId: SIBLING_ORG,
        name: 'matrix',
        kind: 'camera',
        zones: [],
      }),
  },
  'POST /api/v1/partners/{id}/keys': {
    action: 'user.manage',
    ok: 201,
    inScope: async (fx) =>
      send('POST', `/api/v1/partners/${(await fx.alerts.partner(HOME_ORG)).id}/keys`, {
        overlapSeconds: 3600,
      }),
    outOfScope: async (fx) =>
      send('POST', `/api/v1/partners/${(await fx.alerts.partner(SIBLING_ORG)).id}/keys`, {
        overlapSeconds: 3600,
      }),
  },

  // basemap-routes.ts
  'GET /api/v1/tiles/{z}/{x}/{y}.pbf': {
    action: 'authenticated',
    ok: 200,
    inScope: () => get(`/api/v1/tiles/${tileOf(118.78, 32.04, 14).join('/')}.pbf`),
  },
  'GET /api/v1/basemap/style.json': {
    action: 'authenticated',
    ok: 200,
    inScope: () => get('/api/v1/basemap/style.json'),
  },

  // position-routes.ts — last: it gives the seeded cars positions, which recommendations use.
  'POST /api/v1/positions': {
    action: 'position.report',
    ok: 200,
    inScope: (fx) => positionOf(fx, OWN_UNIT),
    otherUnit: (fx) => positionOf(fx, OTHER_UNIT),
    outOfScope: (fx) => positionOf(fx, SIBLING_UNIT),
    outcomeOf: (response) => {
      if (response.statusCode !== 200)
        return { status: response.statusCode, code: response.json().error?.code };
      const { accepted, rejected } = response.json() as {
        accepted: number;
        rejected: { code: string }[];
      };
      if (accepted === 1 && rejected.length === 0) return { status: 200 };
      const code = rejected[0]?.code;
      const refused = code === 'ERR_FORBIDDEN' || code === 'ERR_OUT_OF_SCOPE';
      return { status: refused ? 403 : 400, code };
    },
  },

  // case-routes.ts
  'GET /api/v1/case-catalogue': {
    action: 'authenticated',
    ok: 200,
    inScope: () => get('/api/v1/case-catalogue'),
  },
  'GET /api/v1/case-settings/{id}': {
    action: 'case.read',
    ok: 200,
    inScope: () => get(`/api/v1/case-settings/${HOME_ORG}`),
    outOfScope: () => get(`/api/v1/case-settings/${SIBLING_ORG}`),
  },
  'PUT /api/v1/case-settings/{id}': {
    action: 'org.manage',
    ok: 200,
    inScope: () => send('PUT', `/api/v1/case-settings/${HOME_ORG}`, emptySettings),
    outOfScope: () => send('PUT', `/api/v1/case-settings/${SIBLING_ORG}`, emptySettings),
  },
  'GET /api/v1/cases/routing': {
    action: 'case.read',
    ok: 200,
    inScope: () => get(`/api/v1/cases/routing?categoryCode=noise&orgId=${HOME_ORG}`),
    outOfScope: () => get(`/api/v1/cases/routing?categoryCode=noise&orgId=${SIBLING_ORG}`),
  },
  // A list filtered to what the caller may see: every role may ask.
  'GET /api/v1/cases': { action: 'authenticated', ok: 200, inScope: () => get('/api/v1/cases') },
  'GET /api/v1/cases/{id}': {
    action: 'case.read',
    ok: 200,
    inScope: async (fx) => get(`/api/v1/cases/${await fx.cases.case(HOME_ORG, 'analyse')}`),
    outOfScope: async (fx) => get(`/api/v1/cases/${await fx.cases.case(SIBLING_ORG, 'analyse')}`),
  },
  'GET /api/v1/cases/{id}/contacts': {
    action: 'case.read_contact',
    ok: 200,
    inScope: async (fx) =>
      get(`/api/v1/cases/${await fx.cases.case(HOME_ORG, 'analyse', 'mediation')}/contacts`),
    outOfScope: async (fx) =>
      get(`/api/v1/cases/${await fx.cases.case(SIBLING_ORG, 'analyse', 'mediation')}/contacts`),
  },
  'POST /api/v1/cases': {
    action: 'case.create',
    ok: 201,
    inScope: () => send('POST', '/api/v1/cases', caseBody(HOME_ORG)),
    outOfScope: () => send('POST', '/api/v1/cases', caseBody(SIBLING_ORG)),
  },
  'POST /api/v1/incidents/{id}/work-order': {
    action: 'incident.update',
    ok: 201,
    inScope: async (fx) => handOver(fx, HOME_ORG),
    outOfScope: async (fx) => handOver(fx, SIBLING_ORG),
  },
  'GET /api/v1/case-stats': statsRow('/api/v1/case-stats'),
  'GET /api/v1/case-stats/export.csv': statsRow('/api/v1/case-stats/export.csv'),
  'GET /api/v1/case-stats/export.xlsx': statsRow('/api/v1/case-stats/export.xlsx'),
  'POST /api/v1/cases/{id}/incident': caseStep(
    'case.update',
    'incident',
    'analyse',
    () => ({ categoryCode: 'theft' }),
    201,
    'grid_report',
  ),
  'POST /api/v1/cases/{id}/convert': caseStep(
    'case.update',
    'convert',
    'analyse',
    async (fx, orgId) => ({
      kind: 'work_order',
      categoryCode: 'noise',
      departmentId: await fx.cases.department(orgId),
    }),
    201,
    'grid_report',
  ),
  'POST /api/v1/cases/{id}/route': caseStep(
    'case.update',
    'route',
    'analyse',
    async (fx, orgId) => ({ departmentId: await fx.cases.department(orgId), reason: 'matrix' }),
  ),
  'POST /api/v1/cases/{id}/accept': caseStep('workorder.handle', 'accept', 'assign', () => ({})),
  'POST /api/v1/cases/{id}/return': caseStep('workorder.handle', 'return', 'assign', () => ({
    reason: 'not ours',
  })),
  'POST /api/v1/cases/{id}/notes': caseStep('workorder.handle', 'notes', 'handle', () => ({
    text: 'note',
  })),
  'POST /api/v1/cases/{id}/resolve': caseStep('workorder.handle', 'resolve', 'handle', () => ({
    result: 'done',
  })),
  'POST /api/v1/cases/{id}/reinspect': caseStep(
    'workorder.handle',
    'reinspect',
    'handle',
    () => ({ passed: true, note: 'ok', photoIds: ['p1'] }),
    200,
    'hazard',
  ),
  'POST /api/v1/cases/{id}/close': caseStep('case.update', 'close', 'supervise', () => ({})),
  'POST /api/v1/cases/{id}/send-back': caseStep('case.update', 'send-back', 'supervise', () => ({
    reason: 'redo',
  })),
  'POST /api/v1/cases/{id}/satisfaction': caseStep(
    'case.update',
    'satisfaction',
    'supervise',
    () => ({ rating: 'satisfied' }),
  ),
  'POST /api/v1/cases/{id}/reopen': caseStep('case.update', 'reopen', 'close', () => ({
    reason: 'unsatisfied',
  })),
  'POST /api/v1/cases/{id}/sessions': caseStep(
    'case.update',
    'sessions',
    'analyse',
    () => ({
      at: '2030-01-01T02:00:00Z',
      mode: 'remote',
      meetingUrl: 'https://meet.example.org/x',
      mediators: [{ name: 'M', role: 'people_mediator' }],
    }),
    200,
    'mediation',
  ),
  'POST /api/v1/cases/{id}/agreement': caseStep(
    'case.update',
    'agreement',
    'analyse',
    () => ({ text: 'agreed' }),
    200,
    'mediation',
  ),
  'POST /api/v1/cases/{id}/follow-ups': caseStep(
    'case.update',
    'follow-ups',
    'analyse',
    () => ({ text: 'visited' }),
    200,
    'mediation',
  ),
  'POST /api/v1/cases/{id}/risk': caseStep(
    'case.update',
    'risk',
    'analyse',
    () => ({ riskLevel: 'high' }),
    200,
    'mediation',
  ),
  'POST /api/v1/cases/{id}/violent': caseStep(
    'case.update',
    'violent',
    'analyse',
    () => ({ description: 'fighting' }),
    201,
    'mediation',
  ),
};

const emptySettings = { deadlines: {}, rules: [], departments: [] };

function statsRow(path: string): RouteExpectation {
  const at = (orgId: string) => () =>
    get(`${path}?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&orgId=${orgId}`);
  return { action: 'stats.read', ok: 200, inScope: at(HOME_ORG), outOfScope: at(SIBLING_ORG) };
}

function caseBody(orgId: string) {
  return { kind: 'grid_report', orgId, categoryCode: 'grid_other', title: 't', description: 'd' };
}

/** A fresh non-police incident at `orgId`, handed to the department under the same org. */
async function handOver(fx: Fixtures, orgId: string): Promise<MatrixRequest> {
  const incidentId = await fx.targets.incident(orgId, { categoryCode: 'noise' });
  return send('POST', `/api/v1/incidents/${incidentId}/work-order`, {
    categoryCode: 'noise',
    departmentId: await fx.cases.department(orgId),
  });
}

/** A row for one step on a fresh case at `stage`, owned in scope / by the sibling station. */
function caseStep(
  action: Action,
  path: string,
  stage: CaseStage,
  body: (fx: Fixtures, orgId: string) => unknown,
  ok = 200,
  kind: MatrixCaseKind = 'work_order',
): RouteExpectation {
  const build = (orgId: string) => async (fx: Fixtures) =>
    send(
      'POST',
      `/api/v1/cases/${await fx.cases.case(orgId, stage, kind)}/${path}`,
      await body(fx, orgId),
    );
  return { action, ok, inScope: build(HOME_ORG), outOfScope: build(SIBLING_ORG) };
}

/** The WebSocket: not a JSON route, checked on its own (the OpenAPI document may list it). */
const LIVE_ROUTE = 'GET /api/v1/live';

/** Only a unit kind no seeded unit has, so area mobilisations leave the seeded units alone. */
const AREA_BODY = { seconds: 900, kinds: ['special'] };

/** The category of recommendation probes; a plan of police cars is stored for it. */
const RECOMMENDATION_PROBE_CATEGORY = 'fight';

/** A category only the duplicate probe uses, so its hint can only point at the probe's calls. */
const DUPLICATE_PROBE_CATEGORY = 'noise';

interface Mobilisation {
  dispatched: { unitId: string }[];
  skipped: { unitId: string; reason: string }[];
}

interface Recommendation {
  tiers: { requirements: { picks: { unitId: string }[]; alternatives: { unitId: string }[] }[] }[];
}

function incidentRead(suffix: string): RouteExpectation {
  return {
    action: 'incident.read',
    ok: 200,
    inScope: async (fx) => get(`/api/v1/incidents/${await fx.targets.incident(HOME_ORG)}${suffix}`),
    outOfScope: async (fx) =>
      get(`/api/v1/incidents/${await fx.targets.incident(SIBLING_ORG)}${suffix}`),
  };
}

/** A closed-loop change of a new incident (each call gets its own, still in 'analyse'). */
function incidentUpdate(verb: string, body: (fx: Fixtures) => unknown): RouteExpectation {
  return {
    action: 'incident.update',
    ok: 200,
    inScope: async (fx) =>
      send('POST', `/api/v1/incidents/${await fx.targets.incident(HOME_ORG)}/${verb}`, body(fx)),
    outOfScope: async (fx) =>
      send('POST', `/api/v1/incidents/${await fx.targets.incident(SIBLING_ORG)}/${verb}`, body(fx)),
  };
}

/**
 * A responder's button on a dispatch that stands at `from`: of the caller's own car, of the
 * station's other car, of the sibling station's car on a sibling incident.
 */
function dispatchTransition(verb: string, from: DispatchStatus, body?: unknown): RouteExpectation {
  const on = (unitId: string, orgId: string) => async (fx: Fixtures) =>
    send(
      'POST',
      `/api/v1/dispatches/${await fx.targets.dispatch(unitId, orgId, from)}/${verb}`,
      body,
    );
  return {
    action: 'dispatch.transition',
    ok: 200,
    inScope: on(OWN_UNIT, HOME_ORG),
    otherUnit: on(OTHER_UNIT, HOME_ORG),
    outOfScope: on(SIBLING_UNIT, SIBLING_ORG),
  };
}

/** A notified dispatch of `unitId` (see MatrixTargets.dispatch) whose unit has a fresh fix. */
async function placedDispatch(fx: Fixtures, unitId: string, orgId: string): Promise<string> {
  const id = await fx.targets.dispatch(unitId, orgId, 'notified');
  const unit = fx.server.ctx.world.units.get(unitId)!.value;
  fx.server.positions.report(unit, { ...fx.targets.startOf(unitId), at: Date.now(), accuracyM: 5 });
  return id;
}

function policeCarBody(fx: Fixtures, orgId: string) {
  return { id: fx.unique('car'), name: fx.unique('巡'), kind: 'police', mode: 'car', orgId };
}

function siteBody(fx: Fixtures, orgId: string) {
  return fx.targets.siteBody(orgId);
}

function incidentBody(fx: Fixtures, orgId: string) {
  return {
    source: 'officer',
    categoryCode: DUPLICATE_PROBE_CATEGORY,
    location: fx.targets.scene,
    description: 'matrix: reported on patrol',
    orgId,
  };
}

/** One fresh fix of a unit at its start position. */
function positionOf(fx: Fixtures, unitId: string): MatrixRequest {
  const at = Date.now() - 1000;
  return send('POST', '/api/v1/positions', [
    { unitId, ...fx.targets.startOf(unitId), at, accuracyM: 10 },
  ]);
}

function orgOf(fx: Fixtures, unitId: string): string | undefined {
  return fx.server.ctx.world.units.get(unitId)?.value.orgId;
}

/** `what` units out of the caller's scope, as one problem naming them with their orgs. */
function unitsOutOfScope(fx: Fixtures, what: string, unitIds: readonly string[]): string[] {
  const tree = fx.server.ctx.world.orgTree;
  const outside = [...new Set(unitIds)].filter((u) => {
    const orgId = orgOf(fx, u);
    return orgId === undefined || !tree.isWithin(orgId, HOME_ORG);
  });
  if (outside.length === 0) return [];
  return [`${what} units out of scope: ${outside.map((u) => `${u} (${orgOf(fx, u)})`).join(', ')}`];
}

/** The in-scope unit was sent; the sibling station's was not (nor anything else out of scope). */
function sentOnlyInScope(answer: Mobilisation, home: string, sibling: string): string[] {
  const sent = answer.dispatched.map((d) => d.unitId);
  return [
    ...(sent.includes(home) ? [] : [`${home} (${HOME_ORG}) was not sent`]),
    ...(sent.includes(sibling) ? [`${sibling} (${SIBLING_ORG}) was sent, out of scope`] : []),
  ];
}

function duplicateHintInScope(fx: Fixtures, answer: { probableDuplicateOf?: string }): string[] {
  const id = answer.probableDuplicateOf;
  if (id === undefined) return [];
  const orgId = fx.server.ctx.world.incidents.get(id)?.value.orgId;
  return orgId !== undefined && fx.server.ctx.world.orgTree.isWithin(orgId, HOME_ORG)
    ? []
    : [`probableDuplicateOf names incident ${id} of ${orgId}, out of scope`];
}

/** The z/x/y of the tile holding a point (Web Mercator, as MapLibre numbers tiles). */
function tileOf(lon: number, lat: number, z: number): [number, number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return [z, x, y];
}

/** Off duty when available, available otherwise: every allowed call is a legal transition. */
function toggledStatus(fx: Fixtures, unitId: string) {
  const status = fx.server.ctx.world.units.get(unitId)?.value.status;
  return { to: status === 'available' ? 'off_duty' : 'available', reason: 'matrix' };
}

/** Routes anyone may call without logging in. */
/**
 * Open311 GeoReport v2: authenticated by an integration token's api_key (never a session
 * cookie, which these rows ride on) and answering in GeoReport's error format; every role's
 * token is checked against open311.request in src/routes/open311-routes.test.ts.
 */
const API_KEY_ROUTES = new Set([
  'GET /open311/v2/services.json',
  'GET /open311/v2/services/{code}.json',
  'POST /open311/v2/requests.json',
  'GET /open311/v2/requests.json',
  'GET /open311/v2/requests/{id}.json',
]);
const PUBLIC_ROUTES = new Set([
  'POST /api/v1/auth/login',
  // What the login page needs before anyone signs in: the city's time zone, and the demo logins
  // on a demo-seeded server only (console-config-routes.test.ts checks a production one lists none).
  'GET /api/v1/console-config',
  // Authenticated by the partner's HMAC signature, not a session (partner-routes.test.ts).
  'POST /api/v1/partners/{id}/events',
  // Signed by a registered CAD partner's key the same way (eido-import-routes.test.ts).
  'POST /api/v1/eido',
]);

function assistBody(fromOrgId: string, askedOrgId: string) {
  return {
    fromOrgId,
    kind: 'lookup',
    text: 'matrix',
    target: { type: 'org', orgId: askedOrgId },
    deadlineSeconds: 600,
  };
}

/** An assist request from one org to another, made by the city admin; returns its id. */
async function assistAt(fx: Fixtures, fromOrgId: string, askedOrgId: string): Promise<string> {
  const response = await fx.server.app.inject({
    method: 'POST',
    url: '/api/v1/assist-requests',
    headers: { cookie: fx.admin },
    payload: assistBody(fromOrgId, askedOrgId),
  });
  if (response.statusCode !== 201) throw new Error(`fixture assist request: ${response.body}`);
  return response.json().id as string;
}

function missingBody(fx: Fixtures, orgId: string) {
  return {
    id: fx.unique('missing'),
    orgId,
    description: 'matrix',
    lastSeen: { location: fx.targets.scene, at: new Date(Date.now() - 600_000).toISOString() },
    walkingSpeedMps: 1.2,
  };
}

async function patrolBody(fx: Fixtures, orgId: string) {
  return {
    forecastId: await fx.patrols.forecast(orgId),
    shiftStart: new Date(fx.server.ctx.clock.now()).toISOString(),
    shiftMinutes: 60,
    unitIds: [fx.patrols.unitOf(orgId)],
  };
}

/** A new analyst account of `orgId`, made (and disabled) by the admin, for rows that change it. */
async function freshAccount(fx: Fixtures, orgId: string, disabled = false): Promise<string> {
  const response = await fx.server.app.inject({
    method: 'POST',
    url: '/api/v1/accounts',
    headers: { cookie: fx.admin },
    payload: accountBody(fx, orgId),
  });
  if (response.statusCode !== 201) throw new Error(`fresh account: ${response.body}`);
  const id = response.json().id as string;
  if (disabled) {
    const disable = await fx.server.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${id}/disable`,
      headers: { cookie: fx.admin },
      payload: { reason: 'matrix' },
    });
    if (disable.statusCode !== 200) throw new Error(`disable: ${disable.body}`);
  }
  return id;
}

/** A device token of a fresh account of `orgId` (for the revoke row). */
async function freshToken(fx: Fixtures, orgId: string): Promise<string> {
  const response = await fx.server.app.inject({
    method: 'POST',
    url: '/api/v1/tokens',
    headers: { cookie: fx.admin },
    payload: { accountId: await freshAccount(fx, orgId), name: 'matrix', days: 1 },
  });
  if (response.statusCode !== 201) throw new Error(`fresh token: ${response.body}`);
  return response.json().id as string;
}

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

/**
 * The permissions the server looked up in core's table while it answered the matrix's calls:
 * each role's grants are read through a proxy that notes the action while a call is in flight.
 * A permission that no route ever looks up is dead (or a check is missing): the matrix fails.
 */
const lookedUp = new Set<string>();
let callInFlight = false;
for (const role of ROLES) {
  const grants = PERMISSIONS[role];
  Object.defineProperty(PERMISSIONS, role, {
    value: new Proxy(grants, {
      get(target, key, receiver) {
        if (callInFlight && typeof key === 'string') lookedUp.add(key);
        return Reflect.get(target, key, receiver);
      },
    }),
  });
}

/**
 * Permissions the matrix's calls do not reach, each with the check and the test that cover it.
 * Every other permission of the table must be looked up while the matrix runs.
 */
const CHECKED_OUTSIDE: Partial<Record<Action, string>> = {
  // One key per route: the stage row moves fresh incidents (incident.update). Leaving supervise
  // is the one move that needs incident.supervise (core stageMoveAction); a dispatcher's 403 and a
  // supervisor's 200 on it are asserted in incident-routes.test.ts, "lets only a supervisor sign
  // off the supervise stage (incident.supervise)".
  'incident.supervise':
    "leaving the supervise stage (core's stageMoveAction, incident-routes' stage route): incident-routes.test.ts 'lets only a supervisor sign off the supervise stage'",
  // The matrix's case targets belong to no department, so CaseRecords.canRead stops at case.read.
  'workorder.read':
    "a department reading a case assigned to it (CaseRecords.canRead, looked up only when case.read does not grant): case-routes.test.ts 'hands a non-police call to the department the rules name' (another department gets 403)",
  // These routes take an api_key, never the session cookie every matrix row rides on.
  'open311.request':
    "Open311 routes authenticate an integration api_key (API_KEY_ROUTES, left out of the matrix): open311-routes.test.ts 'lets only roles with open311.request call it'",
};

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
    const unique = (prefix: string) => `${prefix}-m${++counter}`;
    fx = {
      server,
      admin,
      unique,
      accountIds,
      siblingAccountId: await createAccount('matrix-sibling', SIBLING_ORG, 'analyst'),
      targets: new MatrixTargets(server, admin, unique),
      cases: new CaseTargets(server, admin, unique, () => fx.targets.scene),
      alerts: new AlertMatrixTargets(server, admin, unique, () => fx.targets.scene),
      patrols: new PatrolMatrixTargets(server, unique, () => fx.targets.scene),
    };
    // Recommendation probes ask for police cars, so a sibling car on the scene is a candidate
    // whatever plans the plan rows leave behind (an exact category beats their '*').
    const plan = await server.app.inject({
      method: 'POST',
      url: '/api/v1/plans',
      headers: { cookie: admin },
      payload: {
        orgId: 'city',
        ...samplePlan('matrix recommendation probe'),
        categoryCode: RECOMMENDATION_PROBE_CATEGORY,
        tiers: [{ tier: 2, units: [{ kinds: ['police'], count: 2 }] }],
      },
    });
    if (plan.statusCode !== 201) throw new Error(`fixture plan: ${plan.body}`);
    // The test server starts without a basemap; load the demo city's as `jiefang serve` would.
    server.ctx.services.basemap = new TileService(await extractBasemap(DEMO_OSM));
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
    const missing = routes.filter(
      (r) => !PUBLIC_ROUTES.has(r) && !API_KEY_ROUTES.has(r) && r !== LIVE_ROUTE && !MATRIX[r],
    );
    expect(missing.map((r) => `route ${r} has no authorization expectation`)).toEqual([]);
    const stale = Object.keys(MATRIX).filter((r) => !routes.includes(r));
    expect(stale.map((r) => `matrix row ${r} names no route`)).toEqual([]);
  });

  it('answers 401 without credentials on every route but the public ones', async () => {
    const failures: string[] = [];
    for (const route of await operations()) {
      if (PUBLIC_ROUTES.has(route) || API_KEY_ROUTES.has(route)) continue;
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

  it('refuses an anonymous upgrade of the live WebSocket and upgrades every logged-in role', async () => {
    const [, path] = LIVE_ROUTE.split(' ');
    const plain = await server.app.inject({ url: path });
    expect([plain.statusCode, plain.json().error?.code]).toEqual([401, 'ERR_UNAUTHENTICATED']);
    await expect(server.app.injectWS(path)).rejects.toThrow('Unexpected server response: 401');
    const opened: string[] = [];
    for (const role of ROLES) {
      const socket = await server.app.injectWS(path, { headers: { cookie: sessions.get(role)! } });
      opened.push(role);
      socket.terminate();
    }
    expect(opened).toEqual([...ROLES]);
  });

  const cases = Object.keys(MATRIX).flatMap((route) => ROLES.map((role) => [route, role] as const));
  /** Rows × roles whose calls were all made (whatever they answered). */
  const matrixCallsRun = new Set<string>();

  it.each(cases)('%s as %s', async (route, role) => {
    const row = MATRIX[route];
    const failures: string[] = [];
    for (const scope of ['inScope', 'outOfScope', 'otherUnit'] as const) {
      const build = row[scope];
      if (!build) continue;
      const { freshSession, checkAnswer, ...request } = await build(fx);
      const cookie = freshSession
        ? await login(`matrix-${role}`, MATRIX_PASSWORD)
        : sessions.get(role)!;
      callInFlight = true;
      const response = await server.app
        .inject({ ...request, headers: { ...request.headers, cookie } })
        .finally(() => (callInFlight = false));
      const expected = expectedStatus(row, role, scope);
      const isJson = /json/.test(String(response.headers['content-type']));
      const outcome = row.outcomeOf
        ? row.outcomeOf(response)
        : {
            status: response.statusCode,
            code: isJson ? response.json()?.error?.code : undefined,
          };
      if (outcome.status !== expected) {
        failures.push(
          `${scope}: expected ${expected}, got ${outcome.status} ${response.body.slice(0, 200)}`,
        );
        continue;
      }
      if (expected === 403) {
        const wanted = PERMISSIONS[role][row.action as Action]
          ? 'ERR_OUT_OF_SCOPE'
          : 'ERR_FORBIDDEN';
        if (outcome.code !== wanted)
          failures.push(`${scope}: expected ${wanted}, got ${outcome.code}`);
      }
      if (response.statusCode < 300 && isJson) {
        const answer = response.json();
        const tree = server.ctx.world.orgTree;
        const leaked = orgIdsIn(answer).filter((orgId) => !tree.isWithin(orgId, HOME_ORG));
        if (leaked.length)
          failures.push(`${scope}: answer shows orgs out of scope: ${leaked.join(', ')}`);
        if (expected === row.ok && checkAnswer) {
          for (const problem of checkAnswer(answer as never)) failures.push(`${scope}: ${problem}`);
        }
      }
    }
    matrixCallsRun.add(`${route} ${role}`);
    expect(failures).toEqual([]);
  });

  it('looks up every permission of the table on some route', (test) => {
    // Only meaningful after the whole matrix ran (a -t filter runs part of it).
    if (matrixCallsRun.size < cases.length) test.skip();
    const unused = ACTIONS.filter(
      (action) => !lookedUp.has(action) && !(action in CHECKED_OUTSIDE),
    );
    expect(unused.map((a) => `permission ${a} is checked by no route`)).toEqual([]);
    // An exception that the matrix now reaches is no longer one: take it off the list.
    const reached = Object.keys(CHECKED_OUTSIDE).filter((action) => lookedUp.has(action));
    expect(reached.map((a) => `${a} is looked up by the matrix now`)).toEqual([]);
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
