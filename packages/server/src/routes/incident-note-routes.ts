import {
  can,
  DomainError,
  DomainErrorCode,
  TAKEN_DISPATCH_STATUSES,
  type Incident,
} from '@jiefang/core';
import {
  AddIncidentNoteBody,
  errorResponses,
  IdempotencyHeaders,
  IdParams,
  IncidentResponse,
} from '@jiefang/contract';
import { caller } from '../auth/authenticate.ts';
import { guard } from '../auth/guard.ts';
import { incidentPart } from '../commands/aggregate-parts.ts';
import type { ServerContext } from '../context.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { idempotencyOf } from '../http/idempotency.ts';
import { ContactDisclosure } from '../incidents/contact-disclosure.ts';
import { IncidentRecords } from '../incidents/incident-records.ts';

/**
 * Notes on an incident's timeline: the command room's in its scope, a responder's for their own
 * unit once it has taken the job (the phone queues them offline with an Idempotency-Key, so a
 * resend after a lost answer adds nothing).
 */
export function incidentNoteRoutes(app: TypedApp, ctx: ServerContext): void {
  app.post(
    '/api/v1/incidents/:id/notes',
    {
      schema: {
        tags: ['incidents'],
        summary: "Add a note to the incident's timeline (responders: for their own unit's job)",
        params: IdParams,
        headers: IdempotencyHeaders,
        body: AddIncidentNoteBody,
        response: { 201: IncidentResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { text, unitId } = request.body;
      const { value: incident } = await IncidentRecords.requireIncident(ctx, id);
      const me = caller(request);
      if (unitId === undefined) {
        guard(ctx, request, 'incident.note', incident.orgId);
      } else if (!can(me, 'incident.note', incident.orgId, ctx.world.orgTree)) {
        // Writing for a unit: that unit must be the caller's and have taken this job.
        const unit = ctx.world.units.get(unitId)?.value;
        if (!unit) throw new DomainError(DomainErrorCode.NOT_FOUND, `no unit ${unitId}`, 'unitId');
        guard(ctx, request, 'incident.note', unit.orgId, { unitId });
        const onJob = ctx.world
          .dispatchesOf(incident.id)
          .some((d) => d.unitId === unitId && TAKEN_DISPATCH_STATUSES.includes(d.status));
        if (!onJob)
          throw new DomainError(
            DomainErrorCode.FORBIDDEN,
            `unit ${unitId} has not taken a job on incident ${incident.id}`,
            'unitId',
          );
      }
      const result = await ctx.commands.executeWithRetry(
        () => [
          incidentPart(
            ctx,
            id,
            { type: 'add_note', text, ...(unitId !== undefined ? { unitId } : {}) },
            {},
            idempotencyOf(request),
          ),
        ],
        me.id,
      );
      const state = result.states[0];
      void reply.header('etag', `"${state.version}"`);
      const shown = await new ContactDisclosure(ctx, request).present(
        state.data as Incident,
        'incident.note',
      );
      return reply.code(201).send({ ...shown, version: state.version });
    },
  );
}
