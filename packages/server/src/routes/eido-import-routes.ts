import { createHash } from 'node:crypto';
import { DomainError, DomainErrorCode, type Partner } from '@jiefang/core';
import { errorResponses } from '@jiefang/contract';
import { Type } from 'typebox';
import { SIGNATURE_HEADERS, verifyWebhook } from '../alerts/webhook-signature.ts';
import { incidentPart } from '../commands/aggregate-parts.ts';
import type { ServerContext } from '../context.ts';
import { checkEido, eidoToIncident } from '../eido/eido-to-incident.ts';
import { ServerError, ServerErrorCode } from '../http/server-error.ts';
import { keepRawJsonBodies } from '../http/signed-json-body.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { IncidentRecords } from '../incidents/incident-records.ts';

const ImportAnswer = Type.Object({
  incidentId: Type.String(),
  created: Type.Boolean({ description: 'false when the incident was here already' }),
  linked: Type.Union([Type.Literal('imported'), Type.Literal('own'), Type.Literal('known')], {
    description:
      'imported: a new linked incident; own: our own incident came back; known: imported before',
  }),
});

/** The CAD partner that holds a key id (keys are per partner, so the key names the sender). */
function cadPartnerOf(ctx: ServerContext, keyId: unknown): Partner | undefined {
  if (typeof keyId !== 'string') return undefined;
  for (const { value } of ctx.world.partners.values())
    if (value.kind === 'cad' && value.keys.some((k) => k.keyId === keyId)) return value;
  return undefined;
}

/**
 * EIDO import (NENA-STA-021): another centre's CAD posts an incident as an EIDO JSON message,
 * signed like every partner webhook (HMAC-SHA256 over "<timestamp>.<body>" with a key of a
 * registered `cad` partner). It becomes a linked incident of the partner's org, keeping the
 * sender's tracking identifier; the same message twice is refused as a replay; an incident
 * that is ours (exported earlier and sent back) or was imported before is answered, not copied.
 */
export function eidoImportRoutes(app: TypedApp, ctx: ServerContext): void {
  void app.register(async (signed) => {
    const rawBodyOf = keepRawJsonBodies(signed);
    signed.post(
      '/api/v1/eido',
      {
        config: { public: true },
        preValidation: async (request) => {
          const partner = cadPartnerOf(ctx, request.headers[SIGNATURE_HEADERS.keyId]);
          const body = rawBodyOf(request);
          try {
            verifyWebhook(partner, request.headers, body.raw, ctx.clock.now());
          } catch (error) {
            request.log.warn({ code: (error as ServerError).code }, 'EIDO import refused');
            throw error;
          }
          if (body.unparsable) {
            request.log.warn({ partner: partner?.id }, 'EIDO import refused: body is not JSON');
            throw new DomainError(DomainErrorCode.VALIDATION, 'the body is not JSON', 'body');
          }
        },
        schema: {
          tags: ['incidents'],
          summary:
            'Import an incident from another centre as an EIDO JSON message (NENA-STA-021.1a-2022 subset), signed by a registered CAD partner',
          security: [],
          // EIDO names its references "$ref", which OpenAPI tooling reads as schema references:
          // the body is checked against EidoMessage (eido/eido-schema.ts) in the handler.
          body: Type.Object({}, { additionalProperties: true, description: 'EIDO message' }),
          response: { 200: ImportAnswer, 201: ImportAnswer, ...errorResponses },
        },
      },
      async (request, reply) => {
        const partner = cadPartnerOf(ctx, request.headers[SIGNATURE_HEADERS.keyId])!;
        const message = checkEido(request.body);
        const trackingId = message.incidentComponent[0].incidentTrackingIdentifier;
        const key = `eido:${partner.id}:${message.eidoMessageIdentifier}`;
        if (await ctx.store.findIdempotent(key)) {
          request.log.warn({ partner: partner.id }, 'EIDO import replayed');
          throw new ServerError(
            ServerErrorCode.WEBHOOK_REPLAYED,
            400,
            `EIDO message ${message.eidoMessageIdentifier} was taken before`,
            'eidoMessageIdentifier',
          );
        }
        // Our own incident, exported and sent back: the tracking id is its id here.
        const own = await IncidentRecords.findIncident(ctx, trackingId);
        if (own && ctx.world.orgTree.isWithin(own.value.orgId, partner.orgId))
          return { incidentId: own.value.id, created: false, linked: 'own' as const };
        // One linked incident per sender and tracking id, whatever the message.
        const incidentId = `eido-${createHash('sha256').update(`${partner.id}\u0000${trackingId}`).digest('hex').slice(0, 32)}`;
        const known = await IncidentRecords.findIncident(ctx, incidentId);
        if (known) return { incidentId, created: false, linked: 'known' as const };
        const command = eidoToIncident(
          message,
          { incidentId, orgId: partner.orgId },
          ctx.catalogue,
        );
        await ctx.commands.execute(
          { ...incidentPart(ctx, incidentId, command), idempotencyKey: key },
          null,
        );
        void reply.status(201);
        return { incidentId, created: true, linked: 'imported' as const };
      },
    );
  });
}
