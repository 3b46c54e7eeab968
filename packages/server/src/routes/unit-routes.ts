import {
  defaultProfile,
  defaultTurnoutSeconds,
  DomainError,
  DomainErrorCode,
  isBusy,
  UNIT_KINDS,
  type Site,
  type TalkGroup,
  type Unit,
} from '@jiefang/core';
import type { TypedApp } from '../http/typed-app.ts';
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { caller } from '../auth/authenticate.ts';
import { auditAdminChange } from '../auth/audit-admin-change.ts';
import { guard, scopeOf } from '../auth/guard.ts';
import { sitePart, talkGroupPart, unitPart } from '../commands/aggregate-parts.ts';
import type { CommandPart } from '../commands/command-service.ts';
import type { ServerContext } from '../context.ts';
import {
  errorResponses,
  Id,
  IdempotencyHeaders,
  IdParams,
  IfMatchHeaders,
  StepHeaders,
  UnitViewSchema,
  literals,
} from '@jiefang/contract';
import { expectedVersion } from '../http/expected-version.ts';
import { unitStatusClock } from '../live/unit-status-clock.ts';
import { toUnitView } from '../live/unit-view.ts';
import { createdId, isRetriedCreate, withIdempotencyKey } from '../mobilise/idempotent-create.ts';
import { AggregateType } from '../world/aggregate-types.ts';
import { answeredBefore, idempotencyOf } from '../http/idempotency.ts';

const Profile = Type.Union([Type.Literal('drive'), Type.Literal('walk'), Type.Literal('bike')]);
const Kind = literals(UNIT_KINDS);
const TurnoutSeconds = Type.Number({ minimum: 0, maximum: 3600 });
const IdList = Type.Array(Id, { uniqueItems: true, maxItems: 100 });

const RegisterUnitBody = Type.Object(
  {
    id: Type.Optional(Id),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    kind: Kind,
    orgId: Id,
    profile: Type.Optional(Profile),
    turnoutSeconds: Type.Optional(TurnoutSeconds),
    talkGroupIds: Type.Optional(IdList),
    siteId: Type.Optional(Id),
    mode: Type.Optional(Type.Union([Type.Literal('car'), Type.Literal('foot')])),
    members: Type.Optional(
      Type.Array(
        Type.Object(
          {
            personId: Id,
            name: Type.String({ minLength: 1, maxLength: 100 }),
            phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9][0-9 -]{1,22}[0-9]$' })),
            role: Type.Optional(Type.Union([Type.Literal('leader'), Type.Literal('member')])),
          },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
    ),
    equipment: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100 }),
    ),
    speciality: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    departmentOrgId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

const UpdateUnitBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    profile: Type.Optional(Profile),
    turnoutSeconds: Type.Optional(TurnoutSeconds),
    talkGroupIds: Type.Optional(IdList),
    siteId: Type.Optional(Id),
  },
  { additionalProperties: false, minProperties: 1 },
);

const StatusBody = Type.Object(
  {
    to: Type.Union([
      Type.Literal('off_duty'),
      Type.Literal('out_of_service'),
      Type.Literal('available'),
    ]),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false },
);

const TrackQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);

const TrackPoint = Type.Object({
  at: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  accuracyM: Type.Union([Type.Number(), Type.Null()]),
});

/** A track longer than a day is an export, not a screen. */
const MAX_TRACK_WINDOW_MS = 24 * 3600_000;

