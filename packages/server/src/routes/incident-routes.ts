import {
  assertNoUnitsOnScene,
  stageMoveAction,
  DomainError,
  DomainErrorCode,
  INCIDENT_WORKFLOW,
  redactContactInEvent,
  tierTimers,
  type Dispatch,
  type Incident,
  type IncidentCommand,
  type Recommendation,
  type StoredEvent,
  CANCELLABLE_DISPATCH_STATUSES,
} from '@jiefang/core';
import type { TypedApp } from '../http/typed-app.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { caller } from '../auth/authenticate.ts';
import { guard, scopeOf } from '../auth/guard.ts';
import { dispatchParts, incidentPart } from '../commands/aggregate-parts.ts';
import type { ServerContext } from '../context.ts';
import {
  errorResponses,
  Id,
  IdempotencyHeaders,
  IdParams,
  IfMatchHeaders,
} from '@jiefang/contract';
import { expectedVersion } from '../http/expected-version.ts';
import { ContactDisclosure } from '../incidents/contact-disclosure.ts';
import { DispatchOffering } from '../incidents/dispatch-offering.ts';
import { recommendedOffers } from '../incidents/recommended-offers.ts';
import { IncidentAccess } from '../incidents/incident-access.ts';
import { IncidentRecords } from '../incidents/incident-records.ts';
import {
  CreateIncidentBody,
  DispatchResponse,
  IncidentResponse,
  LocationInput,
  PrioritySchema,
  RecommendationResponse,
  TierTimersResponse,
  TimelineResponse,
} from '@jiefang/contract';
import { RecommendationCache } from '../incidents/recommendation-cache.ts';
import { AggregateType } from '../world/aggregate-types.ts';
import { idempotencyOf } from '../http/idempotency.ts';

/**
 * Intake and the incident's life: create (with duplicate hint), read (contact redacted unless
 * permitted, disclosures audited), timeline, closed-loop stages, priority, location, cancel,
 * the 1-3-5 recommendation and its one-key dispatch, and the tier timers.
 */
