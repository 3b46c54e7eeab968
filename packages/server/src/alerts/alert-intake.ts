import type { PartnerEvent } from '@jiefang/contract';
import {
  areaCentre,
  conditionHolds,
  DomainError,
  DomainErrorCode,
  ruleMatches,
  type Alert,
  type AlertInput,
  type AreaRule,
  type AreaShape,
  type CapMessage,
  type Partner,
  toIso,
} from '@jiefang/core';
import type { ServerContext } from '../context.ts';
import { AggregateType } from '../world/aggregate-types.ts';
import { alertIdFor } from './alert-ids.ts';
import { openIncidentFor, opensIncidentAtOnce } from './alert-incidents.ts';
import { alertPart } from './alert-parts.ts';

/** What a partner platform posts (the signed webhook's JSON body). */
export interface IntakeResult {
  alert: Alert;
  version: number;
  /** A new alert (201), not a change of one (200). */
  created: boolean;
  /** The same message (CAP identifier) came before: nothing changed. */
  duplicate: boolean;
}

/**
 * Turns CAP messages and partner events into alert commands: the same message is one alert
 * (its id derives from sender and identifier, its key makes a resend a replay), Update and
 * Cancel follow `references`, new alerts are matched against the org's area rules.
 */
export class AlertIntake {
  constructor(private readonly ctx: ServerContext) {}

  static of(ctx: ServerContext): AlertIntake {
    const existing = ctx.services.alertIntake;
    if (existing) return existing;
    const created = new AlertIntake(ctx);
    ctx.services.alertIntake = created;
    return created;
  }

  async receiveCap(
    message: CapMessage,
    orgId: string,
    actorId: string | null,
  ): Promise<IntakeResult> {
    const key = `cap:${message.sender}:${message.identifier}`;
    const sent = { id: message.identifier, msgType: message.msgType, sent: message.sent };
    if (message.msgType === 'Ack' || message.msgType === 'Error') {
      throw new DomainError(
        DomainErrorCode.VALIDATION,
        `a ${message.msgType} message acknowledges another system's alert; Jiefang takes Alert, Update and Cancel`,
        'alert.msgType',
      );
    }
    if (message.msgType === 'Alert') {
      const input = this.capInput(message, orgId);
      const rule = message.status === 'Actual' ? this.ruleFor(input) : undefined;
      if (rule) input.orgId = this.narrower(input.orgId, rule.orgId);
      return this.run(
        alertPart(
          this.ctx,
          input.id,
          { type: 'receive', alert: input, message: sent, ruleId: rule?.id },
          { idempotencyKey: key },
        ),
        actorId,
      );
    }
    const target = await this.referenced(message);
    if (message.msgType === 'Cancel') {
      const reason = message.note ?? message.infos[0]?.headline ?? 'cancelled by the sender';
      return this.run(
        alertPart(
          this.ctx,
          target.id,
          { type: 'cancel', message: sent, reason },
          { idempotencyKey: key },
        ),
        actorId,
      );
    }
    const changes = this.capInput(message, target.orgId);
    return this.run(
      alertPart(
        this.ctx,
        target.id,
        {
          type: 'update',
          message: sent,
          changes: {
            event: changes.event,
            categories: changes.categories,
            severity: changes.severity,
            urgency: changes.urgency,
            certainty: changes.certainty,
            headline: changes.headline,
            description: changes.description,
            location: changes.location,
            area: changes.area,
            expiresAt: changes.expiresAt,
          },
        },
        { idempotencyKey: key },
      ),
      actorId,
    );
  }

