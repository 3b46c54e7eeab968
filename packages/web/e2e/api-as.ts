import type { E2eServer } from './e2e-server.ts';

export type ApiAs = <T>(user: string, method: string, path: string, body?: unknown) => Promise<T>;

/**
 * Calls to the API as demo users (the other side of a browser run: the responder's phone, a
 * second dispatcher), each logged in once with its own session cookie.
 */
export function apiAs(server: () => E2eServer): ApiAs {
  const cookies = new Map<string, string>();
  return async <T>(user: string, method: string, path: string, body?: unknown): Promise<T> => {
    const url = server().url;
    let cookie = cookies.get(user);
    if (!cookie) {
      const login = server().login(user);
      const response = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: login.username, password: login.password }),
      });
      if (!response.ok) throw new Error(`login ${user}: ${response.status}`);
      cookie = response.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      cookies.set(user, cookie);
    }
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        cookie,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'POST' ? { 'idempotency-key': crypto.randomUUID() } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };
}
