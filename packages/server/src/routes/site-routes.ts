import { DomainError, DomainErrorCode, type Site } from '@jiefang/core';
import type { TypedApp } from '../http/typed-app.ts';
import { Type } from 'typebox';
import { caller } from '../auth/authenticate.ts';
import { auditAdminChange } from '../auth/audit-admin-change.ts';
import { guard, scopeOf } from '../auth/guard.ts';
import { sitePart } from '../commands/aggregate-parts.ts';
import type { ServerContext } from '../context.ts';
import {
  CreateSiteBody,
  errorResponses,
  IdempotencyHeaders,
  SiteViewSchema,
} from '@jiefang/contract';
import { createdId, isRetriedCreate } from '../mobilise/idempotent-create.ts';
import { AggregateType } from '../world/aggregate-types.ts';
import { idempotencyOf } from '../http/idempotency.ts';

/** Sites (malls, schools, markets, hospitals...) where community emergency units are stationed. */
export function siteRoutes(app: TypedApp, ctx: ServerContext): void {
  const view = (site: Site) => ({
    ...site,
    version: ctx.world.version(AggregateType.site, site.id),
  });

  app.get(
    '/api/v1/sites',
    {
      schema: {
        tags: ['sites'],
        summary: 'Sites in your org subtree',
        response: { 200: Type.Array(SiteViewSchema), ...errorResponses },
      },
    },
    async (request) => {
      guard(ctx, request, 'unit.read', caller(request).orgId);
      const scope = scopeOf(ctx, request);
      return [...ctx.world.sites.values()]
        .map((s) => s.value)
        .filter((s) => scope.has(s.orgId))
        .map(view);
    },
  );

  app.post(
    '/api/v1/sites',
    {
      schema: {
        tags: ['sites'],
        summary: 'Register a site (admin); units are stationed through PATCH /units/{id}',
        headers: IdempotencyHeaders,
        body: CreateSiteBody,
        response: { 201: SiteViewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      guard(ctx, request, 'unit.manage', body.orgId);
      const [w, s, e, n] = ctx.router.city.meta.bbox;
      const { lon, lat } = body.location;
      if (lon < w || lon > e || lat < s || lat > n) {
        throw new DomainError(
          DomainErrorCode.VALIDATION,
          `location ${lon},${lat} is outside the loaded city (${w},${s} – ${e},${n})`,
          'location',
        );
      }
      const id = createdId(ctx, request, 'site', body.id);
      const existing = ctx.world.get<Site>(AggregateType.site, id);
      if (existing && isRetriedCreate(request, body.id)) {
        return reply.status(201).send(view(existing));
      }
      const site: Site = { ...body, id, unitIds: [] };
      const result = await ctx.commands.execute(
        {
          ...sitePart(ctx, site.id, { type: 'register', site }),
          ...idempotencyOf(request),
        },
        caller(request).id,
      );
      await auditAdminChange(ctx, request, {
        action: 'site.register',
        subjectType: AggregateType.site,
        subjectId: site.id,
        orgId: site.orgId,
        detail: { name: site.name, kind: site.kind },
      });
      return reply.status(201).send(view(result.states[0].data as Site));
    },
  );
}
