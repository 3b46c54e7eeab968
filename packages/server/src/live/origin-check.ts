import type { FastifyRequest } from 'fastify';
import { ServerError, ServerErrorCode } from '../http/server-error.ts';

/**
 * A browser sends the session cookie with any WebSocket upgrade, whichever site opened it, and
 * CORS does not apply to WebSockets: without this check another site's page could read a
 * dispatcher's live feed (cross-site WebSocket hijacking). Devices and tools send no Origin.
 */
export function checkLiveOrigin(request: FastifyRequest, allowedOrigins: readonly string[]): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw refused(origin);
  }
  if (host === request.host || allowedOrigins.includes(origin)) return;
  throw refused(origin);
}

function refused(origin: string): ServerError {
  return new ServerError(
    ServerErrorCode.ORIGIN_NOT_ALLOWED,
    403,
    `the live feed does not accept connections from ${origin.slice(0, 200)}`,
    'Origin',
  );
}
