import {
  decideDispatchAndUnit,
  decideIncident,
  decideIncidentInTurn,
  incidentLoopFor,
  loopFollowUps,
  decideOrg,
  decideResponsePlan,
  decideSite,
  decideTalkGroup,
  decideUnit,
  DomainError,
  DomainErrorCode,
  type Decision,
  type Dispatch,
  type DispatchCommand,
  type Incident,
  type IncidentCommand,
  type IncidentContext,
  type Org,
  type OrgCommand,
  type ResponsePlanCommand,
  type Site,
  type SiteCommand,
  type StoredResponsePlan,
  type TalkGroup,
  type TalkGroupCommand,
  type Unit,
  type UnitCommand,
} from '@jiefang/core';
import type { ServerContext } from '../context.ts';
import { planForIncident } from '../incidents/plan-for-incident.ts';

/** What building a command part reads: the world, the clock and the deployment's settings. */
type PartContext = Pick<ServerContext, 'world' | 'clock' | 'catalogue' | 'config'>;
import { AggregateType } from '../world/aggregate-types.ts';
import type { Idempotency } from '../http/idempotency.ts';
import type { CommandPart } from './command-service.ts';

/**
 * One function per aggregate: a core command becomes a CommandPart the CommandService can
 * append. Routes, the scheduler, position ingest and the demo seed all go through these, so a
 * command means the same wherever it comes from.
 */
interface PartOptions extends Partial<Idempotency> {
  expectedVersion?: number;
}

const context = (ctx: PartContext) => ({ now: ctx.clock.now(), actorId: null });

export function orgPart(
  ctx: PartContext,
  id: string,
  command: OrgCommand,
  options: PartOptions = {},
): CommandPart<Org> {
  const orgId = command.type === 'create' ? command.org.id : id;
  return {
    aggregateType: AggregateType.org,
    aggregateId: orgId,
    orgId,
    status: () => 'active',
    decide: (state) => decideOrg(state, command, { ...context(ctx), orgTree: ctx.world.orgTree }),
    ...options,
  };
}

export function unitPart(
  ctx: PartContext,
  id: string,
  command: UnitCommand,
  options: PartOptions = {},
): CommandPart<Unit> {
  const existing = ctx.world.get<Unit>(AggregateType.unit, id);
  const orgId = command.type === 'register' ? command.unit.orgId : (existing?.orgId ?? '');
  return {
    aggregateType: AggregateType.unit,
    aggregateId: id,
    orgId,
    status: (unit) => unit.status,
    decide: (state) => decideUnit(state, command, context(ctx)),
    ...options,
  };
}

export function sitePart(
  ctx: PartContext,
  id: string,
  command: SiteCommand,
  options: PartOptions = {},
): CommandPart<Site> {
  const existing = ctx.world.get<Site>(AggregateType.site, id);
  const orgId = command.type === 'register' ? command.site.orgId : (existing?.orgId ?? '');
  return {
    aggregateType: AggregateType.site,
    aggregateId: id,
    orgId,
    status: () => 'active',
    decide: (state) => decideSite(state, command, context(ctx)),
    ...options,
  };
}

export function talkGroupPart(
  ctx: PartContext,
  id: string,
  command: TalkGroupCommand,
  options: PartOptions = {},
): CommandPart<TalkGroup> {
  const existing = ctx.world.get<TalkGroup>(AggregateType.talkGroup, id);
  const orgId = command.type === 'create' ? command.talkGroup.orgId : (existing?.orgId ?? '');
  return {
    aggregateType: AggregateType.talkGroup,
    aggregateId: id,
    orgId,
    status: () => 'active',
    decide: (state) => decideTalkGroup(state, command, context(ctx)),
    ...options,
  };
}

export function planPart(
  ctx: PartContext,
  id: string,
  command: ResponsePlanCommand,
  orgId: string,
  options: PartOptions = {},
): CommandPart<StoredResponsePlan> {
  return {
    aggregateType: AggregateType.plan,
    aggregateId: id,
    orgId,
    status: (plan) => (plan.retired ? 'retired' : 'active'),
    decide: (state) => decideResponsePlan(state, command, context(ctx)),
    ...options,
  };
}

