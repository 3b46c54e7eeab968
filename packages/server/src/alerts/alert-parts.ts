import {
  decideAlert,
  decideAreaRule,
  decidePartner,
  type Alert,
  type AlertCommand,
  type AreaRule,
  type AreaRuleCommand,
  type NewEvent,
  type Partner,
  type PartnerCommand,
} from '@jiefang/core';
import type { CommandPart } from '../commands/command-service.ts';
import type { ServerContext } from '../context.ts';
import { AggregateType } from '../world/aggregate-types.ts';

interface PartOptions {
  idempotencyKey?: string;
  expectedVersion?: number;
}

const context = (ctx: ServerContext) => ({ now: ctx.clock.now(), actorId: null });

export function alertPart(
  ctx: ServerContext,
  id: string,
  command: AlertCommand,
  options: PartOptions = {},
): CommandPart<Alert> {
  const existing = ctx.world.get<Alert>(AggregateType.alert, id);
  return {
    aggregateType: AggregateType.alert,
    aggregateId: id,
    orgId: command.type === 'receive' ? command.alert.orgId : (existing?.orgId ?? ''),
    status: (alert) => alert.status,
    decide: (state) => decideAlert(state, command, context(ctx)),
    ...options,
  };
}

export function areaRulePart(
  ctx: ServerContext,
  id: string,
  command: AreaRuleCommand,
  options: PartOptions = {},
): CommandPart<AreaRule> {
  const existing = ctx.world.get<AreaRule>(AggregateType.areaRule, id);
  return {
    aggregateType: AggregateType.areaRule,
    aggregateId: id,
    orgId: command.type === 'define' ? command.rule.orgId : (existing?.orgId ?? ''),
    status: (rule) => (rule.retired ? 'retired' : 'active'),
    decide: (state) => decideAreaRule(state, command, context(ctx)),
    ...options,
  };
}

/** Shared secrets stay in the current-state row only: the log says a key exists, not what it is. */
function withoutSecrets(events: NewEvent[]): NewEvent[] {
  return events.map((event) => {
    if (event.type !== 'partner.registered') return event;
    const partner = event.payload as Partner;
    return {
      ...event,
      payload: { ...partner, keys: partner.keys.map(({ secret: _secret, ...key }) => key) },
    };
  });
}

export function partnerPart(
  ctx: ServerContext,
  id: string,
  command: PartnerCommand,
  options: PartOptions = {},
): CommandPart<Partner> {
  const existing = ctx.world.get<Partner>(AggregateType.partner, id);
  return {
    aggregateType: AggregateType.partner,
    aggregateId: id,
    orgId: command.type === 'register' ? command.partner.orgId : (existing?.orgId ?? ''),
    status: () => 'active',
    decide: (state) => decidePartner(state, command, context(ctx)),
    redact: withoutSecrets,
    ...options,
  };
}
