import { DomainError, DomainErrorCode, type AreaRule } from '@jiefang/core';
import { Type } from 'typebox';
import { areaRulePart } from '../alerts/alert-parts.ts';
import { caller } from '../auth/authenticate.ts';
import { guard, scopeOf } from '../auth/guard.ts';
import type { ServerContext } from '../context.ts';
import {
  AreaRuleView,
  DefineAreaRuleBody,
  errorResponses,
  IdParams,
  ReviseAreaRuleBody,
} from '@jiefang/contract';
import type { TypedApp } from '../http/typed-app.ts';
import { AggregateType } from '../world/aggregate-types.ts';

const tags = ['alerts'];
/** Area rules: declarative, validated in core, every change an event. */
export function areaRuleRoutes(app: TypedApp, ctx: ServerContext): void {
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
        response: { 200: Type.Array(AreaRuleView), ...errorResponses },
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
        body: DefineAreaRuleBody,
        response: { 201: AreaRuleView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
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
        body: ReviseAreaRuleBody,
        response: { 200: AreaRuleView, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      const rule = requireRule(id);
      guard(ctx, request, 'alert.manage', rule.orgId);
      const body = request.body;
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
        response: { 200: AreaRuleView, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
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
