import {
  DomainError,
  DomainErrorCode,
  mobiliseTalkGroup,
  mobiliseWithin,
  UNIT_KINDS,
  type Incident,
  type TalkGroup,
  type Unit,
} from '@jiefang/core';
import type { TypedApp } from '../http/typed-app.ts';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { caller } from '../auth/authenticate.ts';
import { auditAdminChange } from '../auth/audit-admin-change.ts';
import { guard, scopeOf } from '../auth/guard.ts';
import { talkGroupPart, unitPart } from '../commands/aggregate-parts.ts';
import type { CommandPart } from '../commands/command-service.ts';
import type { ServerContext } from '../context.ts';
import {
  errorResponses,
  Id,
  IdempotencyHeaders,
  IdParams,
  IfMatchHeaders,
  literals,
  RenameTalkGroupBody,
  TalkGroupViewSchema,
} from '@jiefang/contract';
import { expectedVersion } from '../http/expected-version.ts';
import { trackerOf } from '../live/unit-view.ts';
import { executeMobilisation, MobilisationResult } from '../mobilise/execute-mobilisation.ts';
import { createdId, isRetriedCreate, withIdempotencyKey } from '../mobilise/idempotent-create.ts';
import {
  FloorOverride,
  MobilisationPreview,
  previewMobilisation,
  withPoliceFloor,
} from '../mobilise/police-floor-plan.ts';
import { AggregateType } from '../world/aggregate-types.ts';
import { idempotencyOf } from '../http/idempotency.ts';

const UnitIds = Type.Array(Id, { uniqueItems: true, maxItems: 2000 });
const Message = Type.String({ minLength: 1, maxLength: 500 });

/**
 * Talk groups (对讲频道), broadcasts and one-click mobilisation (一键调全警) of a talk group or
 * of every unit within a travel-time radius of an incident.
 */
