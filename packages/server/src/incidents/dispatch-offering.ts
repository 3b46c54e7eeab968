import {
  decideDispatchAndUnit,
  DomainError,
  DomainErrorCode,
  type CreateDispatch,
  type Decision,
  type Dispatch,
  type Incident,
  type Tier,
  type Unit,
} from '@jiefang/core';
import { dispatchParts, incidentPart } from '../commands/aggregate-parts.ts';
import type { CommandPart } from '../commands/command-service.ts';
import type { ServerContext } from '../context.ts';
import type { Idempotency } from '../http/idempotency.ts';
import { AggregateType } from '../world/aggregate-types.ts';
import { IncidentRecords } from './incident-records.ts';

/** One unit to send to an incident. */
export interface UnitOffer {
  unitId: string;
  tier: Tier;
  acceptTimeoutSeconds?: number;
  etaSeconds?: number;
  /** May the unit be taken off lower-priority work (the plan allowed it)? */
  preempt?: boolean;
}

export interface OfferOptions extends Partial<Idempotency> {
  /** idempotencyKey: on the first dispatch; a retried request returns the first attempt's dispatches. */
  /**
   * Skip units that are no longer available (the scheduler offering from a remembered ranking);
   * otherwise such a unit fails the whole request.
   */
  skipUnavailable?: boolean;
  /**
   * Formerly: decide again when a concurrent command won the race. Every offer does now (other
   * processes race too); kept so callers need not change.
   */
  retry?: boolean;
  /**
   * Skip units this incident has already been offered (the scheduler's re-offers: a unit that
   * declined or timed out is not asked again). Checked on every build: when the offers were
   * chosen on a world that had not yet seen another process's latest offer, that offer moved the
   * unit too, so the append loses the race, the world catches up and the rebuilt parts see it.
   */
  oncePerIncident?: boolean;
  /** Further parts of the same transaction (the ranking the re-offers will follow). */
  alsoCommit?: () => CommandPart<unknown>[];
}

/**
 * Sends units to an incident in ONE transaction: every dispatch with its unit, the pre-empted
 * dispatch of a unit taken off lower-priority work, and the incident's move from analyse to
 * assign when these are its first dispatches. Used by the one-key dispatch, the manual
 * dispatch and the scheduler's re-offers, so all three mean the same.
 */
export class DispatchOffering {
  constructor(private readonly ctx: ServerContext) {}

  async offer(
    incidentId: string,
    offers: readonly UnitOffer[],
    actorId: string | null,
    options: OfferOptions = {},
  ): Promise<Dispatch[]> {
    const unique = [...new Map(offers.map((o) => [o.unitId, o])).values()];
    const ids = unique.map((_, i) =>
      IncidentRecords.idFor(this.ctx, 'dispatch', options.idempotencyKey, i),
    );
    if (options.idempotencyKey) {
      // A retried request: answer with what the first attempt sent (its ids derive from the key),
      // whatever would be offered now.
      const earlier: Dispatch[] = [];
      for (let i = 0; ; i++) {
        const id = IncidentRecords.idFor(this.ctx, 'dispatch', options.idempotencyKey, i);
        const d = this.ctx.world.get<Dispatch>(AggregateType.dispatch, id);
        if (!d) break;
        earlier.push(d);
      }
      if (earlier.length > 0) return earlier;
    }
    const build = () => [
      ...this.parts(incidentId, unique, ids, options),
      ...(options.alsoCommit?.() ?? []),
    ];
    if (unique.length === 0) return [];
    // Built from the world, so built again when another process changed a unit or the
    // incident first: a busy unit is then refused for what it is, never as a version conflict.
    const result = await this.ctx.commands.executeWithRetry(build, actorId);
    return result.states
      .filter((s) => s.aggregateType === AggregateType.dispatch)
      .map((s) => s.data as Dispatch)
      .filter((d) => d.incidentId === incidentId);
  }

