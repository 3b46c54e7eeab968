import { DomainError, DomainErrorCode, type LonLat, type Site } from '@jiefang/core';
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
  IdParams,
  IfMatchHeaders,
  SiteViewSchema,
  UpdateSiteBody,
} from '@jiefang/contract';
import { expectedVersion } from '../http/expected-version.ts';
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
      requireInCity(ctx, body.location);
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

  app.patch(
    '/api/v1/sites/:id',
    {
      schema: {
        tags: ['sites'],
        summary: 'Rename a site, change its kind, address or location (admin)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateSiteBody,
        response: { 200: SiteViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      const site = ctx.world.get<Site>(AggregateType.site, id);
      if (!site) throw new DomainError(DomainErrorCode.NOT_FOUND, `no site ${id}`, 'id');
      guard(ctx, request, 'unit.manage', site.orgId);
      const changes = request.body;
      if (changes.location) requireInCity(ctx, changes.location);
      const result = await ctx.commands.execute(
        sitePart(
          ctx,
          id,
          { type: 'update', changes },
          { expectedVersion: expectedVersion(request.headers['if-match'] as string | undefined) },
        ),
        caller(request).id,
      );
      await auditAdminChange(ctx, request, {
        action: 'site.update',
        subjectType: AggregateType.site,
        subjectId: id,
        orgId: site.orgId,
        detail: { changes },
      });
      return view(result.states[0].data as Site);
    },
  );
}

/** A site stands in the loaded city: elsewhere no unit stationed there could be routed. */
function requireInCity(ctx: ServerContext, location: LonLat): void {
  const [w, s, e, n] = ctx.router.city.meta.bbox;
  const { lon, lat } = location;
  if (lon < w || lon > e || lat < s || lat > n) {
    throw new DomainError(
      DomainErrorCode.VALIDATION,
      `location ${lon},${lat} is outside the loaded city (${w},${s} – ${e},${n})`,
      'location',
    );
  }
}
