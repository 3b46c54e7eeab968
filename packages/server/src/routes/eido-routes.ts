import { toIso } from '@jiefang/core';
import { Type } from 'typebox';
import { guard } from '../auth/guard.ts';
import type { ServerContext } from '../context.ts';
import { incidentToEido } from '../eido/incident-to-eido.ts';
import { errorResponses, IdParams } from '@jiefang/contract';
import type { TypedApp } from '../http/typed-app.ts';
import { IncidentRecords } from '../incidents/incident-records.ts';

/** EIDO (NENA-STA-021) exchange: an incident as the standard incident data object. */
export function eidoRoutes(app: TypedApp, ctx: ServerContext): void {
  app.get(
    '/api/v1/incidents/:id/eido',
    {
      schema: {
        tags: ['incidents'],
        summary:
          'The incident as an EIDO JSON message (NENA-STA-021.1a-2022 subset; no reporter contact)',
        params: IdParams,
        // EIDO names its references "$ref", which OpenAPI tooling reads as schema references: the
        // answer is checked against EidoMessage in the tests, documented here as an object.
        response: {
          200: Type.Object(
            {},
            { additionalProperties: true, description: 'EIDO message (eido/eido-schema.ts)' },
          ),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { value: incident } = await IncidentRecords.requireIncident(ctx, id);
      guard(ctx, request, 'incident.read', incident.orgId);
      const dispatches = (await IncidentRecords.dispatchesOf(ctx, incident)).map((d) => d.value);
      const org = ctx.world.orgs.get(incident.orgId)?.value;
      return incidentToEido(
        incident,
        dispatches,
        { id: incident.orgId, name: org?.name ?? incident.orgId },
        `jiefang:${ctx.world.orgTree.ancestors(incident.orgId).at(-1)?.id ?? incident.orgId}`,
        toIso(ctx.clock.now()),
      );
    },
  );
}
