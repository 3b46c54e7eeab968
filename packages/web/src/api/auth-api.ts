import type { ApiClient } from './api-client.ts';
import type { Account, LoginResult } from '@jiefang/contract';

/** Log in: the server sets the HttpOnly session cookie; the account comes back. */
export function login(api: ApiClient, username: string, password: string): Promise<LoginResult> {
  return api.post<LoginResult>('/api/v1/auth/login', { username, password });
}

/** End this session (the cookie is cleared by the server). */
export function logout(api: ApiClient): Promise<void> {
  return api.post<void>('/api/v1/auth/logout');
}

/** The logged-in account, or ApiError ERR_UNAUTHENTICATED. */
export function fetchCurrentAccount(api: ApiClient): Promise<Account> {
  return api.get<Account>('/api/v1/auth/me');
}