/** Units: the list the map and the admin screens read, registration, updates, duty status, tracks. */
export function unitRoutes(app: TypedApp, ctx: ServerContext): void {
  const statusClock = unitStatusClock(ctx);

  const unitOr404 = (id: string): Unit => {
    const unit = ctx.world.get<Unit>(AggregateType.unit, id);
    if (!unit) throw new DomainError(DomainErrorCode.NOT_FOUND, `no unit ${id}`, 'id');
    return unit;
  };

  app.get(
    '/api/v1/units',
    {
      schema: {
        tags: ['units'],
        summary: 'Units in your org subtree with status, time in status and live position',
        querystring: Type.Object(
          {
            status: Type.Optional(Type.String({ maxLength: 30 })),
            kind: Type.Optional(Kind),
            orgId: Type.Optional(Id),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(UnitViewSchema), ...errorResponses },
      },
    },
    async (request) => {
      const me = caller(request);
      guard(ctx, request, 'unit.read', me.orgId);
      const query = request.query;
      const scope = scopeOf(ctx, request);
      const under = query.orgId ? new Set(ctx.world.orgTree.subtreeIds(query.orgId)) : undefined;
      const views: Static<typeof UnitViewSchema>[] = [];
      for (const unit of ctx.world.unitList) {
        if (!scope.has(unit.orgId) || (under && !under.has(unit.orgId))) continue;
        if (query.status && unit.status !== query.status) continue;
        if (query.kind && unit.kind !== query.kind) continue;
        views.push(toUnitView(ctx, me, unit, statusClock.sinceCached(unit.id)));
      }
      return views;
    },
  );

  app.get(
    '/api/v1/units/:id',
    {
      schema: {
        tags: ['units'],
        summary: 'One unit',
        params: IdParams,
        response: { 200: UnitViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      const unit = unitOr404(id);
      guard(ctx, request, 'unit.read', unit.orgId);
      return toUnitView(ctx, caller(request), unit, await statusClock.sinceOf(id));
    },
  );

  app.post(
    '/api/v1/units',
    {
      schema: {
        tags: ['units'],
        summary: 'Register a unit (admin); it starts available',
        headers: IdempotencyHeaders,
        body: RegisterUnitBody,
        response: { 201: UnitViewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      guard(ctx, request, 'unit.manage', body.orgId);
      const id = createdId(ctx, request, 'unit', body.id);
      const existing = ctx.world.get<Unit>(AggregateType.unit, id);
      if (existing && isRetriedCreate(request, body.id)) {
        return reply
          .status(201)
          .send(toUnitView(ctx, caller(request), existing, statusClock.sinceCached(id)));
      }
      const unit = {
        ...body,
        id,
        profile: body.profile ?? defaultProfile(body.kind, body.mode),
        turnoutSeconds: body.turnoutSeconds ?? defaultTurnoutSeconds(body.kind, body.mode),
        status: 'available',
        talkGroupIds: body.talkGroupIds ?? [],
        ...(body.kind === 'community' || body.kind === 'grid'
          ? { members: body.members ?? [] }
          : {}),
        ...(body.kind === 'community' ? { equipment: body.equipment ?? [] } : {}),
      } as Unit;
      const parts = withIdempotencyKey(
        [
          unitPart(ctx, id, { type: 'register', unit }),
          ...membershipParts(ctx, request, id, undefined, unit),
        ],
        idempotencyOf(request),
      );
      const result = await ctx.commands.executeAll(parts, caller(request).id);
      const stored = result.states[0].data as Unit;
      await auditAdminChange(ctx, request, {
        action: 'unit.register',
        subjectType: AggregateType.unit,
        subjectId: id,
        orgId: stored.orgId,
        detail: { name: stored.name, kind: stored.kind },
      });
      return reply
        .status(201)
        .send(toUnitView(ctx, caller(request), stored, statusClock.sinceCached(id)));
    },
  );

  app.patch(
    '/api/v1/units/:id',
    {
      schema: {
        tags: ['units'],
        summary: 'Change name, profile, turnout, talk groups or site (admin)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateUnitBody,
        response: { 200: UnitViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      const unit = unitOr404(id);
      guard(ctx, request, 'unit.manage', unit.orgId);
      const changes = request.body;
      const parts: CommandPart<unknown>[] = [
        unitPart(
          ctx,
          id,
          { type: 'update', changes },
          {
            expectedVersion: expectedVersion(request.headers['if-match']),
          },
        ),
        ...membershipParts(ctx, request, id, unit, { ...unit, ...changes } as Unit),
      ];
      const result = await ctx.commands.executeAll(parts, caller(request).id);
      await auditAdminChange(ctx, request, {
        action: 'unit.update',
        subjectType: AggregateType.unit,
        subjectId: id,
        orgId: unit.orgId,
        detail: { ...changes },
      });
      return toUnitView(
        ctx,
        caller(request),
        result.states[0].data as Unit,
        statusClock.sinceCached(id),
      );
    },
  );

  app.post(
    '/api/v1/units/:id/status',
    {
      schema: {
        tags: ['units'],
        summary:
          'Set a unit off duty, out of service or available (responders: their own unit only)',
        params: IdParams,
        headers: StepHeaders,
        body: StatusBody,
        response: { 200: UnitViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      const body = request.body;
      const unit = unitOr404(id);
      guard(ctx, request, 'unit.status', unit.orgId, { unitId: id });
      const idempotency = idempotencyOf(request);
      if (await answeredBefore(ctx, idempotency)) {
        return toUnitView(ctx, caller(request), unit, statusClock.sinceCached(id));
      }
      if (isBusy(unit.status)) {
        // Releasing a busy unit here would leave its dispatch open with nobody on it.
        throw new DomainError(
          DomainErrorCode.ILLEGAL_TRANSITION,
          `unit ${id} is ${unit.status} on dispatch ${unit.assignment?.dispatchId ?? '?'}: decline, clear or cancel that dispatch first`,
          'to',
        );
      }
      const result = await ctx.commands.execute(
        unitPart(
          ctx,
          id,
          { type: 'change_status', to: body.to, reason: body.reason },
          {
            expectedVersion: expectedVersion(request.headers['if-match']),
            ...idempotency,
          },
        ),
        caller(request).id,
      );
      return toUnitView(
        ctx,
        caller(request),
        result.states[0].data as Unit,
        statusClock.sinceCached(id),
      );
    },
  );

  app.get(
    '/api/v1/units/:id/track',
    {
      schema: {
        tags: ['units'],
        summary: 'Where a unit went (default: the last hour; at most 24 h). Every read is audited.',
        params: IdParams,
        querystring: TrackQuery,
        response: {
          200: Type.Object({ unitId: Type.String(), points: Type.Array(TrackPoint) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const query = request.query;
      const unit = unitOr404(id);
      guard(ctx, request, 'unit.read', unit.orgId);
      const to = query.to ? Date.parse(query.to) : ctx.clock.now();
      const from = query.from ? Date.parse(query.from) : to - 3600_000;
      if (!(from < to)) {
        throw new DomainError(DomainErrorCode.VALIDATION, 'from must be before to', 'from');
      }
      if (to - from > MAX_TRACK_WINDOW_MS) {
        throw new DomainError(DomainErrorCode.VALIDATION, 'the window is at most 24 h', 'from');
      }
      // Flush first so the answer includes the fixes of the last second.
      const tracker = ctx.positions;
      await tracker?.flush?.();
      const fromIso = new Date(from).toISOString();
      const toIso = new Date(to).toISOString();
      // Where a person was is personal data: the read is recorded before anything is returned.
      await ctx.store.audit.record({
        at: new Date(ctx.clock.now()).toISOString(),
        actorId: caller(request).id,
        action: 'unit.track.read',
        subjectType: 'unit',
        subjectId: id,
        orgId: unit.orgId,
        detail: { from: fromIso, to: toIso },
      });
      const points = await ctx.store.tracks.read(id, fromIso, toIso);
      return {
        unitId: id,
        points: points.map((p) => ({ at: p.at, lon: p.lon, lat: p.lat, accuracyM: p.accuracyM })),
      };
    },
  );
}

/**
 * Talk groups and sites list their units too: when a unit joins or leaves one, the other side
 * changes in the same transaction, so the two lists never disagree.
 */
function membershipParts(
  ctx: ServerContext,
  request: FastifyRequest,
  unitId: string,
  before: Unit | undefined,
  after: Unit,
): CommandPart<unknown>[] {
  const parts: CommandPart<unknown>[] = [];
  const oldGroups = new Set(before?.talkGroupIds ?? []);
  const newGroups = new Set(after.talkGroupIds ?? []);
  for (const groupId of new Set([...oldGroups, ...newGroups])) {
    if (oldGroups.has(groupId) === newGroups.has(groupId)) continue;
    const group = ctx.world.get<TalkGroup>(AggregateType.talkGroup, groupId);
    if (!group) {
      throw new DomainError(DomainErrorCode.NOT_FOUND, `no talk group ${groupId}`, 'talkGroupIds');
    }
    guard(ctx, request, 'unit.manage', group.orgId);
    const unitIds = newGroups.has(groupId)
      ? [...group.unitIds.filter((u) => u !== unitId), unitId]
      : group.unitIds.filter((u) => u !== unitId);
    parts.push(talkGroupPart(ctx, groupId, { type: 'set_members', unitIds }));
  }
  if (before?.siteId !== after.siteId) {
    const oldSite = before?.siteId
      ? ctx.world.get<Site>(AggregateType.site, before.siteId)
      : undefined;
    if (oldSite?.unitIds.includes(unitId)) {
      parts.push(sitePart(ctx, oldSite.id, { type: 'withdraw_unit', unitId }));
    }
    if (after.siteId) {
      const site = ctx.world.get<Site>(AggregateType.site, after.siteId);
      if (!site) {
        throw new DomainError(DomainErrorCode.NOT_FOUND, `no site ${after.siteId}`, 'siteId');
      }
      guard(ctx, request, 'unit.manage', site.orgId);
      parts.push(sitePart(ctx, after.siteId, { type: 'station_unit', unitId }));
    }
  }
  return parts;
}
