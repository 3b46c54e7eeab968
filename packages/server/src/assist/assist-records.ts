import {
  can,
  decideAssistRequest,
  DomainError,
  DomainErrorCode,
  type AssistCommand,
  type AssistRequest,
} from '@jiefang/core';
import type { AssistRequestView } from '@jiefang/contract';
import type { FastifyRequest } from 'fastify';
import { caller } from '../auth/authenticate.ts';
import { guard } from '../auth/guard.ts';
import type { CommandPart } from '../commands/command-service.ts';
import type { ServerContext } from '../context.ts';
import { AggregateType } from '../world/aggregate-types.ts';

/**
 * Assist requests as the server keeps and shows them: the command part, the read with its scope
 * rule (the requester's side or an asked org's side), and the view both sides see, lent units
 * with their dispatches included.
 */
export const AssistRecords = {
  part(
    ctx: Pick<ServerContext, 'world' | 'clock'>,
    id: string,
    command: AssistCommand,
  ): CommandPart<AssistRequest> {
    const existing = ctx.world.get<AssistRequest>(AggregateType.assistRequest, id);
    const orgId =
      command.type === 'create' ? command.request.fromOrgId : (existing?.fromOrgId ?? '');
    return {
      aggregateType: AggregateType.assistRequest,
      aggregateId: id,
      orgId,
      status: (r) => r.status,
      decide: (state) =>
        decideAssistRequest(state, command, {
          now: ctx.clock.now(),
          actorId: null,
          orgTree: ctx.world.orgTree,
        }),
    };
  },

  async find(ctx: ServerContext, id: string): Promise<{ value: AssistRequest; version: number }> {
    const live = ctx.world.assistRequests.get(id);
    if (live) return live;
    const stored = await ctx.store.get<AssistRequest>(AggregateType.assistRequest, id);
    if (!stored) throw new DomainError(DomainErrorCode.NOT_FOUND, `no assist request ${id}`, 'id');
    return { value: stored.data, version: stored.version };
  },

  /** Readable by the requesting side (assist.request there) or an asked org's (assist.answer). */
  visibleTo(ctx: ServerContext, request: FastifyRequest, assist: AssistRequest): boolean {
    const me = caller(request);
    const tree = ctx.world.orgTree;
    return (
      can(me, 'assist.request', assist.fromOrgId, tree) ||
      assist.recipients.some((r) => can(me, 'assist.answer', r.orgId, tree))
    );
  },

  /** Throws the requesting side's refusal (forbidden or out of scope) when not visible. */
  guardRead(ctx: ServerContext, request: FastifyRequest, assist: AssistRequest): void {
    if (AssistRecords.visibleTo(ctx, request, assist)) return;
    guard(ctx, request, 'assist.request', assist.fromOrgId);
  },

  view(ctx: ServerContext, assist: AssistRequest, version: number): AssistRequestView {
    const orgName = (id: string) => ctx.world.orgs.get(id)?.value.name ?? id;
    const dispatches = assist.incidentId ? ctx.world.dispatchesOf(assist.incidentId) : [];
    const lentUnits = assist.recipients.flatMap((r) =>
      (r.answer?.unitIds ?? []).map((unitId) => {
        // The unit's latest dispatch to the incident (a re-sent unit has several).
        const dispatch = dispatches
          .filter((d) => d.unitId === unitId)
          .sort((a, b) => (b.times.notified ?? '').localeCompare(a.times.notified ?? ''))[0];
        return {
          unitId,
          unitName: ctx.world.units.get(unitId)?.value.name ?? unitId,
          lentBy: r.orgId,
          ...(dispatch ? { dispatchId: dispatch.id, dispatchStatus: dispatch.status } : {}),
        };
      }),
    );
    return {
      ...assist,
      fromOrgName: orgName(assist.fromOrgId),
      recipients: assist.recipients.map((r) => ({ ...r, orgName: orgName(r.orgId) })),
      lentUnits,
      version,
    };
  },
};