  /** A partner's event: a new alert, a reading or update of its active alert, or its end. */
  async receivePartnerEvent(
    partner: Partner,
    event: PartnerEvent,
  ): Promise<IntakeResult | undefined> {
    const key = `webhook:${partner.id}:${event.eventId}`;
    const externalKey = event.alertKey ?? `${event.kind}:${event.zoneId ?? event.eventId}`;
    const message = { id: event.eventId, msgType: 'Observation' as const, sent: event.occurredAt };
    const active = this.activeAlertOf(partner.id, externalKey);
    if (active) {
      const rule = active.chain
        ? this.ctx.world.get<AreaRule>(AggregateType.areaRule, active.chain.ruleId)
        : undefined;
      if (event.state === 'cleared') {
        return this.run(
          alertPart(
            this.ctx,
            active.id,
            { type: 'clear', reason: `cleared by ${partner.name}` },
            { idempotencyKey: key },
          ),
          null,
        );
      }
      if (event.measure) {
        const conditionMet = rule ? conditionHolds(rule, event.measure.value) : true;
        return this.run(
          alertPart(
            this.ctx,
            active.id,
            { type: 'observe', message, measure: event.measure, conditionMet },
            { idempotencyKey: key },
          ),
          null,
        );
      }
      return this.run(
        alertPart(
          this.ctx,
          active.id,
          { type: 'update', message, changes: { severity: event.severity ?? active.severity } },
          { idempotencyKey: key },
        ),
        null,
      );
    }
    if (event.state === 'cleared') return undefined;
    const zone = event.zoneId ? partner.zones.find((z) => z.id === event.zoneId) : undefined;
    if (event.zoneId && !zone)
      throw new DomainError(
        DomainErrorCode.VALIDATION,
        `partner ${partner.id} has no zone ${event.zoneId}`,
        'zoneId',
      );
    const area: AreaShape = {
      polygons: zone ? [zone.polygon] : event.area?.polygon ? [event.area.polygon] : [],
      circles: event.area?.circle
        ? [{ centre: event.area.circle.centre, radiusKm: event.area.circle.radiusM / 1000 }]
        : [],
    };
    const location = event.location ?? areaCentre(area);
    if (!location)
      throw new DomainError(
        DomainErrorCode.VALIDATION,
        'an event needs a location or a zoneId',
        'location',
      );
    const input: AlertInput = {
      id: alertIdFor('webhook', partner.id, `${externalKey}\n${event.eventId}`),
      orgId: zone?.orgId ?? partner.orgId,
      source: 'webhook',
      sender: partner.id,
      event: event.kind,
      categories: [],
      severity: event.severity ?? 'Unknown',
      urgency: 'Immediate',
      certainty: 'Observed',
      location,
      area,
      externalKey,
    };
    if (event.zoneId) input.zoneId = event.zoneId;
    if (event.headline) input.headline = event.headline;
    if (event.measure) input.measure = { ...event.measure, at: event.occurredAt };
    if (event.person || event.post) {
      input.personal = {};
      if (event.person) input.personal.person = event.person;
      if (event.post) input.personal.post = event.post;
    }
    const rule = this.ruleFor(input);
    if (rule) input.orgId = this.narrower(input.orgId, rule.orgId);
    const conditionMet = rule && event.measure ? conditionHolds(rule, event.measure.value) : false;
    const received = await this.run(
      alertPart(
        this.ctx,
        input.id,
        { type: 'receive', alert: input, message, ruleId: rule?.id, conditionMet },
        { idempotencyKey: key },
      ),
      null,
    );
    if (received.created && opensIncidentAtOnce(event.kind)) {
      received.alert = await openIncidentFor(this.ctx, received.alert, partner);
      received.version++;
    }
    return received;
  }

  /** The first active area rule that matches, among the rules of the alert's org and its ancestors. */
  private ruleFor(input: AlertInput): AreaRule | undefined {
    const tree = this.ctx.world.orgTree;
    const probe = { ...input, status: 'active', messages: [], receivedAt: '' } as Alert;
    for (const { value: rule } of this.ctx.world.areaRules.values()) {
      if (rule.retired || !tree.has(rule.orgId)) continue;
      const sameBranch =
        tree.has(input.orgId) &&
        (tree.isWithin(input.orgId, rule.orgId) || tree.isWithin(rule.orgId, input.orgId));
      if (sameBranch && ruleMatches(rule, probe)) return rule;
    }
    return undefined;
  }

