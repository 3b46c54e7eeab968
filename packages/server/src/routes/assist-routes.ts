import { DomainError, DomainErrorCode, toIso, type AssistRequest } from '@jiefang/core';
import {
  AssistActorBody,
  AssistAnswerBody,
  AssistRequestSchema,
  CreateAssistBody,
  errorResponses,
  IdParams,
} from '@jiefang/contract';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AssistRecords } from '../assist/assist-records.ts';
import { caller } from '../auth/authenticate.ts';
import { guard } from '../auth/guard.ts';
import type { CommandResult } from '../commands/command-service.ts';
import type { ServerContext } from '../context.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { DispatchOffering } from '../incidents/dispatch-offering.ts';
import { IncidentAccess } from '../incidents/incident-access.ts';
import { IncidentRecords } from '../incidents/incident-records.ts';
import { AggregateType } from '../world/aggregate-types.ts';

const tags = ['assist requests'];

/**
 * Assist requests across jurisdictions ("one point asks, the whole network answers"): a user
 * asks a named org, its parent or every centre of a level; each asked org's own dispatcher
 * acknowledges and answers, and an accepting answer may lend units, which are sent to the
 * requester's incident in the same transaction. Both sides read the request, its answers and
 * the lent units' dispatches; lending is written to the audit log of both orgs.
 */
export function assistRoutes(app: TypedApp, ctx: ServerContext): void {
  const offering = new DispatchOffering(ctx);
  const answerFor = (request: FastifyRequest, assist: AssistRequest, orgId: string) => {
    // The asked org (or a centre above it) acts; a request it was not asked is out of its scope.
    guard(ctx, request, 'assist.answer', orgId);
    if (!assist.recipients.some((r) => r.orgId === orgId))
      throw new DomainError(
        DomainErrorCode.OUT_OF_SCOPE,
        `org ${orgId} was not asked by assist request ${assist.id}`,
        'orgId',
      );
  };
  const answered = (result: CommandResult) => {
    const state = result.states.find((s) => s.aggregateType === AggregateType.assistRequest)!;
    return AssistRecords.view(ctx, state.data as AssistRequest, state.version);
  };

  app.post(
    '/api/v1/assist-requests',
    {
      schema: {
        tags,
        summary:
          'Ask a named org, your parent or every centre of a level for help (lookup, arrest, search, reinforcement) with a deadline',
        body: CreateAssistBody,
        response: { 201: AssistRequestSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      guard(ctx, request, 'assist.request', body.fromOrgId);
      if (body.incidentId !== undefined) {
        const { value: incident } = await IncidentRecords.requireIncident(ctx, body.incidentId);
        IncidentAccess.guardRead(ctx, request, incident);
      }
      const id = ctx.newId();
      const me = caller(request).id;
      const result = await ctx.commands.execute(
        AssistRecords.part(ctx, id, {
          type: 'create',
          request: {
            id,
            fromOrgId: body.fromOrgId,
            requestedBy: me,
            kind: body.kind,
            text: body.text,
            incidentId: body.incidentId,
            target: body.target,
            windowSeconds: body.deadlineSeconds,
          },
        }),
        me,
      );
      void reply.status(201);
      return answered(result);
    },
  );

  app.get(
    '/api/v1/assist-requests',
    {
      schema: {
        tags,
        summary: 'Open assist requests your org sent or was asked, newest first',
        response: { 200: Type.Array(AssistRequestSchema), ...errorResponses },
      },
    },
    async (request) => {
      guard(ctx, request, 'assist.request', caller(request).orgId);
      return [...ctx.world.assistRequests.values()]
        .filter(({ value }) => AssistRecords.visibleTo(ctx, request, value))
        .sort((a, b) => b.value.createdAt.localeCompare(a.value.createdAt))
        .map(({ value, version }) => AssistRecords.view(ctx, value, version));
    },
  );

  app.get(
    '/api/v1/assist-requests/:id',
    {
      schema: {
        tags,
        summary: 'One assist request: who was asked, who answered what and when, lent units',
        params: IdParams,
        response: { 200: AssistRequestSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { value, version } = await AssistRecords.find(ctx, request.params.id);
      AssistRecords.guardRead(ctx, request, value);
      return AssistRecords.view(ctx, value, version);
    },
  );

  app.post(
    '/api/v1/assist-requests/:id/acknowledge',
    {
      schema: {
        tags,
        summary: 'The asked org has seen the request (its deadline still runs until it answers)',
        params: IdParams,
        body: AssistActorBody,
        response: { 200: AssistRequestSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { value } = await AssistRecords.find(ctx, request.params.id);
      answerFor(request, value, request.body.orgId);
      const me = caller(request).id;
      const result = await ctx.commands.execute(
        AssistRecords.part(ctx, value.id, {
          type: 'acknowledge',
          orgId: request.body.orgId,
          by: me,
        }),
        me,
      );
      return answered(result);
    },
  );

  app.post(
    '/api/v1/assist-requests/:id/answer',
    {
      schema: {
        tags,
        summary:
          'Accept (optionally lending units, sent to the requester’s incident at tier 2) or decline, for an asked org',
        params: IdParams,
        body: AssistAnswerBody,
        response: { 200: AssistRequestSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { value } = await AssistRecords.find(ctx, request.params.id);
      const body = request.body;
      answerFor(request, value, body.orgId);
      const me = caller(request).id;
      const lent = (body.unitIds ?? []).map((unitId) => {
        const unit = ctx.world.units.get(unitId)?.value;
        if (!unit) throw new DomainError(DomainErrorCode.NOT_FOUND, `no unit ${unitId}`, 'unitIds');
        // The lender commits its own units: its dispatcher must be allowed to send them.
        guard(ctx, request, 'dispatch.create', unit.orgId);
        return { unitId, orgId: unit.orgId };
      });
      const answerPart = () =>
        AssistRecords.part(ctx, value.id, {
          type: 'answer',
          orgId: body.orgId,
          by: me,
          decision: body.decision,
          text: body.text,
          lent,
        });
      if (lent.length === 0 || !value.incidentId) {
        return answered(await ctx.commands.execute(answerPart(), me));
      }
      // The answer and the lent units' dispatches commit together, or neither does.
      await offering.offer(
        value.incidentId,
        lent.map((u) => ({ unitId: u.unitId, tier: 2 as const })),
        me,
        { alsoCommit: () => [answerPart()] },
      );
      const at = toIso(ctx.clock.now());
      for (const orgId of new Set([value.fromOrgId, body.orgId])) {
        await ctx.store.audit.record({
          at,
          actorId: me,
          action: 'assist.units_lent',
          subjectType: 'assist_request',
          subjectId: value.id,
          orgId,
          detail: {
            lender: body.orgId,
            requester: value.fromOrgId,
            unitIds: lent.map((u) => u.unitId),
            incidentId: value.incidentId,
          },
        });
      }
      const { value: after, version } = await AssistRecords.find(ctx, value.id);
      return AssistRecords.view(ctx, after, version);
    },
  );

  app.post(
    '/api/v1/assist-requests/:id/close',
    {
      schema: {
        tags,
        summary: 'The requester closes the request (no more answers, no more escalation)',
        params: IdParams,
        response: { 200: AssistRequestSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { value } = await AssistRecords.find(ctx, request.params.id);
      guard(ctx, request, 'assist.request', value.fromOrgId);
      const me = caller(request).id;
      return answered(
        await ctx.commands.execute(
          AssistRecords.part(ctx, value.id, { type: 'close', by: me }),
          me,
        ),
      );
    },
  );
}
