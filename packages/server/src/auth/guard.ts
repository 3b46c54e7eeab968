import { authorize, type Action, type AuthorizeTarget, type Grant } from '@jiefang/core';
import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.ts';
import { caller } from './authenticate.ts';

/** Role and org-scope check for one request; throws core's ERR_FORBIDDEN / ERR_OUT_OF_SCOPE. */
export function guard(
  ctx: ServerContext,
  request: FastifyRequest,
  action: Action,
  targetOrgId: string,
  target: AuthorizeTarget = {},
): Grant {
  return authorize(caller(request), action, targetOrgId, ctx.world.orgTree, target);
}

/** The org ids a caller may see: their org's subtree. */
export function scopeOf(ctx: ServerContext, request: FastifyRequest): Set<string> {
  return new Set(ctx.world.orgTree.subtreeIds(caller(request).orgId));
}
