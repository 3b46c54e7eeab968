import {
  DomainError,
  DomainErrorCode,
  type ForecastRecord,
  type Incident,
  type PatrolPlan,
  type PatrolReplan,
  type Unit,
} from '@jiefang/core';
import type { HistoryPoint, PointsForecast } from '@jiefang/forecast';
import type { ServerContext } from '../context.ts';
import { PeriodicPass } from '../scheduler/periodic-pass.ts';
import { AggregateType } from '../world/aggregate-types.ts';
import { JobRefused, JobThread } from './job-thread.ts';
import { forecastPart, patrolPlanPart } from './patrol-parts.ts';
import { patrolPlannerOf } from './patrol-planner.ts';

interface ForecastJob {
  points: HistoryPoint[];
  until: number;
  horizon: number;
  areaSqMi: number;
}

const DAY_MS = 86_400_000;
/** NIJ's largest forecast area; the product flags the best cells within it. */
export const FORECAST_AREA_SQ_MI = 0.75;

/**
 * The patrol work no request waits for, run by the process holding the leader lease:
 * requested forecasts are computed on the forecast thread and their cells committed (so a
 * restart shows them, and a forecast left requested by a dead leader is computed by the next);
 * and a unit of an assigned plan that a dispatch took during its shift leaves the plan while
 * the other units are re-planned over its squares (on the planner's thread, under the coverage
 * floor of their posts), only the stops the re-plan does not reach left flagged as uncovered.
 * Both are read from the world on every pass, not from events, so nothing is lost across a
 * restart or a change of leader; a plan edited while its re-plan was computed is re-planned
 * on the next pass (the command carries the version it was computed from).
 */
export class PatrolRunner extends PeriodicPass {
  private readonly forecasts = new JobThread<ForecastJob, PointsForecast>(
    new URL('./forecast-thread.mjs', import.meta.url),
  );

  constructor(
    private readonly ctx: ServerContext,
    intervalMs = 2_000,
  ) {
    super(intervalMs, true);
  }

  override async close(): Promise<void> {
    await super.close();
    await this.forecasts.close();
  }

  protected async pass(): Promise<void> {
    for (const { value } of [...this.ctx.world.forecasts.values()])
      if (value.status === 'requested') await this.compute(value);
    await this.replanTakenUnits();
  }

  private async compute(forecast: ForecastRecord): Promise<void> {
    const orgIds = this.ctx.world.orgTree.subtreeIds(forecast.orgId);
    const incidents = await this.ctx.store.list<Incident>({
      aggregateType: AggregateType.incident,
      orgIds,
    });
    const points = incidents
      .map((s) => s.data)
      .filter((i) => forecast.categoryCode === '*' || i.categoryCode === forecast.categoryCode)
      .filter((i) => i.duplicateOf === undefined)
      .map((i) => ({
        lon: i.location.lon,
        lat: i.location.lat,
        day: Date.parse(i.receivedAt) / DAY_MS,
      }));
    const until = Math.floor(this.ctx.clock.now() / DAY_MS);
    let command: Parameters<typeof forecastPart>[2];
    try {
      const result = await this.forecasts.run({
        points,
        until,
        horizon: forecast.horizonDays,
        areaSqMi: FORECAST_AREA_SQ_MI,
      });
      const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
      command = {
        type: 'complete',
        result: {
          ...result,
          from: isoDay(result.from),
          until: isoDay(result.until),
          validatedHitRate: Math.round(result.validatedHitRate * 10_000) / 10_000,
        },
      };
    } catch (error) {
      if (!(error instanceof JobRefused)) throw error;
      command = { type: 'fail', reason: error.message };
    }
    await this.ctx.commands.execute(forecastPart(this.ctx, forecast.id, command, null), null);
  }

  private async replanTakenUnits(): Promise<void> {
    const now = this.ctx.clock.now();
    for (const { value: plan } of [...this.ctx.world.patrolPlans.values()]) {
      if (plan.status !== 'assigned') continue;
      const start = Date.parse(plan.shiftStart);
      if (now < start || now >= start + plan.shiftMinutes * 60_000) continue;
      for (const member of plan.units) {
        if (member.takenAtMin !== undefined) continue;
        const unit = this.ctx.world.get<Unit>(AggregateType.unit, member.unitId);
        const dispatchId = unit?.assignment?.dispatchId;
        if (dispatchId === undefined) continue;
        const version = this.ctx.world.version(AggregateType.patrolPlan, plan.id);
        const replan = await this.replan(plan, member.unitId, now);
        const taken = (withReplan: boolean) =>
          this.ctx.commands.execute(
            patrolPlanPart(
              this.ctx,
              plan.id,
              {
                type: 'unit_taken',
                unitId: member.unitId,
                dispatchId,
                at: now,
                ...(withReplan && replan ? { replan } : {}),
              },
              null,
              version,
            ),
            null,
          );
        try {
          await taken(true);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          // The plan moved on while the re-plan was computed (an edit, a close, another pass):
          // the next pass decides again from the plan as it is then. A re-plan refused for
          // itself must not leave the unit on the plan: it is cut, its stops flagged.
          if (error.code !== DomainErrorCode.VERSION_CONFLICT && replan)
            await taken(false).catch((again: unknown) => {
              if (!(again instanceof DomainError)) throw again;
            });
        }
        // One unit per plan and pass: the next unit is re-planned from this re-plan.
        break;
      }
    }
  }

  /** The other units' new legs, or undefined (only the cut) when the forecast is gone. */
  private async replan(
    plan: PatrolPlan,
    takenUnitId: string,
    at: number,
  ): Promise<PatrolReplan | undefined> {
    const forecast = this.ctx.world.get<ForecastRecord>(AggregateType.forecast, plan.forecastId);
    if (forecast?.status !== 'computed') return undefined;
    return patrolPlannerOf(this.ctx).replan({
      plan,
      forecast,
      takenUnitId,
      at,
      timeZone: this.ctx.config.timeZone,
    });
  }
}