export function incidentPart(
  ctx: PartContext,
  id: string,
  command: IncidentCommand,
  extra: Omit<IncidentContext, 'now' | 'actorId'> = {},
  options: PartOptions = {},
): CommandPart<Incident> {
  const existing = ctx.world.get<Incident>(AggregateType.incident, id);
  const orgId = command.type === 'create' ? command.orgId : (existing?.orgId ?? '');
  return {
    aggregateType: AggregateType.incident,
    aggregateId: id,
    orgId,
    status: (incident) => incident.status,
    decide: (state) => decideIncident(state, command, incidentContext(ctx, orgId, extra)),
    ...options,
  };
}

/**
 * What deciding an incident reads from the server: the catalogue, the duplicate window, the org
 * tree escalations climb, and the loop of the plan the incident falls under (stored plans first).
 */
function incidentContext(
  ctx: PartContext,
  orgId: string,
  extra: Omit<IncidentContext, 'now' | 'actorId'> = {},
): IncidentContext {
  return {
    ...context(ctx),
    catalogue: ctx.catalogue,
    duplicateWindow: {
      radiusMetres: ctx.config.duplicateRadiusMetres,
      minutes: ctx.config.duplicateMinutes,
    },
    orgTree: ctx.world.orgTree,
    loopFor: (categoryCode, priority) =>
      incidentLoopFor(priority, planForIncident(ctx.world, { orgId, categoryCode, priority }).loop),
    ...extra,
  };
}

/**
 * A dispatch and its unit change together (one transaction): the unit becomes notified, en
 * route, on scene, available again, as its dispatch moves.
 */
export function dispatchParts(
  ctx: PartContext,
  dispatchId: string,
  command: DispatchCommand,
  options: PartOptions = {},
): CommandPart<unknown>[] {
  const dispatch = ctx.world.get<Dispatch>(AggregateType.dispatch, dispatchId);
  const unitId = command.type === 'create' ? command.unitId : dispatch?.unitId;
  const incidentId = command.type === 'create' ? command.incidentId : dispatch?.incidentId;
  const unit = unitId ? ctx.world.get<Unit>(AggregateType.unit, unitId) : undefined;
  if (!unit)
    throw new DomainError(DomainErrorCode.NOT_FOUND, `no unit ${unitId ?? '(none)'}`, 'unitId');
  const incident = incidentId
    ? ctx.world.get<Incident>(AggregateType.incident, incidentId)
    : undefined;
  if (!incident) {
    throw new DomainError(
      DomainErrorCode.NOT_FOUND,
      `no open incident ${incidentId ?? '(none)'}`,
      'incidentId',
    );
  }
  const decided = decideDispatchAndUnit(dispatch, unit, command, {
    ...context(ctx),
    incidentPriority: incident.priority,
  });
  // Both decisions are made here, from the state read now: the versions read now go with them,
  // so a change that lands before the append (another dispatcher, an await in between) is a
  // conflict, never a silent overwrite.
  const parts: CommandPart<unknown>[] = [
    {
      aggregateType: AggregateType.dispatch,
      aggregateId: dispatchId,
      orgId: decided.dispatch.state.orgId,
      status: (d) => (d as Dispatch).status,
      decide: () => decided.dispatch as Decision<unknown>,
      ...options,
      expectedVersion:
        options.expectedVersion ?? ctx.world.version(AggregateType.dispatch, dispatchId),
    },
  ];
  if (decided.unit) {
    const unitDecision = decided.unit;
    parts.push({
      aggregateType: AggregateType.unit,
      aggregateId: unit.id,
      orgId: unit.orgId,
      status: (u) => (u as Unit).status,
      decide: () => unitDecision as Decision<unknown>,
      expectedVersion: ctx.world.version(AggregateType.unit, unit.id),
    });
  }
  const changed = decided.dispatch.state;
  const others = () => ctx.world.dispatchesOf(incident.id);
  if (loopFollowUps(incident, changed, others).length > 0) {
    // The loop's own moves go in the same transaction as the dispatch change that caused them,
    // decided from the incident as it is when appended (a dispatcher may have moved it since).
    parts.push({
      aggregateType: AggregateType.incident,
      aggregateId: incident.id,
      orgId: incident.orgId,
      status: (i) => (i as Incident).status,
      systemPart: true,
      decide: (state) =>
        decideIncidentInTurn(
          state as Incident,
          loopFollowUps(state as Incident, changed, others),
          incidentContext(ctx, incident.orgId),
        ) as Decision<unknown>,
    });
  }
  return parts;
}