export function incidentRoutes(app: TypedApp, ctx: ServerContext): void {
  const recommendations = RecommendationCache.of(ctx);
  const offering = new DispatchOffering(ctx);
  const tags = ['incidents'];

  const present = async (
    request: FastifyRequest,
    reply: FastifyReply,
    incident: Incident,
    version: number,
    via: string,
  ) => {
    void reply.header('etag', `"${version}"`);
    const shown = await new ContactDisclosure(ctx, request).present(incident, via);
    return { ...shown, version };
  };

  /** Runs one incident command with the client's If-Match; answers with the new state. */
  const update = async (
    request: FastifyRequest & { params: { id: string }; headers: { 'if-match'?: string } },
    reply: FastifyReply,
    command: IncidentCommand,
    via: string,
  ) => {
    const { id } = request.params;
    const { value: incident } = await IncidentRecords.requireIncident(ctx, id);
    guard(ctx, request, 'incident.update', incident.orgId);
    const version = expectedVersion(request.headers['if-match']);
    const result = await ctx.commands.execute(
      incidentPart(ctx, id, command, {}, { expectedVersion: version }),
      caller(request).id,
    );
    const state = result.states[0];
    return present(request, reply, state.data as Incident, state.version, via);
  };

  app.post(
    '/api/v1/incidents',
    {
      schema: {
        tags,
        summary: 'Take a call or alert: create an incident (flags a probable duplicate)',
        headers: IdempotencyHeaders,
        body: CreateIncidentBody,
        response: { 201: IncidentResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const me = caller(request);
      const orgId = body.orgId ?? me.orgId;
      if (!ctx.world.orgs.has(orgId)) {
        throw new DomainError(DomainErrorCode.VALIDATION, `orgId ${orgId} names no org`, 'orgId');
      }
      guard(ctx, request, 'incident.create', orgId);
      IncidentRecords.requireInCity(ctx, body.location);
      const idempotency = idempotencyOf(request);
      const key = idempotency.idempotencyKey;
      const id = IncidentRecords.idFor(ctx, 'incident', key);
      const earlier = key ? await IncidentRecords.findIncident(ctx, id) : undefined;
      if (earlier) {
        IncidentAccess.guardRead(ctx, request, earlier.value);
        void reply.status(201);
        return present(request, reply, earlier.value, earlier.version, 'incident.create');
      }
      // Duplicate hints only among incidents the caller may open.
      const scope = scopeOf(ctx, request);
      const openIncidents = [...ctx.world.incidents.values()]
        .map((i) => i.value)
        .filter((i) => scope.has(i.orgId))
        .filter((i) => i.status === 'open' && i.categoryCode === body.categoryCode);
      const result = await ctx.commands
        .execute(
          incidentPart(
            ctx,
            id,
            {
              type: 'create',
              incidentId: id,
              orgId,
              source: body.source,
              categoryCode: body.categoryCode,
              priority: body.priority,
              location: body.location,
              reporter: body.reporter,
              description: body.description,
              receivedAt: body.receivedAt,
              externalRef: body.externalRef,
            },
            { openIncidents },
            idempotency,
          ),
          me.id,
        )
        .catch(async (error: unknown) => {
          // A concurrent retry of the same request committed first: answer with its incident.
          const first = key ? await IncidentRecords.findIncident(ctx, id) : undefined;
          if (
            error instanceof DomainError &&
            error.code === DomainErrorCode.ALREADY_EXISTS &&
            first
          )
            return { states: [{ data: first.value, version: first.version }] };
          throw error;
        });
      const state = result.states[0];
      void reply.status(201);
      return present(request, reply, state.data as Incident, state.version, 'incident.create');
    },
  );

  app.get(
    '/api/v1/incidents',
    {
      schema: {
        tags,
        summary: 'Incidents in your org subtree, most urgent first, then longest waiting',
        querystring: Type.Object(
          {
            status: Type.Optional(
              Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('cancelled')]),
            ),
            priority: Type.Optional(PrioritySchema),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(IncidentResponse), ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query;
      guard(ctx, request, 'incident.read', caller(request).orgId);
      const snapshots = await ctx.store.list<Incident>({
        aggregateType: AggregateType.incident,
        orgIds: [...scopeOf(ctx, request)],
        statuses: [query.status ?? 'open'],
      });
      const chosen = snapshots
        .filter((s) => query.priority === undefined || s.data.priority === query.priority)
        .sort(
          (a, b) =>
            a.data.priority - b.data.priority || a.data.receivedAt.localeCompare(b.data.receivedAt),
        )
        .slice(0, query.limit ?? 100);
      const shown = await new ContactDisclosure(ctx, request).presentAll(
        chosen.map((s) => s.data),
        'incident.list',
      );
      return shown.map((incident, i) => ({ ...incident, version: chosen[i].version }));
    },
  );

  app.get(
    '/api/v1/incidents/:id',
    {
      schema: {
        tags,
        summary: 'One incident (reporter contact only with incident.read_contact, audited)',
        params: IdParams,
        response: { 200: IncidentResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { value, version } = await IncidentRecords.requireIncident(ctx, id);
      IncidentAccess.guardRead(ctx, request, value);
      return present(request, reply, value, version, 'incident.read');
    },
  );

  app.get(
    '/api/v1/incidents/:id/timeline',
    {
      schema: {
        tags,
        summary: 'Every event of the incident and its dispatches, in order, each with its time',
        params: IdParams,
        response: { 200: TimelineResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { value: incident } = await IncidentRecords.requireIncident(ctx, id);
      IncidentAccess.guardRead(ctx, request, incident);
      const dispatches = await IncidentRecords.dispatchesOf(ctx, incident);
      const histories = await Promise.all([
        ctx.store.history(AggregateType.incident, id),
        ...dispatches.map((d) => ctx.store.history(AggregateType.dispatch, d.value.id)),
      ]);
      const events = histories.flat().sort((a, b) => a.seq - b.seq);
      const disclosure = new ContactDisclosure(ctx, request);
      const disclose = incident.reporter !== undefined && disclosure.mayRead(incident);
      if (disclose) await disclosure.audit([incident], 'incident.timeline');
      return {
        incidentId: id,
        events: events.map((event) => {
          const shown: StoredEvent = disclose ? event : redactContactInEvent(event);
          return {
            seq: shown.seq,
            at: shown.at,
            type: shown.type,
            aggregateType: shown.aggregateType,
            aggregateId: shown.aggregateId,
            version: shown.version,
            actorId: shown.actorId,
            payload: shown.payload,
          };
        }),
      };
    },
  );

  app.post(
    '/api/v1/incidents/:id/stage',
    {
      schema: {
        tags,
        summary: 'Move the incident through the closed loop (analyse → assign → handle → …)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: Type.Object(
          {
            to: Type.String({ minLength: 1, maxLength: 40 }),
            note: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: IncidentResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const { id } = request.params;
      const { value: incident } = await IncidentRecords.requireIncident(ctx, id);
      guard(ctx, request, stageMoveAction(incident.workflow.stage), incident.orgId);
      if (INCIDENT_WORKFLOW.stages.find((s) => s.code === body.to)?.final === true) {
        // Refused with its own code, after the caller's right to change the incident is checked.
        assertNoUnitsOnScene(id, ctx.world.dispatchesOf(id));
      }
      return update(
        request,
        reply,
        { type: 'advance_stage', to: body.to, note: body.note },
        'incident.stage',
      );
    },
  );

  app.post(
    '/api/v1/incidents/:id/reprioritise',
    {
      schema: {
        tags,
        summary: 'Change the priority, with a reason',
        params: IdParams,
        headers: IfMatchHeaders,
        body: Type.Object(
          {
            priority: PrioritySchema,
            reason: Type.String({ minLength: 1, maxLength: 1000 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: IncidentResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      return update(
        request,
        reply,
        { type: 'reprioritise', priority: body.priority, reason: body.reason },
        'incident.reprioritise',
      );
    },
  );

  app.post(
    '/api/v1/incidents/:id/location',
    {
      schema: {
        tags,
        summary: 'Correct the location (must lie in the loaded city)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: Type.Object({ location: LocationInput }, { additionalProperties: false }),
        response: { 200: IncidentResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      IncidentRecords.requireInCity(ctx, body.location);
      return update(
        request,
        reply,
        { type: 'correct_location', location: body.location },
        'incident.location',
      );
    },
  );

  app.post(
    '/api/v1/incidents/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a false or withdrawn call; units not yet on scene are stood down with it',
        params: IdParams,
        headers: IfMatchHeaders,
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 1000 }) },
          { additionalProperties: false },
        ),
        response: { 200: IncidentResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { reason } = request.body;
      const { value: incident } = await IncidentRecords.requireIncident(ctx, id);
      guard(ctx, request, 'incident.update', incident.orgId);
      const version = expectedVersion(request.headers['if-match']);
      return standDown(request, reply, id, { type: 'cancel', reason }, reason, version);
    },
  );

  /**
   * Ends an incident (cancel, or linked as a duplicate) together with every unit still coming to
   * it: the incident and its dispatches change in one transaction, or not at all.
   */
  const standDown = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    command: IncidentCommand,
    reason: string,
    version: number | undefined,
  ) => {
    const coming = ctx.world
      .dispatchesOf(id)
      .filter((d) => CANCELLABLE_DISPATCH_STATUSES.includes(d.status));
    const result = await ctx.commands.executeAll(
      [
        incidentPart(ctx, id, command, {}, { expectedVersion: version }),
        ...coming.flatMap((d) =>
          dispatchParts(ctx, d.id, { type: 'cancel', reason: `incident closed: ${reason}` }),
        ),
        ...recommendations.forgetParts(id),
      ],
      caller(request).id,
    );
    const state = result.states[0];
    return present(request, reply, state.data as Incident, state.version, 'incident.cancel');
  };

  app.post(
    '/api/v1/incidents/:id/link-duplicate',
    {
      schema: {
        tags,
        summary:
          'One action on a duplicate hint: this incident is the other one (default: its probableDuplicateOf); it is cancelled and its units stood down',
        params: IdParams,
        headers: IfMatchHeaders,
        body: Type.Object({ of: Type.Optional(Id) }, { additionalProperties: false }),
        response: { 200: IncidentResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { value: incident } = await IncidentRecords.requireIncident(ctx, id);
      guard(ctx, request, 'incident.update', incident.orgId);
      const of = request.body?.of ?? incident.probableDuplicateOf;
      if (of === undefined) {
        throw new DomainError(
          DomainErrorCode.VALIDATION,
          'the incident has no duplicate hint: name the original incident in `of`',
          'of',
        );
      }
      const { value: original } = await IncidentRecords.requireIncident(ctx, of);
      guard(ctx, request, 'incident.read', original.orgId);
      const version = expectedVersion(request.headers['if-match']);
      return standDown(
        request,
        reply,
        id,
        { type: 'link_duplicate', of },
        `duplicate of ${of}`,
        version,
      );
    },
  );

  app.post(
    '/api/v1/incidents/:id/dismiss-duplicate',
    {
      schema: {
        tags,
        summary: 'The duplicate hint is wrong: remove it and work the incident on its own',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 200: IncidentResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { value: incident } = await IncidentRecords.requireIncident(ctx, id);
      guard(ctx, request, 'incident.update', incident.orgId);
      const version = expectedVersion(request.headers['if-match']);
      const result = await ctx.commands.execute(
        incidentPart(ctx, id, { type: 'dismiss_duplicate' }, {}, { expectedVersion: version }),
        caller(request).id,
      );
      const state = result.states[0];
      return present(request, reply, state.data as Incident, state.version, 'incident.update');
    },
  );

  app.get(
    '/api/v1/incidents/:id/recommendation',
    {
      schema: {
        tags,
        summary: '1-3-5 recommendation: per tier, the best units by road ETA with reasons',
        params: IdParams,
        response: { 200: RecommendationResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { value: incident } = await IncidentRecords.requireIncident(ctx, id);
      guard(ctx, request, 'incident.read', incident.orgId);
      guard(ctx, request, 'unit.read', incident.orgId);
      return recommendationView(
        recommendations.compute(incident, { scopeOrgId: caller(request).orgId }),
      );
    },
  );

  app.post(
    '/api/v1/incidents/:id/dispatch-recommended',
    {
      schema: {
        tags,
        summary:
          'One key: dispatch every recommended unit of every tier in one transaction; re-offers follow the same ranking',
        params: IdParams,
        headers: IdempotencyHeaders,
        response: {
          201: Type.Object({
            recommendation: RecommendationResponse,
            dispatches: Type.Array(DispatchResponse),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { value: incident } = await IncidentRecords.requireIncident(ctx, id);
      guard(ctx, request, 'dispatch.create', incident.orgId);
      const idempotency = idempotencyOf(request);
      const scopeOrgId = caller(request).orgId;
      for (let attempt = 1; ; attempt++) {
        const seen = ctx.bus.appliedSeq;
        const recommendation = recommendations.compute(incident, {
          scopeOrgId,
          onlyWhatRemains: true,
        });
        const offers = recommendedOffers(recommendation);
        let dispatches;
        try {
          // The ranking re-offers follow is committed with the dispatches it produced.
          dispatches = await offering.offer(id, offers, caller(request).id, {
            ...idempotency,
            alsoCommit: () => [recommendations.rememberPart(recommendation, scopeOrgId)],
          });
        } catch (error) {
          // A recommended unit was taken (by another process) before this world heard of it:
          // recommend again from the world that has caught up, at most twice.
          const unitTaken =
            error instanceof DomainError &&
            error.code === DomainErrorCode.ILLEGAL_TRANSITION &&
            error.field === 'unitId';
          if (!unitTaken || attempt >= 3 || ctx.bus.appliedSeq === seen) throw error;
          continue;
        }
        if (offers.length === 0) await recommendations.remember(recommendation, scopeOrgId);
        void reply.status(201);
        return {
          recommendation: recommendationView(recommendation),
          dispatches: dispatches.map((d) => withVersion(ctx, d)),
        };
      }
    },
  );

  app.get(
    '/api/v1/incidents/:id/timers',
    {
      schema: {
        tags,
        summary: 'The 1-3-5 clocks: per tier, elapsed against target and the first arrival',
        params: IdParams,
        response: { 200: TierTimersResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { value: incident } = await IncidentRecords.requireIncident(ctx, id);
      IncidentAccess.guardRead(ctx, request, incident);
      const dispatches = await IncidentRecords.dispatchesOf(ctx, incident);
      const plan = recommendations.planFor(incident);
      const targets = Object.fromEntries(plan.tiers.map((t) => [t.tier, t.targetSeconds]));
      return {
        incidentId: id,
        timers: tierTimers(
          incident,
          dispatches.map((d) => d.value),
          ctx.clock.now(),
          { targets },
        ),
      };
    },
  );
}

function withVersion(ctx: ServerContext, dispatch: Dispatch) {
  return { ...dispatch, version: ctx.world.version(AggregateType.dispatch, dispatch.id) };
}

function recommendationView(recommendation: Recommendation) {
  const candidate = (
    c: Recommendation['tiers'][number]['requirements'][number]['picks'][number],
  ) => {
    const { unitName, unitLocalNames, ...rest } = c;
    return { ...rest, name: unitName, ...(unitLocalNames ? { localNames: unitLocalNames } : {}) };
  };
  return {
    ...recommendation,
    excluded: { ...recommendation.excluded },
    tiers: recommendation.tiers.map((tier) => ({
      tier: tier.tier,
      targetSeconds: tier.targetSeconds,
      remainingSeconds: tier.remainingSeconds,
      acceptTimeoutSeconds: tier.acceptTimeoutSeconds,
      met: tier.met,
      ...(tier.shortfall ? { shortfall: tier.shortfall } : {}),
      candidates: tier.requirements
        .flatMap((r) => r.picks)
        .sort((a, b) => a.etaSeconds - b.etaSeconds)
        .map(candidate),
      requirements: tier.requirements.map((r) => ({
        kinds: r.requirement.kinds,
        count: r.requirement.count,
        ...(r.requirement.profile ? { profile: r.requirement.profile } : {}),
        met: r.met,
        picks: r.picks.map(candidate),
        alternatives: r.alternatives.map(candidate),
      })),
    })),
  };
}
