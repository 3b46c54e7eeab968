import { DomainError, DomainErrorCode, redactAlert, type Partner } from '@jiefang/core';
import { Type } from 'typebox';
import { AlertIntake } from '../alerts/alert-intake.ts';
import { partnerPart } from '../alerts/alert-parts.ts';
import { verifyWebhook } from '../alerts/webhook-signature.ts';
import { caller, newSecret } from '../auth/authenticate.ts';
import { guard, scopeOf } from '../auth/guard.ts';
import type { ServerContext } from '../context.ts';
import {
  errorResponses,
  IdParams,
  PartnerEventBody,
  PartnerEventResult,
  PartnerKeyIssued,
  PartnerView,
  RegisterPartnerBody,
  RotatePartnerKeyBody,
} from '@jiefang/contract';
import type { TypedApp } from '../http/typed-app.ts';
import { ServerError, ServerErrorCode } from '../http/server-error.ts';
import { keepRawJsonBodies } from '../http/signed-json-body.ts';
import { AggregateType } from '../world/aggregate-types.ts';

const tags = ['partners'];

/** A partner as clients see it: key ids and validity, never a secret. */
const view = (partner: Partner) => ({
  ...partner,
  keys: partner.keys.map(({ secret: _secret, ...key }) => key),
});

/** Partner platforms: registration and key rotation (admins), and their signed webhook. */
export function partnerRoutes(app: TypedApp, ctx: ServerContext): void {
  const intake = AlertIntake.of(ctx);

  app.get(
    '/api/v1/partners',
    {
      schema: {
        tags,
        summary: 'Partner platforms of your org subtree',
        response: { 200: Type.Array(PartnerView), ...errorResponses },
      },
    },
    async (request) => {
      guard(ctx, request, 'user.manage', caller(request).orgId);
      const scope = scopeOf(ctx, request);
      return [...ctx.world.partners.values()]
        .map((p) => p.value)
        .filter((p) => scope.has(p.orgId))
        .map(view);
    },
  );

  app.post(
    '/api/v1/partners',
    {
      schema: {
        tags,
        summary:
          'Register a partner platform; the answer carries its first signing secret, shown once',
        body: RegisterPartnerBody,
        response: {
          201: PartnerKeyIssued,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      guard(ctx, request, 'user.manage', body.orgId);
      body.zones.forEach((zone, i) => {
        if (!ctx.world.orgs.has(zone.orgId) || !ctx.world.orgTree.isWithin(zone.orgId, body.orgId))
          throw new DomainError(
            DomainErrorCode.VALIDATION,
            `zone org ${zone.orgId} is not within ${body.orgId}`,
            `zones[${i}].orgId`,
          );
      });
      const key = { keyId: `${body.id}-k1`, secret: newSecret() };
      const result = await ctx.commands.execute(
        partnerPart(ctx, body.id, { type: 'register', partner: body, key }),
        caller(request).id,
      );
      void reply.status(201);
      return { partner: view(result.states[0].data as Partner), ...key };
    },
  );

  app.post(
    '/api/v1/partners/:id/keys',
    {
      schema: {
        tags,
        summary:
          'Rotate the signing key: a new secret; the keys in use stay valid for overlapSeconds',
        params: IdParams,
        body: RotatePartnerKeyBody,
        response: {
          201: PartnerKeyIssued,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const partner = ctx.world.get<Partner>(AggregateType.partner, id);
      if (!partner) throw new DomainError(DomainErrorCode.NOT_FOUND, `no partner ${id}`, 'id');
      guard(ctx, request, 'user.manage', partner.orgId);
      const { overlapSeconds } = request.body;
      const key = { keyId: `${id}-k${partner.keys.length + 1}`, secret: newSecret() };
      const result = await ctx.commands.execute(
        partnerPart(ctx, id, { type: 'rotate_key', key, overlapSeconds }),
        caller(request).id,
      );
      void reply.status(201);
      return { partner: view(result.states[0].data as Partner), ...key };
    },
  );

  // The signature is over the bytes as sent: the parser keeps them, and preValidation checks the
  // signature before the body's schema is looked at (an unsigned probe learns nothing).
  void app.register(async (signed: TypedApp) => {
    const rawBodyOf = keepRawJsonBodies(signed);
    signed.post(
      '/api/v1/partners/:id/events',
      {
        config: { public: true },
        preValidation: async (request) => {
          const { id } = request.params;
          const body = rawBodyOf(request);
          try {
            verifyWebhook(
              ctx.world.get<Partner>(AggregateType.partner, id),
              request.headers,
              body.raw,
              ctx.clock.now(),
            );
          } catch (error) {
            request.log.warn(
              { partner: id, code: (error as ServerError).code },
              'partner webhook refused',
            );
            throw error;
          }
          if (body.unparsable) {
            request.log.warn({ partner: id }, 'partner webhook refused: body is not JSON');
            throw new DomainError(DomainErrorCode.VALIDATION, 'the body is not JSON', 'body');
          }
        },
        schema: {
          tags,
          summary:
            'A partner event, signed: HMAC-SHA256 over "<timestamp>.<body>" (headers x-jiefang-key-id, x-jiefang-timestamp, x-jiefang-signature)',
          security: [],
          params: IdParams,
          body: PartnerEventBody,
          response: {
            200: PartnerEventResult,
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const { id } = request.params;
        const partner = ctx.world.get<Partner>(AggregateType.partner, id)!;
        const event = request.body;
        const result = await intake.receivePartnerEvent(partner, event);
        if (result?.duplicate) {
          request.log.warn({ partner: id, eventId: event.eventId }, 'partner webhook replayed');
          throw new ServerError(
            ServerErrorCode.WEBHOOK_REPLAYED,
            400,
            `event ${event.eventId} was taken before`,
            'eventId',
          );
        }
        const rule = result?.alert.chain
          ? ctx.world.areaRules.get(result.alert.chain.ruleId)?.value
          : undefined;
        // What the rule asked of the partner so far (the spoken reminders), so it can act on it.
        const actions = (result?.alert.chain?.taken ?? [])
          .filter((t) => t.kind === 'reminder')
          .map((t) => ({ kind: t.kind, text: rule?.steps[t.index]?.text ?? '', at: t.at }));
        return {
          alert: result ? { ...redactAlert(result.alert), version: result.version } : null,
          actions,
        };
      },
    );
  });
}
