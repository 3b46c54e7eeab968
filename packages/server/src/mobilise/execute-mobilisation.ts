import { can, type Mobilisation, type User } from '@jiefang/core';
import type { MobilisationResult } from '@jiefang/contract';
import { dispatchParts, talkGroupPart } from '../commands/aggregate-parts.ts';
import type { CommandPart } from '../commands/command-service.ts';
import type { ServerContext } from '../context.ts';

export { MobilisationResult } from '@jiefang/contract';

/**
 * Runs core's mobilisation plan: every dispatch (each with its unit) and the broadcast go into
 * ONE transaction, so a one-click mobilisation happens completely or not at all. Units outside
 * the caller's scope are skipped with a reason rather than failing the whole order.
 */
export async function executeMobilisation(
  ctx: ServerContext,
  user: User,
  plan: Mobilisation,
): Promise<MobilisationResult> {
  const tree = ctx.world.orgTree;
  const parts: CommandPart<unknown>[] = [];
  const dispatched: MobilisationResult['dispatched'] = [];
  const skipped = [...plan.skipped];
  for (const command of plan.dispatches) {
    const unit = ctx.world.units.get(command.unitId)?.value;
    if (unit && !can(user, 'unit.read', unit.orgId, tree)) {
      skipped.push({ unitId: command.unitId, reason: 'outside your org scope' });
      continue;
    }
    parts.push(...dispatchParts(ctx, command.dispatchId, command));
    dispatched.push({
      dispatchId: command.dispatchId,
      unitId: command.unitId,
      tier: command.tier,
      ...(command.etaSeconds !== undefined ? { etaSeconds: command.etaSeconds } : {}),
    });
  }
  if (plan.broadcast) {
    parts.push(talkGroupPart(ctx, plan.broadcast.talkGroupId, plan.broadcast.command));
  }
  let broadcast: MobilisationResult['broadcast'];
  if (parts.length > 0) {
    const result = await ctx.commands.executeAll(parts, user.id);
    const event = result.events.find((e) => e.type === 'talkgroup.broadcast');
    if (event) broadcast = { talkGroupId: event.aggregateId, seq: event.seq };
  }
  return { incidentId: plan.incidentId, dispatched, skipped, ...(broadcast ? { broadcast } : {}) };
}
