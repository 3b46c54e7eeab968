import {
  CAP_SEVERITIES,
  DomainError,
  DomainErrorCode,
  PARTNER_KINDS,
  redactAlert,
  type Partner,
} from '@jiefang/core';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AlertIntake, type PartnerEvent } from '../alerts/alert-intake.ts';
import { partnerPart } from '../alerts/alert-parts.ts';
import { verifyWebhook } from '../alerts/webhook-signature.ts';
import { caller, newSecret } from '../auth/authenticate.ts';
import { guard, scopeOf } from '../auth/guard.ts';
import type { ServerContext } from '../context.ts';
import { errorResponses, Id, IdParams, LonLat } from '@jiefang/contract';
import { ServerError, ServerErrorCode } from '../http/server-error.ts';
import { keepRawJsonBodies } from '../http/signed-json-body.ts';
import { AggregateType } from '../world/aggregate-types.ts';

const tags = ['partners'];

const Ring = Type.Array(LonLat, { minItems: 4, maxItems: 500 });

const PartnerView = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  keys: Type.Array(
    Type.Object({
      keyId: Type.String(),
      createdAt: Type.String(),
      notAfter: Type.Optional(Type.String()),
    }),
  ),
  zones: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), orgId: Type.String(), polygon: Ring }),
  ),
});

/** A partner as clients see it: key ids and validity, never a secret. */
const view = (partner: Partner) => ({
  ...partner,
  keys: partner.keys.map(({ secret: _secret, ...key }) => key),
});

const PartnerEventBody = Type.Object(
  {
    eventId: Type.String({ minLength: 1, maxLength: 200 }),
    occurredAt: Type.String({ format: 'date-time' }),
    kind: Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z_]+$' }),
    zoneId: Type.Optional(Id),
    alertKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    location: Type.Optional(LonLat),
    measure: Type.Optional(
      Type.Object(
        { name: Type.String({ minLength: 1, maxLength: 60 }), value: Type.Number() },
        { additionalProperties: false },
      ),
    ),
    severity: Type.Optional(Type.Union(CAP_SEVERITIES.map((s) => Type.Literal(s)))),
    state: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('cleared')])),
    headline: Type.Optional(Type.String({ maxLength: 500 })),
    area: Type.Optional(
      Type.Object(
        {
          circle: Type.Optional(
            Type.Object(
              { centre: LonLat, radiusM: Type.Number({ exclusiveMinimum: 0, maximum: 50_000 }) },
              { additionalProperties: false },
            ),
          ),
          polygon: Type.Optional(Type.Array(LonLat, { minItems: 4, maxItems: 500 })),
        },
        { additionalProperties: false },
      ),
    ),
    person: Type.Optional(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 100 }),
          idNumber: Type.Optional(Type.String({ maxLength: 40 })),
          photoRef: Type.Optional(Type.String({ maxLength: 500 })),
          reason: Type.Optional(Type.String({ maxLength: 500 })),
        },
        { additionalProperties: false },
      ),
    ),
    post: Type.Optional(
      Type.Object(
        {
          text: Type.String({ minLength: 1, maxLength: 5000 }),
          author: Type.Optional(Type.String({ maxLength: 200 })),
          url: Type.Optional(Type.String({ maxLength: 1000 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** Partner platforms: registration and key rotation (admins), and their signed webhook. */
export function partnerRoutes(app: FastifyInstance, ctx: ServerContext): void {
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
        body: Type.Object(
          {
            id: Id,
            orgId: Id,
            name: Type.String({ minLength: 1, maxLength: 200 }),
            kind: Type.Union(PARTNER_KINDS.map((k) => Type.Literal(k))),
            zones: Type.Array(
              Type.Object(
                {
                  id: Id,
                  name: Type.String({ minLength: 1, maxLength: 200 }),
                  orgId: Id,
                  polygon: Ring,
                },
                { additionalProperties: false },
              ),
              { maxItems: 200 },
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ partner: PartnerView, keyId: Type.String(), secret: Type.String() }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const body = request.body as Omit<Partner, 'keys'>;
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
        body: Type.Object(
          { overlapSeconds: Type.Integer({ minimum: 0, maximum: 7 * 86400 }) },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ partner: PartnerView, keyId: Type.String(), secret: Type.String() }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const partner = ctx.world.get<Partner>(AggregateType.partner, id);
      if (!partner) throw new DomainError(DomainErrorCode.NOT_FOUND, `no partner ${id}`, 'id');
      guard(ctx, request, 'user.manage', partner.orgId);
      const { overlapSeconds } = request.body as { overlapSeconds: number };
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
  void app.register(async (signed) => {
    const rawBodyOf = keepRawJsonBodies(signed);
    signed.post(
      '/api/v1/partners/:id/events',
      {
        config: { public: true },
        preValidation: async (request) => {
          const { id } = request.params as { id: string };
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
            200: Type.Object({
              alert: Type.Union([
                Type.Null(),
                Type.Object(
                  { id: Type.String(), status: Type.String() },
                  { additionalProperties: true },
                ),
              ]),
              actions: Type.Array(
                Type.Object({ kind: Type.String(), text: Type.String(), at: Type.String() }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const { id } = request.params as { id: string };
        const partner = ctx.world.get<Partner>(AggregateType.partner, id)!;
        const event = request.body as PartnerEvent;
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
