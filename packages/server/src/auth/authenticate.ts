import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.ts';
import { unauthenticated } from '../http/server-error.ts';
import { AggregateType } from '../world/aggregate-types.ts';
import type { Account, Credential } from './account.ts';

export const SESSION_COOKIE = 'jf_session';

declare module 'fastify' {
  interface FastifyRequest {
    account?: Account;
    credential?: Credential;
  }
  interface FastifyContextConfig {
    /** Reachable without a session or token (login, health). Everything else is not. */
    public?: boolean;
  }
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Finds the caller from the session cookie (console) or the bearer token (devices,
 * integrations). Credentials live in the in-memory world, so this costs a hash and a lookup.
 */
export function authenticate(ctx: ServerContext, request: FastifyRequest): Account {
  const found = authenticateSecret(ctx, secretOf(request.headers.authorization, request.cookies));
  request.credential = found.credential;
  request.account = found.account;
  return found.account;
}

/** The secret a request carries: a bearer token first, else the session cookie. */
export function secretOf(
  authorization: string | undefined,
  cookies: Record<string, string | undefined> | undefined,
): string | undefined {
  if (typeof authorization === 'string' && authorization.startsWith('Bearer '))
    return authorization.slice(7).trim();
  return cookies?.[SESSION_COOKIE];
}

/**
 * The account and credential behind a session or token secret; the one check every door uses
 * (HTTP requests here, device gateways' WebSocket upgrades in gateway/device-gateways.ts).
 */
export function authenticateSecret(
  ctx: ServerContext,
  secret: string | undefined,
): { account: Account; credential: Credential } {
  if (!secret) throw unauthenticated();
  const credential = ctx.world.get<Credential>(AggregateType.credential, hashSecret(secret));
  if (!credential || credential.revoked)
    throw unauthenticated('the session or token is not valid (log in again)');
  if (Date.parse(credential.expiresAt) <= ctx.clock.now())
    throw unauthenticated('the session or token has expired');
  const account = ctx.world.get<Account>(AggregateType.account, credential.userId);
  if (!account || account.disabled) throw unauthenticated('the account is disabled');
  return { account, credential };
}

/** The authenticated caller; routes call this rather than trusting request.account blindly. */
export function caller(request: FastifyRequest): Account {
  if (!request.account) throw unauthenticated();
  return request.account;
}
