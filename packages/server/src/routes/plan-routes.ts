import {
  DEFAULT_ACCEPT_TIMEOUT_SECONDS,
  DEFAULT_RESPONSE_PLANS,
  notFound,
  TIER_TARGET_SECONDS,
  type Priority,
  type ResponsePlan,
  type StoredResponsePlan,
  type Tier,
  type TierPlan,
  type TravelProfile,
  type UnitKind,
  type UnitRequirement,
} from '@jiefang/core';
import type { TypedApp } from '../http/typed-app.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { caller } from '../auth/authenticate.ts';
import { auditAdminChange } from '../auth/audit-admin-change.ts';
import { guard, scopeOf } from '../auth/guard.ts';
import { planPart } from '../commands/aggregate-parts.ts';
import type { ServerContext } from '../context.ts';
import {
  errorResponses,
  Id,
  IdempotencyHeaders,
  IdParams,
  IfMatchHeaders,
  planBodyFields,
  PlanViewSchema,
  ReplacePlanBody,
  type PlanBody,
} from '@jiefang/contract';
import { expectedVersion } from '../http/expected-version.ts';
import { AggregateType } from '../world/aggregate-types.ts';
import { idempotencyOf } from '../http/idempotency.ts';

function toPlan(id: string, body: PlanBody): ResponsePlan {
  return {
    id,
    name: body.name,
    categoryCode: body.categoryCode,
    priorities: body.priorities as Priority[],
    preemptLowerPriority: body.preemptLowerPriority,
    ...(body.loop === undefined ? {} : { loop: body.loop }),
    tiers: body.tiers.map((t): TierPlan => ({
      tier: t.tier as Tier,
      targetSeconds: t.targetSeconds ?? TIER_TARGET_SECONDS[t.tier as Tier],
      acceptTimeoutSeconds:
        t.acceptTimeoutSeconds ?? DEFAULT_ACCEPT_TIMEOUT_SECONDS[t.tier as Tier],
      // Kinds and profiles are plain strings on the wire so that core, not the schema, names the
      // failing field (tiers[1].units[0].kinds); validateResponsePlan checks them next.
      units: t.units.map((u): UnitRequirement => ({
        kinds: u.kinds as UnitKind[],
        count: u.count,
        ...(u.profile === undefined ? {} : { profile: u.profile as TravelProfile }),
      })),
    })),
  };
}

function planView(
  plan: StoredResponsePlan,
  orgId: string | null,
  version: number,
  builtIn = false,
) {
  return { ...plan, orgId, builtIn, version };
}

/**
 * The plan and the org it belongs to, or 404. The caller's role is checked before this, so a
 * caller without plan rights learns nothing about which plans exist.
 */
async function storedPlan(ctx: ServerContext, id: string) {
  const snapshot = await ctx.store.get<StoredResponsePlan>(AggregateType.plan, id);
  if (!snapshot) throw notFound('response plan', id, 'id');
  return snapshot;
}

function auditPlan(
  ctx: ServerContext,
  request: FastifyRequest,
  action: string,
  id: string,
  orgId: string,
  detail: Record<string, unknown> = {},
) {
  return auditAdminChange(ctx, request, {
    action,
    subjectType: AggregateType.plan,
    subjectId: id,
    orgId,
    detail,
  });
}

function sendPlan(
  reply: FastifyReply,
  status: number,
  state: { data: unknown; version: number },
  orgId: string,
) {
  void reply.header('etag', `"${state.version}"`);
  return reply
    .status(status)
    .send(planView(state.data as StoredResponsePlan, orgId, state.version));
}

/** Response plans per category and priority: how many units of which kinds each tier needs. */
export function planRoutes(app: TypedApp, ctx: ServerContext): void {
  app.get(
    '/api/v1/plans',
    {
      schema: {
        tags: ['plans'],
        summary:
          'Response plans of your org subtree, then the built-in 1-3-5 plans that apply where no stored plan does',
        querystring: Type.Object(
          { includeRetired: Type.Optional(Type.Boolean({ default: false })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(PlanViewSchema), ...errorResponses },
      },
    },
    async (request) => {
      guard(ctx, request, 'plan.read', caller(request).orgId);
      const { includeRetired } = request.query;
      const snapshots = await ctx.store.list<StoredResponsePlan>({
        aggregateType: AggregateType.plan,
        orgIds: [...scopeOf(ctx, request)],
      });
      const shown = includeRetired ? snapshots : snapshots.filter((s) => !s.data.retired);
      // The built-in plans stay in force for every category and priority no stored plan covers
      // (recommendation-cache.ts falls back to them), so they stay listed after the stored ones.
      const builtIn = DEFAULT_RESPONSE_PLANS.map((plan) =>
        planView({ ...plan, retired: false }, null, 0, true),
      );
      return [...shown.map((s) => planView(s.data, s.orgId, s.version)), ...builtIn];
    },
  );

  app.post(
    '/api/v1/plans',
    {
      schema: {
        tags: ['plans'],
        summary: 'Create a response plan for an org in your scope (admin)',
        headers: IdempotencyHeaders,
        body: Type.Object(
          {
            id: Type.Optional(Id),
            orgId: Type.Optional(Id),
            ...planBodyFields,
          },
          { additionalProperties: false },
        ),
        response: { 201: PlanViewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const orgId = body.orgId ?? caller(request).orgId;
      guard(ctx, request, 'plan.manage', orgId);
      const id = body.id ?? ctx.newId();
      const result = await ctx.commands.execute(
        planPart(
          ctx,
          id,
          { type: 'create', plan: toPlan(id, body) },
          orgId,
          idempotencyOf(request),
        ),
        caller(request).id,
      );
      await auditPlan(ctx, request, 'plan.create', id, orgId);
      return sendPlan(reply, 201, result.states[0], orgId);
    },
  );

  app.put(
    '/api/v1/plans/:id',
    {
      schema: {
        tags: ['plans'],
        summary: 'Replace a response plan as a whole (admin)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: ReplacePlanBody,
        response: { 200: PlanViewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      guard(ctx, request, 'plan.manage', caller(request).orgId);
      const { orgId } = await storedPlan(ctx, id);
      guard(ctx, request, 'plan.manage', orgId);
      const result = await ctx.commands.execute(
        planPart(ctx, id, { type: 'replace', plan: toPlan(id, request.body) }, orgId, {
          expectedVersion: expectedVersion(request.headers['if-match']),
        }),
        caller(request).id,
      );
      await auditPlan(ctx, request, 'plan.replace', id, orgId);
      return sendPlan(reply, 200, result.states[0], orgId);
    },
  );

  app.post(
    '/api/v1/plans/:id/retire',
    {
      schema: {
        tags: ['plans'],
        summary: 'Retire a response plan; it stays on record for past recommendations (admin)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 500 }) },
          { additionalProperties: false },
        ),
        response: { 200: PlanViewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      guard(ctx, request, 'plan.manage', caller(request).orgId);
      const { orgId } = await storedPlan(ctx, id);
      guard(ctx, request, 'plan.manage', orgId);
      const { reason } = request.body;
      const result = await ctx.commands.execute(
        planPart(ctx, id, { type: 'retire', reason }, orgId, {
          expectedVersion: expectedVersion(request.headers['if-match']),
        }),
        caller(request).id,
      );
      await auditPlan(ctx, request, 'plan.retire', id, orgId, { reason });
      return sendPlan(reply, 200, result.states[0], orgId);
    },
  );
}
