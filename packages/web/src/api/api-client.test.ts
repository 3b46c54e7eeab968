// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { ApiClient } from './api-client.ts';
import { ApiError, ClientErrorCode } from './api-error.ts';

type Call = { url: string; init: RequestInit };

function fakeFetch(...answers: (Response | Error)[]) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    const answer = answers.shift();
    if (!answer) throw new Error('no more answers');
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const headersOf = (call: Call) => call.init.headers as Record<string, string>;

describe('ApiClient', () => {
  it('sends JSON with the session cookie and returns the parsed answer', async () => {
    const { fetch, calls } = fakeFetch(json(200, { id: 'u1' }));
    const api = new ApiClient({ fetch });
    await expect(
      api.get('/api/v1/units', { query: { kind: 'police', orgId: undefined } }),
    ).resolves.toEqual({
      id: 'u1',
    });
    expect(calls[0].url).toBe('/api/v1/units?kind=police');
    expect(calls[0].init.credentials).toBe('same-origin');
    expect(headersOf(calls[0]).accept).toBe('application/json');
  });

  it('turns the server error body into an ApiError with code, field and problems', async () => {
    const { fetch } = fakeFetch(
      json(400, {
        error: {
          code: 'ERR_VALIDATION',
          message: 'location.lon must be <= 180',
          field: 'location.lon',
          problems: [{ field: 'location.lon', message: 'must be <= 180' }, { bogus: 1 }],
        },
      }),
    );
    const error = await new ApiClient({ fetch })
      .post('/api/v1/incidents', {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'ERR_VALIDATION',
      field: 'location.lon',
      message: 'location.lon must be <= 180',
      problems: [{ field: 'location.lon', message: 'must be <= 180' }],
    });
  });

  it('maps an answer without an API error body and a failed connection to client codes', async () => {
    const { fetch } = fakeFetch(
      new Response('<html>Bad Gateway</html>', { status: 502 }),
      new TypeError('Failed to fetch'),
    );
    const api = new ApiClient({ fetch });
    await expect(api.get('/api/v1/units')).rejects.toMatchObject({
      status: 502,
      code: ClientErrorCode.UNEXPECTED_RESPONSE,
    });
    await expect(api.get('/api/v1/units')).rejects.toMatchObject({
      status: 0,
      code: ClientErrorCode.NETWORK,
    });
  });

  it('reports a lost session once per 401 ERR_UNAUTHENTICATED', async () => {
    const { fetch } = fakeFetch(
      json(401, { error: { code: 'ERR_UNAUTHENTICATED', message: 'log in' } }),
    );
    const onUnauthenticated = vi.fn();
    const api = new ApiClient({ fetch, onUnauthenticated });
    await expect(api.get('/api/v1/auth/me')).rejects.toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
  });

  it('sends If-Match with the version read', async () => {
    const { fetch, calls } = fakeFetch(json(200, {}));
    await new ApiClient({ fetch }).patch('/api/v1/units/u1', { name: 'P-1' }, { ifMatch: 7 });
    expect(headersOf(calls[0])['if-match']).toBe('"7"');
    expect(headersOf(calls[0])['content-type']).toBe('application/json');
    expect(calls[0].init.body).toBe('{"name":"P-1"}');
  });

  it('gives a create an Idempotency-Key and retries it with the same key after a 503 or network error', async () => {
    const { fetch, calls } = fakeFetch(
      json(503, { error: { code: 'ERR_STORE_BUSY', message: 'busy' } }),
      new TypeError('connection reset'),
      json(201, { id: 'incident-1' }),
    );
    const api = new ApiClient({ fetch, newKey: () => 'key-0001', retryDelayMs: () => 0 });
    await expect(api.create('/api/v1/incidents', { description: 'x' })).resolves.toEqual({
      id: 'incident-1',
    });
    expect(calls).toHaveLength(3);
    expect(calls.map((c) => headersOf(c)['idempotency-key'])).toEqual([
      'key-0001',
      'key-0001',
      'key-0001',
    ]);
  });

  it('does not retry a create the server refused', async () => {
    const { fetch, calls } = fakeFetch(
      json(409, { error: { code: 'ERR_ILLEGAL_TRANSITION', message: 'no' } }),
    );
    const api = new ApiClient({ fetch, retryDelayMs: () => 0 });
    await expect(api.create('/api/v1/dispatches', {})).rejects.toMatchObject({
      code: 'ERR_ILLEGAL_TRANSITION',
    });
    expect(calls).toHaveLength(1);
  });

  it('answers undefined for 204', async () => {
    const { fetch } = fakeFetch(new Response(null, { status: 204 }));
    await expect(new ApiClient({ fetch }).post('/api/v1/auth/logout')).resolves.toBeUndefined();
  });
});
