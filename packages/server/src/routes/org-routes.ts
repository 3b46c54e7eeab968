import { type Decision, type Org } from '@jiefang/core';
import type { TypedApp } from '../http/typed-app.ts';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { caller } from '../auth/authenticate.ts';
import { auditAdminChange } from '../auth/audit-admin-change.ts';
import { guard, scopeOf } from '../auth/guard.ts';
import type { CommandPart } from '../commands/command-service.ts';
import { orgPart } from '../commands/aggregate-parts.ts';
import type { ServerContext } from '../context.ts';
import {
  errorResponses,
  Id,
  IdempotencyHeaders,
  IdParams,
  IfMatchHeaders,
  OrgKindSchema,
  OrgViewSchema,
} from '@jiefang/contract';
import { expectedVersion } from '../http/expected-version.ts';
import { AggregateType } from '../world/aggregate-types.ts';
import { idempotencyOf } from '../http/idempotency.ts';

function withVersion(ctx: ServerContext, org: Org) {
  return { ...org, version: ctx.world.version(AggregateType.org, org.id) };
}

function etag(reply: FastifyReply, version: number): void {
  void reply.header('etag', `"${version}"`);
}

/** The org tree: everyone sees their own subtree; admins create, rename and move orgs. */
export function orgRoutes(app: TypedApp, ctx: ServerContext): void {
  app.get(
    '/api/v1/orgs',
    {
      schema: {
        tags: ['orgs'],
        summary: 'Your org subtree as a flat list, parents before children',
        response: { 200: Type.Array(OrgViewSchema), ...errorResponses },
      },
    },
    // No action guards this: every role needs the names of the orgs it works in to read any
    // other answer, and the list is the caller's own subtree, nothing above or beside it.
    async (request) => {
      const scope = scopeOf(ctx, request);
      return ctx.world.orgTree
        .all()
        .filter((org) => scope.has(org.id))
        .map((org) => withVersion(ctx, org));
    },
  );

  app.post(
    '/api/v1/orgs',
    {
      schema: {
        tags: ['orgs'],
        summary: 'Create an org under a parent in your scope (admin)',
        headers: IdempotencyHeaders,
        body: Type.Object(
          {
            id: Type.Optional(Id),
            parentId: Id,
            kind: OrgKindSchema,
            name: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: OrgViewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      guard(ctx, request, 'org.manage', body.parentId);
      const org: Org = {
        id: body.id ?? ctx.newId(),
        parentId: body.parentId,
        kind: body.kind,
        name: body.name,
      };
      const result = await ctx.commands.execute(
        orgPart(ctx, org.id, { type: 'create', org }, idempotencyOf(request)),
        caller(request).id,
      );
      const stored = result.states[0];
      await auditAdminChange(ctx, request, {
        action: 'org.create',
        subjectType: AggregateType.org,
        subjectId: org.id,
        orgId: org.id,
        detail: { name: org.name, parentId: org.parentId, kind: org.kind },
      });
      etag(reply, stored.version);
      return reply.status(201).send({ ...(stored.data as Org), version: stored.version });
    },
  );

  app.patch(
    '/api/v1/orgs/:id',
    {
      schema: {
        tags: ['orgs'],
        summary: 'Rename an org and/or move it (with its subtree) under another parent (admin)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            parentId: Type.Optional(Id),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: OrgViewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const body = request.body;
      // An unknown org is out of scope like any other org the caller cannot see (core's rule:
      // the answer reveals nothing about what exists outside the caller's subtree).
      guard(ctx, request, 'org.manage', id);
      if (body.parentId !== undefined) guard(ctx, request, 'org.manage', body.parentId);
      const options = { expectedVersion: expectedVersion(request.headers['if-match']) };
      const parts: CommandPart<Org>[] = [];
      if (body.name !== undefined)
        parts.push(orgPart(ctx, id, { type: 'rename', name: body.name }, options));
      if (body.parentId !== undefined)
        parts.push(orgPart(ctx, id, { type: 'move', parentId: body.parentId }, options));
      const result = await ctx.commands.execute(renameThenMove(parts), caller(request).id);
      const stored = result.states[0];
      await auditAdminChange(ctx, request, {
        action: 'org.update',
        subjectType: AggregateType.org,
        subjectId: id,
        orgId: id,
        detail: { ...body },
      });
      etag(reply, stored.version);
      return { ...(stored.data as Org), version: stored.version };
    },
  );
}

/**
 * A rename and a move sent together are one change to one aggregate: their decisions chain
 * into a single part so they commit together or not at all.
 */
function renameThenMove(parts: CommandPart<Org>[]): CommandPart<Org> {
  if (parts.length === 1) return parts[0];
  return {
    ...parts[0],
    decide: (state) => {
      const events: Decision<Org>['events'] = [];
      let current = state;
      for (const part of parts) {
        const decision = part.decide(current);
        events.push(...decision.events);
        current = decision.state;
      }
      return { events, state: current! };
    },
  };
}
