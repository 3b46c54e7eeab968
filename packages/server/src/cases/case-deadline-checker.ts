import {
  caseWorkflow,
  escalationChain,
  overdue,
  toMs,
  type Case,
  type OrgTree,
} from '@jiefang/core';
import type { ServerContext } from '../context.ts';
import { PeriodicPass } from '../scheduler/periodic-pass.ts';
import { CaseRecords } from './case-records.ts';

export interface CaseDeadlineCheckerOptions {
  /** How often a pass runs once started (default 60 s: cases run on hours and days). */
  intervalMs?: number;
  /** Where the failure of one case goes; the other cases are still checked. */
  onError?: (error: unknown, caseId: string) => void;
}

/**
 * Raises the escalations open cases owe (stage deadlines, climbing the org tree; a hazard's
 * rectification deadline). Core decides what is owed and the levels are in the case state, so a
 * restart or a new scheduler leader never raises one twice.
 */
export class CaseDeadlineChecker extends PeriodicPass {
  constructor(
    private readonly ctx: ServerContext,
    private readonly options: CaseDeadlineCheckerOptions = {},
  ) {
    super(options.intervalMs ?? 60_000);
  }

  protected async pass(): Promise<void> {
    await this.check();
  }

  /** One pass over the open cases; returns how many raised something. */
  async check(): Promise<number> {
    const now = this.ctx.clock.now();
    let raised = 0;
    for (const { value } of [...this.ctx.world.cases.values()]) {
      if (value.status !== 'open' || !owes(value, this.ctx.world.orgTree, now)) continue;
      try {
        await this.ctx.commands.executeWithRetry(
          () => [CaseRecords.part(this.ctx, value.id, { type: 'check_deadlines' }, null)],
          null,
        );
        raised++;
      } catch (error) {
        // A case the store refuses must not keep every later case from its escalation.
        if (this.options.onError) this.options.onError(error, value.id);
        else console.error(`case deadline checker: case ${value.id}:`, error);
      }
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
