import { PeriodicPass } from '../scheduler/periodic-pass.ts';
import {
  DomainError,
  DomainErrorCode,
  dueSteps,
  zoneGridWorker,
  type Alert,
  type AreaRule,
  type Incident,
  type RuleStep,
  type TakenStep,
} from '@jiefang/core';
import { incidentPart } from '../commands/aggregate-parts.ts';
import type { ServerContext } from '../context.ts';
import { DispatchOffering } from '../incidents/dispatch-offering.ts';
import { RecommendationCache } from '../incidents/recommendation-cache.ts';
import { recommendedOffers } from '../incidents/recommended-offers.ts';
import { AggregateType } from '../world/aggregate-types.ts';
import { alertPart } from './alert-parts.ts';

export interface AlertChainOptions {
  /** How often tick() runs once started (default 1000 ms). */
  intervalMs?: number;
  onError?: (error: unknown, alertId: string) => void;
}

/**
 * Runs the area rules' chains: each tick asks core which steps of every active alert are due
 * (on the Clock port, so tests drive a simulation clock) and takes them in order — a note, a
 * reminder recorded as an action for the partner, the zone's grid worker sent by a dispatch to
 * their phone, then the police by the incident's response plan. A step is taken once: its
 * record in the alert is appended with the effects it made, and a cleared alert has none due.
 */
export class AlertChainRunner extends PeriodicPass {
  private readonly offering: DispatchOffering;

  constructor(
    private readonly ctx: ServerContext,
    private readonly options: AlertChainOptions = {},
  ) {
    // Asked during a pass, another follows it (an alert may have come in mid-pass).
    super(options.intervalMs ?? 1000, true);
    this.offering = new DispatchOffering(ctx);
  }

  protected async pass(): Promise<void> {
    const now = this.ctx.clock.now();
    for (const { value: alert } of [...this.ctx.world.alerts.values()]) {
      if (alert.status !== 'active' || !alert.chain) continue;
      const rule = this.ctx.world.get<AreaRule>(AggregateType.areaRule, alert.chain.ruleId);
      if (!rule) continue;
      for (const due of dueSteps(alert, rule, now)) {
        try {
          // Read again: the step before may have changed the alert (or a reading cleared it).
          const current = this.ctx.world.get<Alert>(AggregateType.alert, alert.id);
          if (!current || current.status !== 'active') break;
          await this.take(current, rule, due.index, due.step);
        } catch (error) {
          if (this.options.onError) this.options.onError(error, alert.id);
          else console.error(`alert chain: alert ${alert.id}:`, error);
          break;
        }
      }
    }
  }

  private async take(alert: Alert, rule: AreaRule, index: number, step: RuleStep): Promise<void> {
    const record: Omit<TakenStep, 'at'> = { index, kind: step.kind };
    if (step.kind === 'note') record.outcome = step.text;
    if (step.kind === 'reminder') record.outcome = `reminder for ${alert.sender}: ${step.text}`;
    if (step.kind === 'grid_worker') Object.assign(record, await this.sendGridWorker(alert, rule));
    if (step.kind === 'police') Object.assign(record, await this.sendPolice(alert, rule));
    await this.ctx.commands.executeWithRetry(
      () => [alertPart(this.ctx, alert.id, { type: 'take_step', step: record }) as never],
      null,
    );
  }

  /** The incident the chain works under: made by its first step that sends someone. */
  private async incidentFor(
    alert: Alert,
    rule: AreaRule,
    priority: 1 | 2 | 3 | 4,
  ): Promise<Incident> {
    const existing = alert.chain?.incidentId
      ? this.ctx.world.get<Incident>(AggregateType.incident, alert.chain.incidentId)
      : undefined;
    if (existing) return existing;
    const id = `incident-${alert.id}`;
    const made = this.ctx.world.get<Incident>(AggregateType.incident, id);
    if (made) return made;
    const result = await this.ctx.commands.execute(
      incidentPart(this.ctx, id, {
        type: 'create',
        incidentId: id,
        orgId: alert.orgId,
        source: 'alert',
        categoryCode: rule.categoryCode,
        priority,
        location: { ...alert.location, placeName: alert.headline },
        description: `${rule.name}: ${alert.headline ?? alert.event} (${alert.sender})`,
        externalRef: alert.id,
      }),
      null,
    );
    return result.states[0].data as Incident;
  }

  private async sendGridWorker(alert: Alert, rule: AreaRule): Promise<Partial<TakenStep>> {
    const incident = await this.incidentFor(alert, rule, 3);
    const tracker = this.ctx.positions;
    const pick = zoneGridWorker(
      alert.location,
      alert.orgId,
      this.ctx.world.unitList,
      this.ctx.world.orgTree,
      tracker?.positions ?? new Map(),
      this.ctx.travelTimes,
      this.ctx.clock.now(),
      { staleAfterSeconds: this.ctx.config.staleAfterSeconds },
    );
    if (!pick)
      return { incidentId: incident.id, dispatchIds: [], outcome: 'no grid worker can come' };
    const dispatches = await this.offering.offer(
      incident.id,
      [{ unitId: pick.unitId, tier: 1, etaSeconds: pick.etaSeconds, acceptTimeoutSeconds: 120 }],
      null,
      { retry: true, skipUnavailable: true },
    );
    return {
      incidentId: incident.id,
      dispatchIds: dispatches.map((d) => d.id),
      outcome: `${pick.unitId} (${pick.reason === 'zone' ? "the zone's grid worker" : 'nearest grid worker'}, ${pick.etaSeconds} s)`,
    };
  }

  private async sendPolice(alert: Alert, rule: AreaRule): Promise<Partial<TakenStep>> {
    let incident = await this.incidentFor(alert, rule, 2);
    if (incident.priority > 2) {
      await this.ctx.commands.executeWithRetry(
        () => [
          incidentPart(this.ctx, incident.id, {
            type: 'reprioritise',
            priority: 2,
            reason: `area rule ${rule.name}: unresolved, police called`,
          }) as never,
        ],
        null,
      );
      incident = this.ctx.world.get<Incident>(AggregateType.incident, incident.id) ?? incident;
    }
    if (incident.status !== 'open') {
      throw new DomainError(
        DomainErrorCode.ILLEGAL_TRANSITION,
        `incident ${incident.id} is ${incident.status}`,
      );
    }
    const recommendations = RecommendationCache.of(this.ctx);
    // The rule's org called the police: its forces, not only the zone's (a grid has no police).
    const recommendation = recommendations.compute(incident, {
      scopeOrgId: rule.orgId,
      onlyWhatRemains: true,
    });
    const dispatches = await this.offering.offer(
      incident.id,
      recommendedOffers(recommendation),
      null,
      {
        retry: true,
        skipUnavailable: true,
        // The ranking re-offers follow is committed with the dispatches it produced.
        alsoCommit: () => [recommendations.rememberPart(recommendation, rule.orgId)],
      },
    );
    return {
      incidentId: incident.id,
      dispatchIds: dispatches.map((d) => d.id),
      outcome:
        dispatches.length > 0
          ? `police by the response plan: ${dispatches.map((d) => d.unitId).join(', ')}`
          : 'no police unit available',
    };
  }
}

/** Creates the runner, registers it as ctx.services.alertChain and starts it. */
export function startAlertChainRunner(
  ctx: ServerContext,
  options: AlertChainOptions = {},
): AlertChainRunner {
  const existing = ctx.services.alertChain;
  if (existing) return existing;
  const runner = new AlertChainRunner(ctx, options);
  ctx.services.alertChain = runner;
  runner.start();
  return runner;
}
