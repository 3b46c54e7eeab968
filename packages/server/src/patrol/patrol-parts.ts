import {
  decideForecast,
  decidePatrolPlan,
  type ForecastCommand,
  type ForecastRecord,
  type PatrolPlan,
  type PatrolPlanCommand,
} from '@jiefang/core';
import type { CommandPart } from '../commands/command-service.ts';
import type { ServerContext } from '../context.ts';
import { AggregateType } from '../world/aggregate-types.ts';

type PartContext = Pick<ServerContext, 'world' | 'clock'>;

/** A forecast command as a CommandPart (requests, the runner's results). */
export function forecastPart(
  ctx: PartContext,
  id: string,
  command: ForecastCommand,
  actorId: string | null,
): CommandPart<ForecastRecord> {
  const existing = ctx.world.get<ForecastRecord>(AggregateType.forecast, id);
  return {
    aggregateType: AggregateType.forecast,
    aggregateId: id,
    orgId: command.type === 'request' ? command.forecast.orgId : (existing?.orgId ?? ''),
    status: (f) => f.status,
    decide: (state) => decideForecast(state, command, { now: ctx.clock.now(), actorId }),
    expectedVersion: ctx.world.version(AggregateType.forecast, id),
  };
}

/** A patrol-plan command as a CommandPart (planner's routes, the re-plan on dispatch). */
export function patrolPlanPart(
  ctx: PartContext,
  id: string,
  command: PatrolPlanCommand,
  actorId: string | null,
  expectedVersion?: number,
): CommandPart<PatrolPlan> {
  const existing = ctx.world.get<PatrolPlan>(AggregateType.patrolPlan, id);
  return {
    aggregateType: AggregateType.patrolPlan,
    aggregateId: id,
    orgId: command.type === 'create' ? command.plan.orgId : (existing?.orgId ?? ''),
    status: (p) => p.status,
    decide: (state) => decidePatrolPlan(state, command, { now: ctx.clock.now(), actorId }),
    expectedVersion: expectedVersion ?? ctx.world.version(AggregateType.patrolPlan, id),
  };
}
