import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { CommandPart } from '../commands/command-service.ts';
import type { ServerContext } from '../context.ts';
import { idempotencyOf, type Idempotency } from '../http/idempotency.ts';

/**
 * The id of an aggregate a create request makes. With an Idempotency-Key and no explicit id, the
 * id is derived from the caller and the key, so a retried request names the same aggregate and
 * the route can answer with what the first attempt created (CommandService decides before the
 * store sees the key, so a fresh random id per retry would not be recognised as a replay).
 */
export function createdId(
  ctx: ServerContext,
  request: FastifyRequest,
  prefix: string,
  explicitId: string | undefined,
): string {
  if (explicitId !== undefined) return explicitId;
  const key = idempotencyOf(request).idempotencyKey;
  if (key === undefined) return ctx.newId();
  const digest = createHash('sha256').update(key).digest('hex');
  return `${prefix}-${digest.slice(0, 24)}`;
}

/** For a create whose id already exists: true when it is a retry, not a clash of explicit ids. */
export function isRetriedCreate(request: FastifyRequest, explicitId: string | undefined): boolean {
  return explicitId === undefined && typeof request.headers['idempotency-key'] === 'string';
}

/**
 * One Idempotency-Key for a command of several parts: the first part keeps it, the others get
 * it suffixed with their aggregate, so the store can tell every part of a retry.
 */
export function withIdempotencyKey(
  parts: CommandPart<unknown>[],
  { idempotencyKey: key, requestHash }: Partial<Idempotency>,
): CommandPart<unknown>[] {
  if (key === undefined) return parts;
  return parts.map((part, i) => ({
    ...part,
    idempotencyKey: i === 0 ? key : `${key}/${part.aggregateType}/${part.aggregateId}`,
    requestHash,
  }));
}
