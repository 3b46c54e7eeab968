import { DomainError, DomainErrorCode, type PatrolPlan, type PatrolReplan } from '@jiefang/core';
import type { CityRouter } from '@jiefang/routing';
import type { ServerContext } from '../context.ts';
import { JobThread, JobRefused } from './job-thread.ts';
import type { PlanInput } from './plan-from-forecast.ts';
import type { ReplanInput } from './replan-from-forecast.ts';

type NewPlan = Omit<PatrolPlan, 'status' | 'uncovered' | 'createdAt' | 'assignedAt'>;
type PlannerJob = { kind: 'plan'; input: PlanInput } | { kind: 'replan'; input: ReplanInput };
type PlannerAnswer = { kind: 'plan'; plan: NewPlan } | { kind: 'replan'; replan: PatrolReplan };

/**
 * Shift planning off the request thread. A shift's plan routes every unit between its hot
 * cells and checks the 300 s coverage of every minute (about a second for a few units on the
 * demo city, more on a big one): on the event loop that would hold up every other request and
 * socket. The planner's thread keeps its own CityRouter over a copy of the city graph (sent
 * once, when the thread starts), and the route awaits its answer without blocking. Jobs (new
 * plans, re-plans after a dispatch) run one at a time in arrival order.
 */
export class PatrolPlanner {
  private readonly thread: JobThread<PlannerJob, PlannerAnswer>;

  constructor(router: CityRouter) {
    this.thread = new JobThread(new URL('./plan-thread.mjs', import.meta.url), () => ({
      city: router.city,
    }));
  }

  async plan(input: PlanInput): Promise<NewPlan> {
    const answer = await refusedAsDomain(this.thread.run({ kind: 'plan', input }));
    if (answer.kind !== 'plan') throw new Error(`the planner answered a ${answer.kind}`);
    return answer.plan;
  }

  async replan(input: ReplanInput): Promise<PatrolReplan> {
    const answer = await refusedAsDomain(this.thread.run({ kind: 'replan', input }));
    if (answer.kind !== 'replan') throw new Error(`the planner answered a ${answer.kind}`);
    return answer.replan;
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}

/** What the thread refused is the caller's bad input (a forecast not computed, …): named. */
async function refusedAsDomain<T>(answer: Promise<T>): Promise<T> {
  try {
    return await answer;
  } catch (error) {
    if (!(error instanceof JobRefused)) throw error;
    const known = Object.values(DomainErrorCode).find((c) => c === error.code);
    throw new DomainError(known ?? DomainErrorCode.VALIDATION, error.message, error.field);
  }
}

/** The process's planner, started on first use (closed with the server). */
export function patrolPlannerOf(ctx: Pick<ServerContext, 'router' | 'services'>): PatrolPlanner {
  ctx.services.patrolPlanner ??= new PatrolPlanner(ctx.router);
  return ctx.services.patrolPlanner;
}
