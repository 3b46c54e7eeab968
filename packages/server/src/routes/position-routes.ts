import type { TypedApp } from '../http/typed-app.ts';
import { Type } from 'typebox';
import { caller } from '../auth/authenticate.ts';
import type { ServerContext } from '../context.ts';
import { errorResponses, Id } from '@jiefang/contract';
import { ingestFixes, MAX_FIXES_PER_BATCH } from '../live/position-ingest.ts';

/**
 * Types only: ranges (coordinates, age of the fix) are checked per fix by core, so one bad fix
 * is rejected with its index instead of failing the whole batch.
 */
const Fix = Type.Object(
  {
    unitId: Id,
    lon: Type.Number(),
    lat: Type.Number(),
    at: Type.Number({ description: 'epoch milliseconds of the fix' }),
    accuracyM: Type.Number({ description: 'accuracy radius in metres' }),
  },
  { additionalProperties: false },
);

/** Device position reports over HTTP (the WebSocket takes the same through the live hub). */
export function positionRoutes(app: TypedApp, ctx: ServerContext): void {
  app.post(
    '/api/v1/positions',
    {
      schema: {
        tags: ['positions'],
        summary:
          'Report unit positions (up to 1000 fixes); responders and grid workers only for their own unit',
        body: Type.Array(Fix, { minItems: 1, maxItems: MAX_FIXES_PER_BATCH }),
        response: {
          200: Type.Object({
            accepted: Type.Integer(),
            rejected: Type.Array(
              Type.Object({
                index: Type.Integer(),
                code: Type.String(),
                field: Type.String(),
                message: Type.String(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ingestFixes(ctx, caller(request), request.body),
  );
}
