import {
  CATALOGUE_ID,
  decideCatalogue,
  DomainError,
  DomainErrorCode,
  type EditedCatalogue,
} from '@jiefang/core';
import {
  CatalogueSchema,
  CategoryBody,
  CategoryCodeParams,
  errorResponses,
} from '@jiefang/contract';
import { caller } from '../auth/authenticate.ts';
import { auditAdminChange } from '../auth/audit-admin-change.ts';
import { guard } from '../auth/guard.ts';
import type { CommandPart } from '../commands/command-service.ts';
import type { ServerContext } from '../context.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { AggregateType } from '../world/aggregate-types.ts';

/**
 * The incident catalogue: read by every form that names a category; changed by an admin of the
 * whole city (it is one list for all of it: a station's admin may not redefine a category the
 * district's dispatchers use). The first change copies the city's file into the store; from
 * then on the stored list is in force on every process and after a restart.
 */
export function catalogueRoutes(app: TypedApp, ctx: ServerContext): void {
  const view = () => ({
    categories: ctx.catalogue.categories.map((c) => ({
      code: c.code,
      names: { zh: c.names.zh, en: c.names.en },
      defaultPriority: c.defaultPriority,
      policeMatter: c.policeMatter,
      ...(c.departmentKind ? { departmentKind: c.departmentKind } : {}),
    })),
  });
  const rootOrgId = () => {
    const root = ctx.world.orgTree.all().find((org) => org.parentId === null);
    if (!root) throw new DomainError(DomainErrorCode.NOT_FOUND, 'no root org', 'orgId');
    return root.id;
  };

  app.get(
    '/api/v1/catalogue',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Incident categories with names (zh, en) and default priorities',
        response: { 200: CatalogueSchema, ...errorResponses },
      },
    },
    async (request) => {
      guard(ctx, request, 'incident.read', caller(request).orgId);
      return view();
    },
  );

  app.put(
    '/api/v1/catalogue/categories/:code',
    {
      schema: {
        tags: ['incidents'],
        summary:
          'Add an incident category or replace the one with this code (admin of the whole city); categories are never removed',
        params: CategoryCodeParams,
        body: CategoryBody,
        response: { 200: CatalogueSchema, ...errorResponses },
      },
    },
    async (request) => {
      const orgId = rootOrgId();
      guard(ctx, request, 'plan.manage', orgId);
      const { code } = request.params;
      const before = ctx.catalogue.has(code) ? ctx.catalogue.get(code) : undefined;
      // Decided again on the stored list if another edit committed first (no If-Match): two
      // admins editing two categories both keep their change; on one category the later wins.
      const part = (): CommandPart<EditedCatalogue> => ({
        aggregateType: AggregateType.catalogue,
        aggregateId: CATALOGUE_ID,
        orgId,
        status: () => 'active',
        decide: (state) =>
          decideCatalogue(
            state,
            {
              type: 'set_category',
              category: { code, ...request.body },
              startFrom: ctx.catalogue.categories,
            },
            { now: ctx.clock.now(), actorId: caller(request).id },
          ),
      });
      await ctx.commands.executeWithRetry(() => [part()], caller(request).id);
      await auditAdminChange(ctx, request, {
        action: before ? 'catalogue.replace' : 'catalogue.add',
        subjectType: AggregateType.catalogue,
        subjectId: code,
        orgId,
        detail: { before: before ?? null, after: { code, ...request.body } },
      });
      return view();
    },
  );
}
