import { can, redactContact, toIso, type Dispatch, type Incident } from '@jiefang/core';
import type { FastifyRequest } from 'fastify';
import { caller } from '../auth/authenticate.ts';
import type { ServerContext } from '../context.ts';
import { AggregateType } from '../world/aggregate-types.ts';

export type IncidentForReader = Incident & { reporterWithheld?: boolean };

/**
 * The reporter's name and phone are personal data: shown only to callers holding
 * 'incident.read_contact' for the incident (responders: only when their own unit is sent to
 * it), and every disclosure is written to the audit log before the answer leaves the server.
 */
export class ContactDisclosure {
  constructor(
    private readonly ctx: ServerContext,
    private readonly request: FastifyRequest,
  ) {}

  mayRead(incident: Incident): boolean {
    const user = caller(this.request);
    const tree = this.ctx.world.orgTree;
    if (can(user, 'incident.read_contact', incident.orgId, tree)) return true;
    // Own-unit grant: the responder calls the reporter on the way, for incidents of their unit.
    for (const dispatch of this.ctx.world.dispatchesOf(incident.id)) {
      if (!user.unitIds.includes(dispatch.unitId)) continue;
      const unitOrg = this.unitOrg(dispatch) ?? incident.orgId;
      if (can(user, 'incident.read_contact', unitOrg, tree, { unitId: dispatch.unitId }))
        return true;
    }
    return false;
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
        action: 'incident.caller.read',
        subjectType: AggregateType.incident,
        subjectId: incident.id,
        orgId: incident.orgId,
        detail: { via, fields: Object.keys(incident.reporter ?? {}) },
      });
    }
  }

  private unitOrg(dispatch: Dispatch): string | undefined {
    return this.ctx.world.units.get(dispatch.unitId)?.value.orgId;
  }
}
