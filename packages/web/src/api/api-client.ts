import { ApiError } from './api-error.ts';

export type QueryValue = string | number | boolean | undefined | null;

export interface RequestOptions {
  /** Query parameters; undefined and null values are left out. */
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  body?: unknown;
  /** The version the caller read: sent as `If-Match`, answered 409 ERR_VERSION_CONFLICT if stale. */
  ifMatch?: number;
  /** Sent as `Idempotency-Key` (creates: see `create`). */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export interface ApiClientOptions {
  /** Prefix of every path; '' for the same origin (the console is served by the API server). */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Called when an answer says the session is gone (401 ERR_UNAUTHENTICATED). */
  onUnauthenticated?: () => void;
  /** Fresh Idempotency-Keys; crypto.randomUUID by default. */
  newKey?: () => string;
  /** How many times a create is retried with the same key after a network error or 503. */
  createRetries?: number;
  /** Wait before retry n (1-based), in ms. */
  retryDelayMs?: (attempt: number) => number;
}

const UNAUTHENTICATED = 'ERR_UNAUTHENTICATED';

/**
 * The console's only way to the API: same-origin requests with the session cookie, JSON in and
 * out, every failure an `ApiError` with the server's code and field. Typed endpoint functions
 * (auth-api.ts, unit-api.ts, …) are thin wrappers over `get`/`create`/`post`/`patch`/`delete`.
 */
export class ApiClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly newKey: () => string;
  private readonly createRetries: number;
  private readonly retryDelayMs: (attempt: number) => number;
  onUnauthenticated: (() => void) | undefined;

  constructor(options: ApiClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? '';
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.onUnauthenticated = options.onUnauthenticated;
    this.newKey = options.newKey ?? (() => crypto.randomUUID());
    this.createRetries = options.createRetries ?? 2;
    this.retryDelayMs = options.retryDelayMs ?? ((attempt) => 400 * attempt);
  }

  get<T>(path: string, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('GET', path, options);
  }

  /** A command that is not a create (transitions, broadcasts): sent once, never retried. */
  post<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }

  patch<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('PATCH', path, { ...options, body });
  }

  delete<T = void>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('DELETE', path, options);
  }

  /**
   * A create (POST that makes a new incident, dispatch, unit…): carries an Idempotency-Key and
   * is retried with the same key after a network failure or 503, so a flaky connection never
   * creates a thing twice. Pass `idempotencyKey` to keep one key across the caller's own retries
   * (e.g. the user pressing the button again after an error).
   */
  async create<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    const idempotencyKey = options.idempotencyKey ?? this.newKey();
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.request<T>('POST', path, { ...options, body, idempotencyKey });
      } catch (error) {
        const retry = error instanceof ApiError && error.retryable && attempt < this.createRetries;
        if (!retry) throw error;
        await sleep(this.retryDelayMs(attempt + 1), options.signal);
      }
    }
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const init: RequestInit = { method, headers, credentials: 'same-origin' };
    if (options.signal) init.signal = options.signal;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    let response: Response;
    try {
      response = await this.fetchImpl(this.url(path, options.query), init);
    } catch (cause) {
      throw ApiError.network(cause);
    }
    const body = await readBody(response);
    if (!response.ok) {
      const error = ApiError.fromResponse(response.status, body);
      if (error.code === UNAUTHENTICATED) this.onUnauthenticated?.();
      throw error;
    }
    return body as T;
  }

  url(path: string, query?: Record<string, QueryValue>): string {
    let url = `${this.baseUrl}${path}`;
    if (query) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        if (value !== undefined && value !== null) params.set(key, String(value));
      }
      const text = params.toString();
      if (text !== '') url += `${url.includes('?') ? '&' : '?'}${text}`;
    }
    return url;
  }
}

/** JSON body, undefined for an empty one (204), the text itself when it is not JSON. */
async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204 || response.status === 304) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
