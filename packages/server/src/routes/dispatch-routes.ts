import {
  DomainError,
  DomainErrorCode,
  haversineMetres,
  illegalTransition,
  type Incident,
  type Dispatch,
  type DispatchCommand,
  isLiveDispatch,
} from '@jiefang/core';
import type { TypedApp } from '../http/typed-app.ts';
import { Type, type TSchema } from 'typebox';
import { caller } from '../auth/authenticate.ts';
import { guard, scopeOf } from '../auth/guard.ts';
import { dispatchParts } from '../commands/aggregate-parts.ts';
import type { ServerContext } from '../context.ts';
import { errorResponses, Id, IdempotencyHeaders, IdParams, StepHeaders } from '@jiefang/contract';
import { expectedVersion } from '../http/expected-version.ts';
import { DispatchOffering } from '../incidents/dispatch-offering.ts';
import { IncidentAccess } from '../incidents/incident-access.ts';
import { IncidentRecords } from '../incidents/incident-records.ts';
import { DispatchResponse, TierSchema } from '@jiefang/contract';
import { AggregateType } from '../world/aggregate-types.ts';
import { answeredBefore, idempotencyOf } from '../http/idempotency.ts';

const Reason = Type.String({ minLength: 1, maxLength: 1000 });

/** The transitions a person may ask for (time_out is the scheduler's), with their bodies. */
const TRANSITIONS: {
  name: string;
  summary: string;
  body?: TSchema;
  command: (body: Record<string, string | undefined>) => DispatchCommand;
}[] = [
  {
    name: 'deliver',
    summary: 'The alert reached the unit’s device',
    command: () => ({ type: 'deliver' }),
  },
  { name: 'accept', summary: 'The unit takes the job', command: () => ({ type: 'accept' }) },
  {
    name: 'decline',
    summary: 'The unit cannot take the job (the next ranked unit is offered)',
    body: Type.Object({ reason: Reason }, { additionalProperties: false }),
    command: (body) => ({ type: 'decline', reason: body.reason! }),
  },
  { name: 'depart', summary: 'The unit is on its way', command: () => ({ type: 'depart' }) },
  {
    name: 'arrive',
    summary: 'The unit is on scene (also detected from its position within 50 m)',
    command: () => ({ type: 'arrive', source: 'manual' }),
  },
  {
    name: 'clear',
    summary: 'The unit has finished on scene and is available again',
    body: Type.Object(
      { outcome: Type.Optional(Type.String({ maxLength: 1000 })) },
      { additionalProperties: false },
    ),
    command: (body) => ({ type: 'clear', outcome: body.outcome }),
  },
  {
    name: 'cancel',
    summary: 'Stand the unit down before it arrives',
    body: Type.Object({ reason: Reason }, { additionalProperties: false }),
    command: (body) => ({ type: 'cancel', reason: body.reason! }),
  },
];

/**
 * A step's text fields (reason, outcome). The route's own body schema has checked them; the
 * steps share one handler, so the body's type is each schema's, read here without a cast.
 */
function stepFields(body: unknown): Record<string, string | undefined> {
  const fields: Record<string, string | undefined> = {};
  if (typeof body !== 'object' || body === null) return fields;
  for (const [key, value] of Object.entries(body))
    if (typeof value === 'string') fields[key] = value;
  return fields;
}

/**
 * Metres from the unit's last known position to its incident, recorded with a manual "on scene"
 * so the dispatcher sees how far the phone was (undefined when the unit never reported).
 */
function distanceToScene(ctx: ServerContext, dispatch: Dispatch): number | undefined {
  const position = ctx.positions.positions.get(dispatch.unitId);
  const incident = ctx.world.get<Incident>(AggregateType.incident, dispatch.incidentId);
  if (!position || !incident) return undefined;
  return haversineMetres(position.lon, position.lat, incident.location.lon, incident.location.lat);
}

