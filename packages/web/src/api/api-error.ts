/** One failing input of a validation error. */
export interface ApiProblem {
  field: string;
  message: string;
}

/** Codes the client itself produces, beside the server's (packages/server/ERRORS.md). */
export const ClientErrorCode = {
  /** The request never got an answer: offline, server down, connection reset. */
  NETWORK: 'ERR_NETWORK',
  /** An answer that is not the API's JSON (a proxy's HTML error page, a truncated body). */
  UNEXPECTED_RESPONSE: 'ERR_UNEXPECTED_RESPONSE',
  /** The caller aborted the request (AbortSignal). */
  ABORTED: 'ERR_ABORTED',
} as const;

/**
 * A failed API call. `code` is stable (clients branch on it, never on `message`); `field` names
 * the failing input when the server said so. Built from the server's
 * `{ error: { code, message, field?, problems? } }` body, or by the client for failures that
 * never reached the API.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status, 0 when there was no answer. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly problems: readonly ApiProblem[] = [],
  ) {
    super(message);
  }

  /** The error an answer with a 4xx/5xx status stands for, whatever its body. */
  static fromResponse(status: number, body: unknown): ApiError {
    const error = (body as { error?: unknown } | null)?.error as
      { code?: unknown; message?: unknown; field?: unknown; problems?: unknown } | undefined;
    if (error && typeof error.code === 'string') {
      const problems = Array.isArray(error.problems)
        ? (error.problems as unknown[]).filter(isProblem)
        : [];
      return new ApiError(
        status,
        error.code,
        typeof error.message === 'string' ? error.message : error.code,
        typeof error.field === 'string' ? error.field : undefined,
        problems,
      );
    }
    return new ApiError(
      status,
      ClientErrorCode.UNEXPECTED_RESPONSE,
      `HTTP ${status} without an API error body`,
    );
  }

  static network(cause: unknown): ApiError {
    const aborted = (cause as { name?: string } | null)?.name === 'AbortError';
    const error = new ApiError(
      0,
      aborted ? ClientErrorCode.ABORTED : ClientErrorCode.NETWORK,
      cause instanceof Error ? cause.message : String(cause),
    );
    (error as { cause?: unknown }).cause = cause;
    return error;
  }

  /** Worth retrying unchanged (with the same Idempotency-Key for a create). */
  get retryable(): boolean {
    return this.code === ClientErrorCode.NETWORK || this.status === 503;
  }
}

function isProblem(value: unknown): value is ApiProblem {
  const p = value as ApiProblem | null;
  return typeof p?.field === 'string' && typeof p.message === 'string';
}
