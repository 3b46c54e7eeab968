import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { stringify } from 'safe-stable-stringify';
import { caller } from '../auth/authenticate.ts';
import type { ServerContext } from '../context.ts';

/** What a command carries from a request's Idempotency-Key header to the store. */
export interface Idempotency {
  /** The header's key scoped to the caller: two callers' equal keys never meet. */
  idempotencyKey: string;
  /** Digest of the method, URL and body: the same key with another digest is a reused key. */
  requestHash: string;
}

/**
 * The request's idempotency, or nothing when it carries no key. Spread into a command's options
 * or parts (`...idempotencyOf(request)`). The key is stored with the caller's account id in front,
 * so a key another account chose answers that account only; the body is serialised with sorted
 * keys, so a retry whose JSON lists the same fields in another order is still the same request.
 */
export function idempotencyOf(request: FastifyRequest): Partial<Idempotency> {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string') return {};
  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.url}\n${stringify(request.body ?? null)}`)
    .digest('hex');
  return { idempotencyKey: `${caller(request).id}/${key}`, requestHash };
}

/** True when the route's schema declares the Idempotency-Key header (only those honour it). */
export function acceptsIdempotencyKey(request: FastifyRequest): boolean {
  const headers = request.routeOptions.schema?.headers as
    { properties?: Record<string, unknown> } | undefined;
  return headers?.properties?.['idempotency-key'] !== undefined;
}

/**
 * True when this caller's key already made a change (with this request; another request is
 * refused). For steps decided from the current state, where deciding a resent step again
 * would refuse it (a second "accept") instead of answering it.
 */
export async function answeredBefore(
  ctx: Pick<ServerContext, 'store'>,
  { idempotencyKey, requestHash }: Partial<Idempotency>,
): Promise<boolean> {
  if (idempotencyKey === undefined) return false;
  return (await ctx.store.findIdempotent(idempotencyKey, requestHash)) !== undefined;
}