/** Manual dispatch, dispatch reads, and the responder's lifecycle buttons. */
export function dispatchRoutes(app: TypedApp, ctx: ServerContext): void {
  const offering = new DispatchOffering(ctx);
  const tags = ['dispatches'];
  const withVersion = (dispatch: Dispatch, version?: number) => ({
    ...dispatch,
    version: version ?? ctx.world.version(AggregateType.dispatch, dispatch.id),
  });

  app.post(
    '/api/v1/dispatches',
    {
      schema: {
        tags,
        summary:
          'Send one unit to an incident at a tier (takes it off lower-priority work if asked)',
        headers: IdempotencyHeaders,
        body: Type.Object(
          {
            incidentId: Id,
            unitId: Id,
            tier: TierSchema,
            acceptTimeoutSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600 })),
            preempt: Type.Optional(
              Type.Boolean({ description: 'take the unit off lower-priority work' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: DispatchResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const { value: incident } = await IncidentRecords.requireIncident(ctx, body.incidentId);
      guard(ctx, request, 'dispatch.create', incident.orgId);
      const unit = ctx.world.units.get(body.unitId)?.value;
      if (!unit)
        throw new DomainError(DomainErrorCode.NOT_FOUND, `no unit ${body.unitId}`, 'unitId');
      guard(ctx, request, 'dispatch.create', unit.orgId);
      const [dispatch] = await offering.offer(
        incident.id,
        [
          {
            unitId: unit.id,
            tier: body.tier,
            acceptTimeoutSeconds: body.acceptTimeoutSeconds,
            preempt: body.preempt,
          },
        ],
        caller(request).id,
        idempotencyOf(request),
      );
      return reply.status(201).send(withVersion(dispatch));
    },
  );

  app.get(
    '/api/v1/dispatches',
    {
      schema: {
        tags,
        summary: 'The dispatches of one incident (all), or the live dispatches in your scope',
        querystring: Type.Object(
          { incidentId: Type.Optional(Id) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(DispatchResponse), ...errorResponses },
      },
    },
    async (request) => {
      const { incidentId } = request.query;
      if (incidentId !== undefined) {
        const { value: incident } = await IncidentRecords.requireIncident(ctx, incidentId);
        IncidentAccess.guardRead(ctx, request, incident);
        const dispatches = await IncidentRecords.dispatchesOf(ctx, incident);
        return dispatches.map((d) => withVersion(d.value, d.version));
      }
      guard(ctx, request, 'incident.read', caller(request).orgId);
      const scope = scopeOf(ctx, request);
      return [...ctx.world.dispatches.values()]
        .filter((d) => scope.has(d.value.orgId))
        .filter((d) => isLiveDispatch(d.value.status))
        .map((d) => withVersion(d.value, d.version));
    },
  );

  app.get(
    '/api/v1/dispatches/:id',
    {
      schema: {
        tags,
        summary: 'One dispatch with the time of each status',
        params: IdParams,
        response: { 200: DispatchResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { value, version } = await IncidentRecords.requireDispatch(ctx, id);
      IncidentAccess.guardDispatch(ctx, request, value, 'incident.read');
      void reply.header('etag', `"${version}"`);
      return withVersion(value, version);
    },
  );

  for (const transition of TRANSITIONS) {
    app.post(
      `/api/v1/dispatches/:id/${transition.name}`,
      {
        schema: {
          tags,
          summary: transition.summary,
          params: IdParams,
          headers: StepHeaders,
          ...(transition.body ? { body: transition.body } : {}),
          response: { 200: DispatchResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const { value: dispatch, version: current } = await IncidentRecords.requireDispatch(
          ctx,
          id,
        );
        IncidentAccess.guardDispatch(ctx, request, dispatch);
        const idempotency = idempotencyOf(request);
        if (await answeredBefore(ctx, idempotency)) {
          // A resent step (a device replaying its queue): the dispatch as it stands now.
          void reply.header('etag', `"${current}"`);
          return withVersion(dispatch, current);
        }
        const asked = transition.command(stepFields(request.body));
        const command =
          asked.type === 'arrive'
            ? { ...asked, distanceMetres: distanceToScene(ctx, dispatch) }
            : asked;
        if (!ctx.world.dispatches.has(id)) {
          // Only finished dispatches are left out of the live world after a restart.
          throw illegalTransition('dispatch', dispatch.status, command.type);
        }
        const version = expectedVersion(request.headers['if-match']);
        const result = await ctx.commands.executeWithRetry(
          () => dispatchParts(ctx, id, command, { expectedVersion: version, ...idempotency }),
          caller(request).id,
        );
        const state = result.states.find((s) => s.aggregateType === AggregateType.dispatch)!;
        void reply.header('etag', `"${state.version}"`);
        return withVersion(state.data as Dispatch, state.version);
      },
    );
  }
}