  /** Of two orgs on one branch, the one further down: the alert belongs to the zone, not the district. */
  private narrower(a: string, b: string): string {
    const tree = this.ctx.world.orgTree;
    return tree.has(a) && tree.has(b) && tree.isWithin(a, b) ? a : b;
  }

  private activeAlertOf(sender: string, externalKey: string): Alert | undefined {
    for (const { value } of this.ctx.world.alerts.values()) {
      if (value.status === 'active' && value.sender === sender && value.externalKey === externalKey)
        return value;
    }
    return undefined;
  }

  private async referenced(message: CapMessage): Promise<Alert> {
    for (const ref of message.references) {
      const direct = alertIdFor('cap', ref.sender, ref.identifier);
      const found =
        this.ctx.world.get<Alert>(AggregateType.alert, direct) ??
        (await this.ctx.store.get<Alert>(AggregateType.alert, direct))?.data;
      if (found) return found;
      // An update of an update: the message is in the alert's list.
      for (const { value } of this.ctx.world.alerts.values()) {
        if (value.sender === ref.sender && value.messages.some((m) => m.id === ref.identifier))
          return value;
      }
    }
    throw new DomainError(
      DomainErrorCode.NOT_FOUND,
      `no alert for the references of ${message.msgType} ${message.identifier}`,
      'alert.references',
    );
  }

  private capInput(message: CapMessage, orgId: string): AlertInput {
    const info = message.infos[0];
    if (!info) {
      throw new DomainError(
        DomainErrorCode.VALIDATION,
        'an alert needs an <info> to say what and where',
        'alert.info',
      );
    }
    const area: AreaShape = {
      polygons: message.infos.flatMap((i) => i.areas.flatMap((a) => a.polygons)),
      circles: message.infos.flatMap((i) => i.areas.flatMap((a) => a.circles)),
    };
    const location = areaCentre(area);
    if (!location) {
      throw new DomainError(
        DomainErrorCode.VALIDATION,
        'Jiefang places alerts by a <polygon> or <circle>; geocodes alone cannot be put on the map',
        'alert.info[0].area',
      );
    }
    const input: AlertInput = {
      id: alertIdFor('cap', message.sender, message.identifier),
      orgId,
      source: 'cap',
      sender: message.sender,
      event: info.event,
      categories: [...new Set(message.infos.flatMap((i) => i.categories))],
      severity: info.severity,
      urgency: info.urgency,
      certainty: info.certainty,
      location,
      area,
      externalKey: message.identifier,
    };
    if (info.headline) input.headline = info.headline;
    if (info.description) input.description = info.description;
    const expiresAt = capExpiry(message);
    if (expiresAt) input.expiresAt = expiresAt;
    return input;
  }

  private chainRunner(): { tick(): Promise<void> } | undefined {
    return this.ctx.services.alertChain as { tick(): Promise<void> } | undefined;
  }

  private async run(
    part: ReturnType<typeof alertPart>,
    actorId: string | null,
  ): Promise<IntakeResult> {
    const created = this.ctx.world.get(AggregateType.alert, part.aggregateId) === undefined;
    const result = await this.ctx.commands.execute(part, actorId);
    const state = result.states[0];
    // A step due at once (afterSeconds 0, no persistence) should not wait for the next tick.
    if ((state.data as Alert).chain && !result.replayed) void this.chainRunner()?.tick();
    return {
      alert: state.data as Alert,
      version: state.version,
      created: created && !result.replayed,
      duplicate: result.replayed,
    };
  }
}

/**
 * When a CAP message stops being in effect: the latest `expires` of its infos, in UTC. An info
 * without one is in effect until cancelled, so then the alert has no expiry at all.
 */
function capExpiry(message: CapMessage): string | undefined {
  const times = message.infos.map((info) => (info.expires ? Date.parse(info.expires) : NaN));
  if (times.length === 0 || times.some((t) => Number.isNaN(t))) return undefined;
  return toIso(Math.max(...times));
}
