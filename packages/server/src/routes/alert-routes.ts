import {
  CAP_MAX_BYTES,
  DomainError,
  DomainErrorCode,
  parseCap,
  redactAlert,
  toIso,
  type Alert,
} from '@jiefang/core';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AlertIntake } from '../alerts/alert-intake.ts';
import { alertPart } from '../alerts/alert-parts.ts';
import { caller } from '../auth/authenticate.ts';
import { guard, scopeOf } from '../auth/guard.ts';
import type { ServerContext } from '../context.ts';
import {
  AlertListQuery,
  AlertPersonalView,
  AlertTimeline,
  AlertView,
  CAP_MEDIA_TYPES,
  CapIntakeResult,
  CapMessageBody,
  ClearAlertBody,
  errorResponses,
  IdParams,
} from '@jiefang/contract';
import type { TypedApp } from '../http/typed-app.ts';
import { ServerError, ServerErrorCode } from '../http/server-error.ts';
import { AggregateType } from '../world/aggregate-types.ts';

const tags = ['alerts'];

/** Reads an alert in the caller's scope, from memory when active, else from the store. */
export async function requireAlert(
  ctx: ServerContext,
  request: FastifyRequest,
  id: string,
  action: 'alert.read' | 'alert.read_personal' | 'alert.manage' = 'alert.read',
): Promise<{ alert: Alert; version: number }> {
  const live = ctx.world.alerts.get(id);
  const found = live
    ? { alert: live.value, version: live.version }
    : await ctx.store
        .get<Alert>(AggregateType.alert, id)
        .then((s) => s && { alert: s.data, version: s.version });
  if (!found) throw new DomainError(DomainErrorCode.NOT_FOUND, `no alert ${id}`, 'id');
  guard(ctx, request, action, found.alert.orgId);
  return found;
}

/** Alerts: CAP 1.2 intake, the list and one alert's timeline, clearing by hand. */
export function alertRoutes(app: TypedApp, ctx: ServerContext): void {
  const intake = AlertIntake.of(ctx);
  // CAP arrives as XML; the text is parsed (and bounded) by core's parseCap, not by Fastify.
  app.addContentTypeParser(
    CAP_MEDIA_TYPES,
    { parseAs: 'string', bodyLimit: CAP_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/api/v1/alerts/cap',
    {
      bodyLimit: CAP_MAX_BYTES,
      preValidation: async (request) => {
        const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        if (!CAP_MEDIA_TYPES.includes(type)) {
          throw new ServerError(
            ServerErrorCode.UNSUPPORTED_MEDIA_TYPE,
            415,
            `a CAP message is ${CAP_MEDIA_TYPES.join(' or ')}, not ${type || '(none)'}`,
            'content-type',
          );
        }
      },
      schema: {
        tags,
        summary:
          'Take one OASIS CAP 1.2 message (Alert, Update or Cancel); the same identifier twice is one alert',
        consumes: CAP_MEDIA_TYPES,
        body: CapMessageBody,
        response: {
          200: CapIntakeResult,
          201: CapIntakeResult,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const me = caller(request);
      guard(ctx, request, 'alert.ingest', me.orgId);
      const message = parseCap(request.body);
      const result = await intake.receiveCap(message, me.orgId, me.id);
      void reply.status(result.created ? 201 : 200);
      return {
        alert: { ...redactAlert(result.alert), version: result.version },
        duplicate: result.duplicate,
      };
    },
  );

  app.get(
    '/api/v1/alerts',
    {
      schema: {
        tags,
        summary: 'Alerts of your org subtree, newest first (active and finished)',
        querystring: AlertListQuery,
        response: { 200: Type.Array(AlertView), ...errorResponses },
      },
    },
    async (request) => {
      guard(ctx, request, 'alert.read', caller(request).orgId);
      const { status } = request.query;
      const snapshots = await ctx.store.list<Alert>({
        aggregateType: AggregateType.alert,
        orgIds: [...scopeOf(ctx, request)],
        statuses: status ? [status] : undefined,
        limit: 500,
      });
      return snapshots
        .map((s) => ({ ...redactAlert(s.data), version: s.version }))
        .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
    },
  );

  app.get(
    '/api/v1/alerts/:id',
    {
      schema: {
        tags,
        summary: 'One alert',
        params: IdParams,
        response: { 200: AlertView, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { alert, version } = await requireAlert(ctx, request, id);
      return { ...redactAlert(alert), version };
    },
  );

  app.get(
    '/api/v1/alerts/:id/timeline',
    {
      schema: {
        tags,
        summary: "The alert's timeline: every message, reading and step of its rule's chain",
        params: IdParams,
        response: {
          200: AlertTimeline,
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      await requireAlert(ctx, request, id);
      const events = await ctx.store.history(AggregateType.alert, id);
      // The first event carries the whole alert: its personal data is read through /personal only.
      return events.map((e) => ({
        seq: e.seq,
        type: e.type,
        at: e.at,
        payload: e.type === 'alert.received' ? redactAlert(e.payload as Alert) : e.payload,
      }));
    },
  );

  app.post(
    '/api/v1/alerts/:id/clear',
    {
      schema: {
        tags,
        summary: 'Clear an alert: its chain stops',
        params: IdParams,
        body: ClearAlertBody,
        response: { 200: AlertView, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      await requireAlert(ctx, request, id, 'alert.manage');
      const { reason } = request.body;
      const result = await ctx.commands.execute(
        alertPart(ctx, id, { type: 'clear', reason }),
        caller(request).id,
      );
      return { ...redactAlert(result.states[0].data as Alert), version: result.states[0].version };
    },
  );

  app.get(
    '/api/v1/alerts/:id/personal',
    {
      schema: {
        tags,
        summary:
          "A hit's person details or a public post's content (personal data: every read audited)",
        params: IdParams,
        response: {
          200: AlertPersonalView,
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { alert } = await requireAlert(ctx, request, id, 'alert.read_personal');
      const personal = alert.personal ?? {};
      // Written before the answer leaves: a read that is not recorded does not happen.
      await ctx.store.audit.record({
        at: toIso(ctx.clock.now()),
        actorId: caller(request).id,
        action: 'alert.personal.read',
        subjectType: AggregateType.alert,
        subjectId: alert.id,
        orgId: alert.orgId,
        detail: { fields: Object.keys(personal) },
      });
      return { id: alert.id, ...personal };
    },
  );
}
