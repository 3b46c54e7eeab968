import {
  CAP_SEVERITIES,
  DomainError,
  DomainErrorCode,
  RULE_STEP_KINDS,
  type AreaRule,
} from '@jiefang/core';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { areaRulePart } from '../alerts/alert-parts.ts';
import { caller } from '../auth/authenticate.ts';
import { guard, scopeOf } from '../auth/guard.ts';
import type { ServerContext } from '../context.ts';
import { errorResponses, Id, IdParams, LonLat } from '@jiefang/contract';
import { AggregateType } from '../world/aggregate-types.ts';

const tags = ['alerts'];
const Seconds = Type.Integer({ minimum: 0, maximum: 86400 });
const Strings = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50 });

const RuleBody = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  categoryCode: Type.String({ minLength: 1, maxLength: 60 }),
  match: Type.Object(
    {
      sources: Type.Optional(
        Type.Array(Type.Union([Type.Literal('cap'), Type.Literal('webhook')])),
      ),
      senders: Type.Optional(Strings),
      events: Type.Optional(Strings),
      categories: Type.Optional(Strings),
      zone: Type.Optional(Type.Array(LonLat, { minItems: 4, maxItems: 500 })),
      minSeverity: Type.Optional(Type.Union(CAP_SEVERITIES.map((s) => Type.Literal(s)))),
      persistence: Type.Optional(
        Type.Object(
          {
            measure: Type.String({ minLength: 1, maxLength: 60 }),
            min: Type.Number(),
            forSeconds: Seconds,
          },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
  steps: Type.Array(
    Type.Object(
      {
        kind: Type.Union(RULE_STEP_KINDS.map((k) => Type.Literal(k))),
        afterSeconds: Seconds,
        text: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
      },
      { additionalProperties: false },
    ),
    { minItems: 1, maxItems: 20 },
  ),
};

const RuleView = Type.Object(
  {
    id: Type.String(),
    orgId: Type.String(),
    name: Type.String(),
    retired: Type.Boolean(),
    version: Type.Integer(),
  },
  { additionalProperties: true },
);

/** Area rules: declarative, validated in core, every change an event. */
export function areaRuleRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const view = (rule: AreaRule) => ({
    ...rule,
    version: ctx.world.version(AggregateType.areaRule, rule.id),
  });
  const requireRule = (id: string) => {
    const rule = ctx.world.get<AreaRule>(AggregateType.areaRule, id);
    if (!rule) throw new DomainError(DomainErrorCode.NOT_FOUND, `no area rule ${id}`, 'id');
    return rule;
  };
  const checkCategory = (code: string) => {
    if (!ctx.catalogue.has(code))
      throw new DomainError(
        DomainErrorCode.VALIDATION,
        `no incident category ${code}`,
        'categoryCode',
      );
  };

  app.get(
    '/api/v1/area-rules',
    {
      schema: {
        tags,
        summary: 'Active area rules of your org subtree',
        response: { 200: Type.Array(RuleView), ...errorResponses },
      },
    },
    async (request) => {
      guard(ctx, request, 'alert.read', caller(request).orgId);
      const scope = scopeOf(ctx, request);
      return [...ctx.world.areaRules.values()]
        .map((r) => r.value)
        .filter((r) => !r.retired && scope.has(r.orgId))
        .map(view);
    },
  );

  app.post(
    '/api/v1/area-rules',
    {
      schema: {
        tags,
        summary: 'Define an area rule: a match and a chain of timed steps',
        body: Type.Object({ id: Id, orgId: Id, ...RuleBody }, { additionalProperties: false }),
        response: { 201: RuleView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body as Omit<AreaRule, 'retired'>;
      guard(ctx, request, 'alert.manage', body.orgId);
      checkCategory(body.categoryCode);
      const result = await ctx.commands.execute(
        areaRulePart(ctx, body.id, { type: 'define', rule: body }),
        caller(request).id,
      );
      void reply.status(201);
      return view(result.states[0].data as AreaRule);
    },
  );

  app.put(
    '/api/v1/area-rules/:id',
    {
      schema: {
        tags,
        summary: 'Revise an area rule (alerts already following it take the new steps)',
        params: IdParams,
        body: Type.Object(RuleBody, { additionalProperties: false }),
        response: { 200: RuleView, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const rule = requireRule(id);
      guard(ctx, request, 'alert.manage', rule.orgId);
      const body = request.body as Omit<AreaRule, 'retired' | 'id' | 'orgId'>;
      checkCategory(body.categoryCode);
      const result = await ctx.commands.execute(
        areaRulePart(ctx, id, { type: 'revise', rule: body }),
        caller(request).id,
      );
      return view(result.states[0].data as AreaRule);
    },
  );

  app.post(
    '/api/v1/area-rules/:id/retire',
    {
      schema: {
        tags,
        summary: 'Retire an area rule',
        params: IdParams,
        response: { 200: RuleView, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const rule = requireRule(id);
      guard(ctx, request, 'alert.manage', rule.orgId);
      const result = await ctx.commands.execute(
        areaRulePart(ctx, id, { type: 'retire' }),
        caller(request).id,
      );
      return view(result.states[0].data as AreaRule);
    },
  );
}