export function talkGroupRoutes(app: TypedApp, ctx: ServerContext): void {
  const view = (group: TalkGroup) => ({
    ...group,
    version: ctx.world.version(AggregateType.talkGroup, group.id),
  });
  const groupOr404 = (id: string): TalkGroup => {
    const group = ctx.world.get<TalkGroup>(AggregateType.talkGroup, id);
    if (!group) throw new DomainError(DomainErrorCode.NOT_FOUND, `no talk group ${id}`, 'id');
    return group;
  };
  const openIncident = (request: FastifyRequest, id: string, field: string): Incident => {
    const incident = ctx.world.get<Incident>(AggregateType.incident, id);
    if (!incident || incident.status !== 'open') {
      throw new DomainError(DomainErrorCode.NOT_FOUND, `no open incident ${id}`, field);
    }
    guard(ctx, request, 'mobilise', incident.orgId);
    return incident;
  };

  // The preview counts only the units the caller could send (executeMobilisation skips the rest).
  const inScope = (request: FastifyRequest, group: TalkGroup): TalkGroup => {
    const scope = scopeOf(ctx, request);
    return {
      ...group,
      unitIds: group.unitIds.filter((unitId) => {
        const unit = ctx.world.get<Unit>(AggregateType.unit, unitId);
        return !unit || scope.has(unit.orgId);
      }),
    };
  };

  app.get(
    '/api/v1/talk-groups',
    {
      schema: {
        tags: ['talk groups'],
        summary: 'Talk groups in your org subtree',
        response: { 200: Type.Array(TalkGroupViewSchema), ...errorResponses },
      },
    },
    async (request) => {
      guard(ctx, request, 'unit.read', caller(request).orgId);
      const scope = scopeOf(ctx, request);
      return [...ctx.world.talkGroups.values()]
        .map((g) => g.value)
        .filter((g) => scope.has(g.orgId))
        .map(view);
    },
  );

  app.post(
    '/api/v1/talk-groups',
    {
      schema: {
        tags: ['talk groups'],
        summary: 'Create a talk group (admin)',
        headers: IdempotencyHeaders,
        body: Type.Object(
          {
            id: Type.Optional(Id),
            name: Type.String({ minLength: 1, maxLength: 200 }),
            orgId: Id,
            unitIds: Type.Optional(UnitIds),
            channel: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: TalkGroupViewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      guard(ctx, request, 'unit.manage', body.orgId);
      const id = createdId(ctx, request, 'tg', body.id);
      const existing = ctx.world.get<TalkGroup>(AggregateType.talkGroup, id);
      if (existing && isRetriedCreate(request, body.id)) {
        return reply.status(201).send(view(existing));
      }
      const talkGroup: TalkGroup = { ...body, id, unitIds: [] };
      const unitIds = body.unitIds ?? [];
      const parts = withIdempotencyKey(
        [
          talkGroupPart(ctx, talkGroup.id, {
            type: 'create',
            talkGroup: { ...talkGroup, unitIds },
          }),
          ...unitMembershipParts(ctx, request, talkGroup.id, [], unitIds),
        ],
        idempotencyOf(request),
      );
      const result = await ctx.commands.executeAll(parts, caller(request).id);
      await auditAdminChange(ctx, request, {
        action: 'talk_group.create',
        subjectType: AggregateType.talkGroup,
        subjectId: id,
        orgId: talkGroup.orgId,
        detail: { name: talkGroup.name, unitIds },
      });
      return reply.status(201).send(view(result.states[0].data as TalkGroup));
    },
  );

  app.put(
    '/api/v1/talk-groups/:id/members',
    {
      schema: {
        tags: ['talk groups'],
        summary: 'Replace the member units of a talk group (admin)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: Type.Object({ unitIds: UnitIds }, { additionalProperties: false }),
        response: { 200: TalkGroupViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { unitIds } = request.body;
      const group = groupOr404(id);
      guard(ctx, request, 'unit.manage', group.orgId);
      const parts: CommandPart<unknown>[] = [
        talkGroupPart(
          ctx,
          id,
          { type: 'set_members', unitIds },
          { expectedVersion: expectedVersion(request.headers['if-match']) },
        ),
        ...unitMembershipParts(ctx, request, id, group.unitIds, unitIds),
      ];
      const result = await ctx.commands.executeAll(parts, caller(request).id);
      await auditAdminChange(ctx, request, {
        action: 'talk_group.members',
        subjectType: AggregateType.talkGroup,
        subjectId: id,
        orgId: group.orgId,
        detail: {
          added: unitIds.filter((u) => !group.unitIds.includes(u)),
          removed: group.unitIds.filter((u) => !unitIds.includes(u)),
        },
      });
      return view(result.states[0].data as TalkGroup);
    },
  );

  app.patch(
    '/api/v1/talk-groups/:id',
    {
      schema: {
        tags: ['talk groups'],
        summary: 'Rename a talk group (admin)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: RenameTalkGroupBody,
        response: { 200: TalkGroupViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      const group = groupOr404(id);
      guard(ctx, request, 'unit.manage', group.orgId);
      const result = await ctx.commands.execute(
        talkGroupPart(
          ctx,
          id,
          { type: 'rename', name: request.body.name },
          { expectedVersion: expectedVersion(request.headers['if-match'] as string | undefined) },
        ),
        caller(request).id,
      );
      const renamed = result.states[0].data as TalkGroup;
      await auditAdminChange(ctx, request, {
        action: 'talk_group.rename',
        subjectType: AggregateType.talkGroup,
        subjectId: id,
        orgId: group.orgId,
        detail: { from: group.name, to: renamed.name },
      });
      return view(renamed);
    },
  );

  app.post(
    '/api/v1/talk-groups/:id/broadcast',
    {
      schema: {
        tags: ['talk groups'],
        summary: 'Broadcast a message to every unit of the talk group',
        params: IdParams,
        body: Type.Object(
          { message: Message, incidentId: Type.Optional(Id) },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ talkGroupId: Type.String(), seq: Type.Integer(), unitIds: UnitIds }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const body = request.body;
      const group = groupOr404(id);
      guard(ctx, request, 'mobilise', group.orgId);
      if (body.incidentId) openIncident(request, body.incidentId, 'incidentId');
      const result = await ctx.commands.execute(
        talkGroupPart(ctx, id, {
          type: 'broadcast',
          message: body.message,
          incidentId: body.incidentId,
        }),
        caller(request).id,
      );
      const event = result.events[0];
      return reply.status(201).send({ talkGroupId: id, seq: event.seq, unitIds: group.unitIds });
    },
  );

  app.get(
    '/api/v1/talk-groups/:id/mobilise-preview',
    {
      schema: {
        tags: ['talk groups'],
        summary:
          'What mobilising the talk group would send: units of which kinds leaving which areas, and the police each area keeps (nothing is sent)',
        params: IdParams,
        querystring: Type.Object({ incidentId: Id }, { additionalProperties: false }),
        response: { 200: MobilisationPreview, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { incidentId } = request.query;
      const group = groupOr404(id);
      guard(ctx, request, 'mobilise', group.orgId);
      const incident = openIncident(request, incidentId, 'incidentId');
      const plan = mobiliseTalkGroup(incident, inScope(request, group), ctx.world.unitList, {
        newId: ctx.newId,
      });
      return previewMobilisation(ctx, plan);
    },
  );

  app.post(
    '/api/v1/talk-groups/:id/mobilise',
    {
      schema: {
        tags: ['talk groups'],
        summary:
          '一键调全警: dispatch every available unit of the talk group to an incident, with an optional broadcast, in one transaction; each area keeps the police floor unless overridden with a reason (audited)',
        params: IdParams,
        body: Type.Object(
          {
            incidentId: Id,
            message: Type.Optional(Message),
            floorOverride: Type.Optional(FloorOverride),
          },
          { additionalProperties: false },
        ),
        response: { 201: MobilisationResult, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const body = request.body;
      const group = groupOr404(id);
      guard(ctx, request, 'mobilise', group.orgId);
      const incident = openIncident(request, body.incidentId, 'incidentId');
      const plan = mobiliseTalkGroup(incident, group, ctx.world.unitList, {
        newId: ctx.newId,
        message: body.message,
      });
      const kept = await withPoliceFloor(ctx, caller(request), plan, body.floorOverride, {
        type: AggregateType.talkGroup,
        id: group.id,
        orgId: group.orgId,
      });
      return reply.status(201).send(await executeMobilisation(ctx, caller(request), kept));
    },
  );

  // Area mobilisation lives here with talk-group mobilisation: the same one-click order, by radius.
  app.post(
    '/api/v1/incidents/:id/mobilise-area',
    {
      schema: {
        tags: ['incidents'],
        summary:
          'Dispatch every available unit that can be on scene within a travel time (with turnout), nearest first',
        params: IdParams,
        body: Type.Object(
          {
            seconds: Type.Integer({ minimum: 10, maximum: 3600 }),
            kinds: Type.Optional(
              Type.Array(literals(UNIT_KINDS), {
                minItems: 1,
                uniqueItems: true,
              }),
            ),
            maxUnits: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
            floorOverride: Type.Optional(FloorOverride),
          },
          { additionalProperties: false },
        ),
        response: { 201: MobilisationResult, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const body = request.body;
      const incident = openIncident(request, id, 'id');
      const scope = scopeOf(ctx, request);
      const units = ctx.world.unitList.filter((u) => scope.has(u.orgId));
      const plan = mobiliseWithin(
        incident,
        units,
        trackerOf(ctx).positions,
        ctx.travelTimes,
        ctx.clock,
        {
          newId: ctx.newId,
          limitSeconds: body.seconds,
          kinds: body.kinds,
          maxUnits: body.maxUnits,
          staleAfterSeconds: ctx.config.staleAfterSeconds,
        },
      );
      const kept = await withPoliceFloor(ctx, caller(request), plan, body.floorOverride, {
        type: AggregateType.incident,
        id: incident.id,
        orgId: incident.orgId,
      });
      return reply.status(201).send(await executeMobilisation(ctx, caller(request), kept));
    },
  );
}

/** Units list their talk groups too; both sides change in the same transaction. */
function unitMembershipParts(
  ctx: ServerContext,
  request: FastifyRequest,
  groupId: string,
  before: readonly string[],
  after: readonly string[],
): CommandPart<unknown>[] {
  const parts: CommandPart<unknown>[] = [];
  const old = new Set(before);
  const next = new Set(after);
  for (const unitId of new Set([...before, ...after])) {
    if (old.has(unitId) === next.has(unitId)) continue;
    const unit = ctx.world.get<Unit>(AggregateType.unit, unitId);
    if (!unit) throw new DomainError(DomainErrorCode.NOT_FOUND, `no unit ${unitId}`, 'unitIds');
    guard(ctx, request, 'unit.manage', unit.orgId);
    const talkGroupIds = next.has(unitId)
      ? [...unit.talkGroupIds.filter((g) => g !== groupId), groupId]
      : unit.talkGroupIds.filter((g) => g !== groupId);
    parts.push(unitPart(ctx, unitId, { type: 'update', changes: { talkGroupIds } }));
  }
  return parts;
}
