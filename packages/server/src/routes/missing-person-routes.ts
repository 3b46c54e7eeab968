import {
  decideMissingPerson,
  DomainError,
  DomainErrorCode,
  planSearch,
  rolesMay,
  searchRadiusMetres,
  toldUnitOf,
  type Action,
  type MissingPersonCase,
  type MissingPersonCommand,
} from '@jiefang/core';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { caller } from '../auth/authenticate.ts';
import { guard, scopeOf } from '../auth/guard.ts';
import type { CommandPart } from '../commands/command-service.ts';
import type { ServerContext } from '../context.ts';
import {
  BroadcastPreview,
  errorResponses,
  FoundBody,
  IdParams,
  MissingPersonCaseView,
  OpenMissingPersonBody,
  SightingBody,
} from '@jiefang/contract';
import type { TypedApp } from '../http/typed-app.ts';
import { AggregateType } from '../world/aggregate-types.ts';

const tags = ['missing persons'];

function missingPart(
  ctx: ServerContext,
  id: string,
  command: MissingPersonCommand,
): CommandPart<MissingPersonCase> {
  const existing = ctx.world.get<MissingPersonCase>(AggregateType.missingPerson, id);
  return {
    aggregateType: AggregateType.missingPerson,
    aggregateId: id,
    orgId: command.type === 'open' ? command.case.orgId : (existing?.orgId ?? ''),
    status: (c) => c.status,
    decide: (state) => decideMissingPerson(state, command, { now: ctx.clock.now(), actorId: null }),
  };
}

/**
 * Missing persons, whole-city linkage: a case, one key that tells every unit inside a search
 * ring growing at the person's walking speed and gives each search sector to the unit that
 * reaches it soonest by road, sightings from phones, found with the time it took.
 */
export function missingPersonRoutes(app: TypedApp, ctx: ServerContext): void {
  const requireCase = async (
    request: FastifyRequest,
    id: string,
    action: Action = 'incident.read',
  ) => {
    const live = ctx.world.missingPersons.get(id);
    const found =
      live?.value ??
      (await ctx.store.get<MissingPersonCase>(AggregateType.missingPerson, id))?.data;
    if (!found)
      throw new DomainError(DomainErrorCode.NOT_FOUND, `no missing-person case ${id}`, 'id');
    // Whole-city linkage: a unit the one key told searches for the person whatever org owns the
    // case, so its members read the case and report sightings; nothing more.
    const readOrReport = action === 'incident.read' || action === 'incident.create';
    const me = caller(request);
    if (readOrReport && rolesMay(me.roles, action) && toldUnitOf(me, found)) return found;
    guard(ctx, request, action, found.orgId);
    return found;
  };
  const run = async (request: FastifyRequest, id: string, command: MissingPersonCommand) => {
    const result = await ctx.commands.execute(missingPart(ctx, id, command), caller(request).id);
    return { ...(result.states[0].data as MissingPersonCase), version: result.states[0].version };
  };

  app.post(
    '/api/v1/missing-persons',
    {
      schema: {
        tags,
        summary: 'Open a missing-person case: photo, description, last seen place and time',
        body: OpenMissingPersonBody,
        response: { 201: MissingPersonCaseView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      guard(ctx, request, 'incident.create', body.orgId);
      void reply.status(201);
      return run(request, body.id, { type: 'open', case: body });
    },
  );

  app.get(
    '/api/v1/missing-persons',
    {
      schema: {
        tags,
        summary: 'Missing-person cases of your org subtree, newest first (open and found)',
        response: { 200: Type.Array(MissingPersonCaseView), ...errorResponses },
      },
    },
    async (request) => {
      const me = caller(request);
      guard(ctx, request, 'incident.read', me.orgId);
      const scope = scopeOf(ctx, request);
      const snapshots = await ctx.store.list<MissingPersonCase>({
        aggregateType: AggregateType.missingPerson,
        orgIds: [...scope],
        limit: 200,
      });
      const listed = snapshots.map((s) => ({ ...s.data, version: s.version }));
      // Open cases of other orgs whose broadcast told the caller's unit.
      for (const { value, version } of ctx.world.missingPersons.values()) {
        if (!scope.has(value.orgId) && toldUnitOf(me, value)) listed.push({ ...value, version });
      }
      return listed.sort((a, b) => b.openedAt.localeCompare(a.openedAt));
    },
  );

  app.get(
    '/api/v1/missing-persons/:id',
    {
      schema: {
        tags,
        summary: 'One case with its broadcasts and sightings',
        params: IdParams,
        response: { 200: MissingPersonCaseView, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      const found = await requireCase(request, id);
      return { ...found, version: ctx.world.version(AggregateType.missingPerson, id) };
    },
  );

  /** The ring now and who it reaches: what the one key sends, and what its preview shows. */
  const planNow = (request: FastifyRequest, found: MissingPersonCase) => {
    const now = ctx.clock.now();
    const radiusMetres = searchRadiusMetres(found, now);
    const scope = new Set(ctx.world.orgTree.subtreeIds(caller(request).orgId));
    const units = ctx.world.unitList.filter((u) => scope.has(u.orgId));
    const tracker = ctx.positions;
    const plan = planSearch(
      found.lastSeen.location,
      radiusMetres,
      units,
      tracker?.positions ?? new Map(),
      ctx.travelTimes,
      now,
      {
        staleAfterSeconds: ctx.config.staleAfterSeconds,
      },
    );
    return { radiusMetres, ...plan };
  };

  app.get(
    '/api/v1/missing-persons/:id/broadcast-preview',
    {
      schema: {
        tags,
        summary:
          'Who the one key would alert now: the ring, every unit inside it (with names) and the sectors',
        params: IdParams,
        response: { 200: BroadcastPreview, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      const found = await requireCase(request, id, 'mobilise');
      const plan = planNow(request, found);
      return {
        ...plan,
        units: plan.unitIds.map((unitId) => {
          const unit = ctx.world.units.get(unitId)?.value;
          return { id: unitId, name: unit?.name ?? unitId, kind: unit?.kind ?? 'unknown' };
        }),
      };
    },
  );

  app.post(
    '/api/v1/missing-persons/:id/broadcast',
    {
      schema: {
        tags,
        summary: 'The one key: tell every unit inside the ring and assign the search sectors',
        params: IdParams,
        response: { 200: MissingPersonCaseView, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      const found = await requireCase(request, id, 'mobilise');
      return run(request, id, { type: 'broadcast', broadcast: planNow(request, found) });
    },
  );

  app.post(
    '/api/v1/missing-persons/:id/sightings',
    {
      schema: {
        tags,
        summary: 'A sighting reported from a phone (shown on the map)',
        params: IdParams,
        body: SightingBody,
        response: { 200: MissingPersonCaseView, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      await requireCase(request, id, 'incident.create');
      return run(request, id, { type: 'sighting', sighting: request.body });
    },
  );

  app.post(
    '/api/v1/missing-persons/:id/found',
    {
      schema: {
        tags,
        summary: 'Found: the case is cleared with the time it took',
        params: IdParams,
        body: FoundBody,
        response: { 200: MissingPersonCaseView, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      await requireCase(request, id, 'incident.update');
      const { location } = request.body;
      return run(request, id, { type: 'found', location });
    },
  );
}
