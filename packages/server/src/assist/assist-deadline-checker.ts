import { overdueRecipients } from '@jiefang/core';
import type { ServerContext } from '../context.ts';
import { PeriodicPass } from '../scheduler/periodic-pass.ts';
import { AssistRecords } from './assist-records.ts';

/**
 * Escalates assist requests whose asked orgs let the deadline pass: each such org's parent is
 * asked in turn. Core decides what is owed (escalated recipients are marked in the state), so a
 * restart, a second pass or a second process never escalates twice.
 */
export class AssistDeadlineChecker extends PeriodicPass {
  constructor(
    private readonly ctx: ServerContext,
    intervalMs = 15_000,
  ) {
    super(intervalMs);
  }

  protected async pass(): Promise<void> {
    await this.escalateOverdue().catch(() => undefined);
  }

  /** One pass over the open requests; returns how many were escalated. */
  async escalateOverdue(): Promise<number> {
    const now = this.ctx.clock.now();
    let escalated = 0;
    for (const { value } of [...this.ctx.world.assistRequests.values()]) {
      if (overdueRecipients(value, now).length === 0) continue;
      await this.ctx.commands.executeWithRetry(
        () => [AssistRecords.part(this.ctx, value.id, { type: 'escalate' })],
        null,
      );
      escalated++;
    }
    return escalated;
  }
}
