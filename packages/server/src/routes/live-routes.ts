import type { TypedApp } from '../http/typed-app.ts';
import { Type } from 'typebox';
import { caller } from '../auth/authenticate.ts';
import type { ServerContext } from '../context.ts';
import { errorResponses } from '@jiefang/contract';
import { LiveHub } from '../live/live-hub.ts';
import { checkLiveOrigin } from '../live/origin-check.ts';

/**
 * GET /api/v1/live — the WebSocket of the live map and of devices. The upgrade request is
 * authenticated like any /api/ request (session cookie or `Authorization: Bearer`), so an
 * anonymous upgrade is answered 401 and never becomes a socket.
 *
 * Protocol (JSON text frames; full description in packages/server/LIVE.md):
 *   client → {type:'subscribe', bbox:[w,s,e,n], lastSeq?}
 *   server → {type:'snapshot', seq, bbox, units, incidents, dispatches}   (or, with a recent
 *            lastSeq: the missed {type:'event'} frames then {type:'resynced', fromSeq, seq, events})
 *   server → {type:'event', event}            every committed event of the caller's scope
 *   server → {type:'positions', updates:[…]}  unit positions in bbox and scope, every 250 ms
 *   client → {type:'position', unitId, lon, lat, at, accuracyM, id?}
 *            {type:'positions', fixes:[…], id?}               (device reports, ≤ 1000 per frame)
 *   server → {type:'ack', accepted, rejected:[{index, code, field, message}], id?}
 *   server → {type:'error', code, message, field}             bad frame; the socket stays open
 */
export function liveRoutes(app: TypedApp, ctx: ServerContext): void {
  const hub = new LiveHub(ctx, app.log);
  ctx.services.live = hub;

  app.get(
    '/api/v1/live',
    {
      websocket: true,
      preValidation: async (request) => checkLiveOrigin(request, ctx.config.allowedOrigins),
      schema: {
        tags: ['live'],
        summary: 'WebSocket: live events and positions of your scope; device position reports',
        description:
          'Upgrade to a WebSocket with the session cookie or a bearer token. See packages/server/LIVE.md for the message protocol.',
        response: { 101: Type.Null({ description: 'switching protocols' }), ...errorResponses },
      },
    },
    (socket, request) => {
      hub.connect(socket, caller(request), request.credential);
    },
  );
}
