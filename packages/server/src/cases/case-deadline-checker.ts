import {
  caseWorkflow,
  escalationChain,
  overdue,
  toMs,
  type Case,
  type OrgTree,
} from '@jiefang/core';
import type { CommandPart } from '../commands/command-service.ts';
import type { ServerContext } from '../context.ts';
import { CaseRecords } from './case-records.ts';

/**
 * Raises the escalations open cases owe (stage deadlines, climbing the org tree; a hazard's
 * rectification deadline). Cases run on hours and days, so a pass a minute is plenty; core
 * decides what is owed, so a restart never raises one twice (levels are in the case state).
 */
export class CaseDeadlineChecker {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: ServerContext) {}

  start(intervalMs = 60_000): void {
    this.timer = setInterval(() => void this.pass().catch(() => undefined), intervalMs);
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
  }

  /** One pass over the open cases; returns how many raised something. */
  async pass(): Promise<number> {
    const now = this.ctx.clock.now();
    let raised = 0;
    for (const { value } of [...this.ctx.world.cases.values()]) {
      if (value.status !== 'open' || !owes(value, this.ctx.world.orgTree, now)) continue;
      await this.ctx.commands.executeWithRetry(
        () => [
          CaseRecords.part(
            this.ctx,
            value.id,
            { type: 'check_deadlines' },
            null,
          ) as CommandPart<unknown>,
        ],
        null,
      );
      raised++;
    }
    return raised;
  }
}

/** Asks core first: most passes owe nothing, and an empty command should not be appended. */
function owes(value: Case, orgTree: OrgTree, now: number): boolean {
  const top = escalationChain(orgTree, value.orgId).length;
  if (overdue(caseWorkflow(value.kind, value.deadlines), value.workflow, now, top).length > 0)
    return true;
  const hazard = value.hazard;
  return (
    hazard !== undefined &&
    hazard.rectifyOverdueAt === undefined &&
    now > toMs(hazard.rectifyBy) &&
    !hazard.reinspections.some((r) => r.passed)
  );
}
