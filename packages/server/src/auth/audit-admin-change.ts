import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.ts';
import { caller } from './authenticate.ts';

/** One admin change as the audit log keeps it. */
export interface AdminChange {
  /** e.g. 'account.disable', 'plan.replace', 'talk_group.members'. */
  action: string;
  subjectType: string;
  subjectId: string;
  orgId: string;
  detail?: Record<string, unknown>;
}

/**
 * Records who changed accounts, orgs, units, sites, talk groups or plans, after the change
 * committed: the event stream says what changed, the audit log is where an auditor looks for
 * who did it (GET /api/v1/audit), next to the personal-data reads.
 */
export async function auditAdminChange(
  ctx: ServerContext,
  request: FastifyRequest,
  change: AdminChange,
): Promise<void> {
  await ctx.store.audit.record({
    at: new Date(ctx.clock.now()).toISOString(),
    actorId: caller(request).id,
    action: `admin.${change.action}`,
    subjectType: change.subjectType,
    subjectId: change.subjectId,
    orgId: change.orgId,
    detail: change.detail ?? {},
  });
}
