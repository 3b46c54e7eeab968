/**
 * Errors raised by the server itself (not by core, routing or the store). Every code is in
 * packages/server/ERRORS.md with its HTTP status; a test keeps the two in step.
 */
export const ServerErrorCode = {
  UNAUTHENTICATED: 'ERR_UNAUTHENTICATED',
  BAD_CREDENTIALS: 'ERR_BAD_CREDENTIALS',
  RATE_LIMITED: 'ERR_RATE_LIMITED',
  BODY_TOO_LARGE: 'ERR_BODY_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'ERR_UNSUPPORTED_MEDIA_TYPE',
  BAD_REQUEST: 'ERR_BAD_REQUEST',
  ROUTE_NOT_FOUND: 'ERR_ROUTE_NOT_FOUND',
  INTERNAL: 'ERR_INTERNAL',
  UNAVAILABLE: 'ERR_UNAVAILABLE',
  ORIGIN_NOT_ALLOWED: 'ERR_ORIGIN_NOT_ALLOWED',
  REQUEST_TOO_LARGE: 'ERR_REQUEST_TOO_LARGE',
  /** A partner webhook without a valid HMAC signature (unknown partner or key, wrong signature). */
  SIGNATURE_INVALID: 'ERR_SIGNATURE_INVALID',
  /** A partner webhook whose signed timestamp is more than 5 minutes off the server's clock. */
  SIGNATURE_EXPIRED: 'ERR_SIGNATURE_EXPIRED',
  /** A partner webhook whose event id was already taken. */
  WEBHOOK_REPLAYED: 'ERR_WEBHOOK_REPLAYED',
} as const;

export type ServerErrorCode = (typeof ServerErrorCode)[keyof typeof ServerErrorCode];

export class ServerError extends Error {
  override readonly name = 'ServerError';
  constructor(
    readonly code: ServerErrorCode,
    readonly statusCode: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const unauthenticated = (
  message = 'log in first: no valid session cookie or bearer token',
) => new ServerError(ServerErrorCode.UNAUTHENTICATED, 401, message);
