import { DomainError, DomainErrorCode } from '@jiefang/core';
import { RoutingError, RoutingErrorCode } from '@jiefang/routing';
import { isStoreError, StoreErrorCode } from '@jiefang/store';
import { ServerError, ServerErrorCode } from './server-error.ts';

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    field?: string;
    problems?: readonly { field: string; message: string }[];
  };
}

/**
 * The only place where domain, routing and store errors become HTTP statuses (Fastify's rule:
 * packages raise coded errors, the server maps them). Anything unknown is a 500 whose details
 * go to the log, never to the client.
 */
const DOMAIN_STATUS: Record<string, number> = {
  [DomainErrorCode.VALIDATION]: 400,
  [DomainErrorCode.ILLEGAL_TRANSITION]: 409,
  [DomainErrorCode.NOT_FOUND]: 404,
  [DomainErrorCode.ALREADY_EXISTS]: 409,
  [DomainErrorCode.FORBIDDEN]: 403,
  [DomainErrorCode.OUT_OF_SCOPE]: 403,
  [DomainErrorCode.VERSION_CONFLICT]: 409,
  [DomainErrorCode.STALE_POSITION]: 422,
  [DomainErrorCode.UNITS_ON_SCENE]: 409,
};

const ROUTING_STATUS: Record<string, number> = {
  [RoutingErrorCode.INVALID_COORDINATE]: 400,
  [RoutingErrorCode.POINT_NOT_ON_NETWORK]: 422,
  [RoutingErrorCode.INVALID_ARGUMENT]: 400,
  [RoutingErrorCode.PROFILE_UNKNOWN]: 400,
};

const STORE_STATUS: Record<string, number> = {
  [StoreErrorCode.VERSION_CONFLICT]: 409,
  [StoreErrorCode.IDEMPOTENCY_KEY_REUSED]: 422,
  [StoreErrorCode.INVALID_ARGUMENT]: 400,
  [StoreErrorCode.STORE_UNAVAILABLE]: 503,
  [StoreErrorCode.STORE_BUSY]: 503,
  [StoreErrorCode.STORE_CLOSED]: 503,
};

export function toHttpError(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof ServerError) {
    return { status: error.statusCode, body: body(error.code, error.message, error.field) };
  }
  if (error instanceof DomainError) {
    return {
      status: DOMAIN_STATUS[error.code] ?? 400,
      body: body(error.code, error.message, error.field, error.problems),
    };
  }
  if (error instanceof RoutingError && ROUTING_STATUS[error.code] !== undefined) {
    return {
      status: ROUTING_STATUS[error.code],
      body: body(error.code, error.message, error.field),
    };
  }
  if (isStoreError(error) && STORE_STATUS[error.code] !== undefined) {
    // A reused key is the client's header at fault: name it, as a field error would.
    const field =
      error.code === StoreErrorCode.IDEMPOTENCY_KEY_REUSED ? 'Idempotency-Key' : undefined;
    return { status: STORE_STATUS[error.code], body: body(error.code, error.message, field) };
  }
  const fastify = error as {
    statusCode?: number;
    code?: string;
    validation?: { instancePath?: string; message?: string; params?: Record<string, unknown> }[];
    validationContext?: string;
    message?: string;
  };
  if (fastify?.validation) {
    const problems = fastify.validation.map((v) => ({
      field: fieldOf(fastify.validationContext, v.instancePath, v.params),
      message: v.message ?? 'is invalid',
    }));
    return {
      status: 400,
      body: body(
        DomainErrorCode.VALIDATION,
        problems.map((p) => `${p.field} ${p.message}`).join('; '),
        problems[0]?.field,
        problems,
      ),
    };
  }
  if (fastify?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { status: 413, body: body(ServerErrorCode.BODY_TOO_LARGE, 'request body is too large') };
  }
  if (fastify?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return {
      status: 415,
      body: body(ServerErrorCode.UNSUPPORTED_MEDIA_TYPE, 'send application/json'),
    };
  }
  if (
    typeof fastify?.statusCode === 'number' &&
    fastify.statusCode >= 400 &&
    fastify.statusCode < 500
  ) {
    const code =
      fastify.statusCode === 429 ? ServerErrorCode.RATE_LIMITED : ServerErrorCode.BAD_REQUEST;
    return { status: fastify.statusCode, body: body(code, fastify.message ?? 'bad request') };
  }
  return {
    status: 500,
    body: body(ServerErrorCode.INTERNAL, 'internal error; see the server log'),
  };
}

function body(
  code: string,
  message: string,
  field?: string,
  problems?: readonly { field: string; message: string }[],
): ErrorBody {
  return {
    error: { code, message, ...(field ? { field } : {}), ...(problems ? { problems } : {}) },
  };
}

/** '/location/lon' in the body → 'location.lon'; a missing property names itself. */
function fieldOf(
  context: string | undefined,
  path: string | undefined,
  params?: Record<string, unknown>,
): string {
  const parts = (path ?? '').split('/').filter(Boolean);
  if (params && typeof params.missingProperty === 'string') parts.push(params.missingProperty);
  if (params && typeof params.additionalProperty === 'string')
    parts.push(params.additionalProperty);
  const field = parts.join('.');
  if (field !== '') return field;
  return context ?? 'body';
}
