import {
  can,
  redactContact,
  REPORTER_CONTACT_STATUSES,
  toIso,
  type Incident,
  type User,
} from '@jiefang/core';
import type { FastifyRequest } from 'fastify';
import { caller } from '../auth/authenticate.ts';
import type { ServerContext } from '../context.ts';
import { AggregateType } from '../world/aggregate-types.ts';

export type IncidentForReader = Incident & { reporterWithheld?: boolean };

/** One audit action for a disclosed reporter contact, whether read over HTTP or the live socket. */
export const CONTACT_READ_ACTION = 'incident.contact.read';

/**
 * 'incident.read_contact' in the incident's org scope, or the own-unit grant: the caller's unit
 * is dispatched to the incident and has taken the job (not merely offered, declined or cleared).
 */
export function mayReadContact(ctx: ServerContext, user: User, incident: Incident): boolean {
  const tree = ctx.world.orgTree;
  if (can(user, 'incident.read_contact', incident.orgId, tree)) return true;
  for (const dispatch of ctx.world.dispatchesOf(incident.id)) {
    if (!user.unitIds?.includes(dispatch.unitId)) continue;
    if (!REPORTER_CONTACT_STATUSES.includes(dispatch.status)) continue;
    const unitOrg = ctx.world.units.get(dispatch.unitId)?.value.orgId ?? incident.orgId;
    if (can(user, 'incident.read_contact', unitOrg, tree, { unitId: dispatch.unitId })) return true;
  }
  return false;
}

/**
 * The reporter's name and phone are personal data: shown only to callers holding
 * 'incident.read_contact' for the incident (responders: only when their own unit is sent to
 * it and has accepted), and every disclosure is written to the audit log before the answer leaves the server.
 */
export class ContactDisclosure {
  constructor(
    private readonly ctx: ServerContext,
    private readonly request: FastifyRequest,
  ) {}

  mayRead(incident: Incident): boolean {
    return mayReadContact(this.ctx, caller(this.request), incident);
  }

  /** The incident as this caller may see it; audits when the contact is disclosed. */
  async present(incident: Incident, via: string): Promise<IncidentForReader> {
    const [shown] = await this.presentAll([incident], via);
    return shown;
  }

  async presentAll(incidents: readonly Incident[], via: string): Promise<IncidentForReader[]> {
    const shown: IncidentForReader[] = [];
    const disclosed: Incident[] = [];
    for (const incident of incidents) {
      if (incident.reporter === undefined) shown.push(incident);
      else if (this.mayRead(incident)) {
        shown.push(incident);
        disclosed.push(incident);
      } else shown.push(redactContact(incident));
    }
    await this.audit(disclosed, via);
    return shown;
  }

  async audit(incidents: readonly Incident[], via: string): Promise<void> {
    const actorId = caller(this.request).id;
    const at = toIso(this.ctx.clock.now());
    for (const incident of incidents) {
      await this.ctx.store.audit.record({
        at,
        actorId,
        action: CONTACT_READ_ACTION,
        subjectType: AggregateType.incident,
        subjectId: incident.id,
        orgId: incident.orgId,
        detail: { via, fields: Object.keys(incident.reporter ?? {}) },
      });
    }
  }
}