  private parts(
    incidentId: string,
    offers: readonly UnitOffer[],
    ids: readonly string[],
    options: OfferOptions,
  ): CommandPart<unknown>[] {
    const incident = this.ctx.world.get<Incident>(AggregateType.incident, incidentId);
    if (!incident)
      throw new DomainError(DomainErrorCode.NOT_FOUND, `no incident ${incidentId}`, 'incidentId');
    if (incident.status !== 'open') {
      throw new DomainError(
        DomainErrorCode.ILLEGAL_TRANSITION,
        `incident ${incident.id} is ${incident.status}: no more units can be sent`,
        'incidentId',
      );
    }
    const parts: CommandPart<unknown>[] = [];
    const offeredBefore = options.oncePerIncident
      ? new Set(this.ctx.world.dispatchesOf(incident.id).map((d) => d.unitId))
      : undefined;
    offers.forEach((offer, i) => {
      if (offeredBefore?.has(offer.unitId)) return;
      const unit = this.ctx.world.get<Unit>(AggregateType.unit, offer.unitId);
      if (!unit)
        throw new DomainError(DomainErrorCode.NOT_FOUND, `no unit ${offer.unitId}`, 'unitId');
      const create: CreateDispatch = {
        type: 'create',
        dispatchId: ids[i],
        incidentId: incident.id,
        unitId: unit.id,
        orgId: incident.orgId,
        tier: offer.tier,
        acceptTimeoutSeconds: offer.acceptTimeoutSeconds,
        etaSeconds: offer.etaSeconds,
      };
      const key =
        i === 0 ? { idempotencyKey: options.idempotencyKey, requestHash: options.requestHash } : {};
      if (unit.status === 'available') {
        parts.push(...dispatchParts(this.ctx, ids[i], create, key));
        return;
      }
      const preemptable =
        offer.preempt === true &&
        unit.assignment !== undefined &&
        unit.assignment.incidentId !== incident.id &&
        unit.assignment.priority > incident.priority;
      if (preemptable) {
        parts.push(...this.preemptingParts(incident, unit, create, key));
        return;
      }
      if (options.skipUnavailable) return;
      throw new DomainError(
        DomainErrorCode.ILLEGAL_TRANSITION,
        `unit ${unit.id} is ${unit.status}${unit.assignment ? ` on incident ${unit.assignment.incidentId}` : ''}: not available to dispatch`,
        'unitId',
      );
    });
    const dispatching = parts.some((p) => p.aggregateType === AggregateType.dispatch);
    if (dispatching && incident.workflow.stage === 'analyse') {
      parts.push(
        incidentPart(this.ctx, incident.id, {
          type: 'advance_stage',
          to: 'assign',
          note: 'first unit dispatched',
        }),
      );
    }
    return parts;
  }

  /**
   * Takes a busy unit off its lower-priority dispatch and sends it here. The unit changes twice
   * (released, notified again) but is one aggregate in the transaction, so its two decisions
   * are chained and written as one part.
   */
  private preemptingParts(
    incident: Incident,
    unit: Unit,
    create: CreateDispatch,
    options: Partial<Idempotency>,
  ): CommandPart<unknown>[] {
    const assignment = unit.assignment!;
    const previous = this.ctx.world.get<Dispatch>(AggregateType.dispatch, assignment.dispatchId);
    if (!previous) {
      throw new DomainError(
        DomainErrorCode.NOT_FOUND,
        `unit ${unit.id} is assigned to dispatch ${assignment.dispatchId}, which is not loaded`,
        'unitId',
      );
    }
    const context = { now: this.ctx.clock.now(), actorId: null };
    const released = decideDispatchAndUnit(
      previous,
      unit,
      {
        type: 'cancel',
        reason: `pre-empted by priority ${incident.priority} incident ${incident.id}`,
      },
      { ...context, incidentPriority: assignment.priority },
    );
    const unitAfterRelease = released.unit?.state ?? unit;
    const sent = decideDispatchAndUnit(undefined, unitAfterRelease, create, {
      ...context,
      incidentPriority: incident.priority,
    });
    const unitDecision: Decision<Unit> = {
      events: [...(released.unit?.events ?? []), ...(sent.unit?.events ?? [])],
      state: sent.unit?.state ?? unitAfterRelease,
    };
    const dispatchStatus = (d: unknown) => (d as Dispatch).status;
    return [
      {
        aggregateType: AggregateType.dispatch,
        aggregateId: previous.id,
        orgId: previous.orgId,
        status: dispatchStatus,
        decide: () => released.dispatch as Decision<unknown>,
      },
      {
        aggregateType: AggregateType.dispatch,
        aggregateId: create.dispatchId,
        orgId: incident.orgId,
        status: dispatchStatus,
        decide: () => sent.dispatch as Decision<unknown>,
        ...options,
      },
      {
        aggregateType: AggregateType.unit,
        aggregateId: unit.id,
        orgId: unit.orgId,
        status: (u) => (u as Unit).status,
        decide: () => unitDecision as Decision<unknown>,
      },
    ];
  }
}
