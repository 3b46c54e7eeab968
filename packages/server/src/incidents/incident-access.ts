import {
  can,
  DomainError,
  ENGAGED,
  type Action,
  type Dispatch,
  type Grant,
  type Incident,
} from '@jiefang/core';
import type { FastifyRequest } from 'fastify';
import { caller } from '../auth/authenticate.ts';
import { guard } from '../auth/guard.ts';
import type { ServerContext } from '../context.ts';

/**
 * Scope rules that follow a unit rather than an org. A responder sent across a station
 * boundary (mutual aid) acts for their own unit: their dispatch is checked against the unit's
 * org, and the incident it serves becomes readable to them.
 */
export const IncidentAccess = {
  /** 'dispatch.transition' (or a read of the dispatch) for its own unit, or in org scope. */
  guardDispatch(
    ctx: ServerContext,
    request: FastifyRequest,
    dispatch: Dispatch,
    action: Action = 'dispatch.transition',
  ): Grant {
    const me = caller(request);
    const unit = ctx.world.units.get(dispatch.unitId)?.value;
    // Belonging to the dispatched unit widens access (help sent across a station boundary), it
    // never narrows it: a member without the own-unit grant is checked like anyone else.
    if (
      unit &&
      me.unitIds.includes(unit.id) &&
      can(me, 'dispatch.transition', unit.orgId, ctx.world.orgTree, { unitId: unit.id })
    ) {
      return guard(ctx, request, 'dispatch.transition', unit.orgId, { unitId: unit.id });
    }
    return guard(ctx, request, action, dispatch.orgId, { unitId: dispatch.unitId });
  },

  /** 'incident.read' in org scope, or as a member of a unit engaged on the incident. */
  guardRead(ctx: ServerContext, request: FastifyRequest, incident: Incident): void {
    try {
      guard(ctx, request, 'incident.read', incident.orgId);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const me = caller(request);
      for (const dispatch of ctx.world.dispatchesOf(incident.id)) {
        if (!me.unitIds.includes(dispatch.unitId)) continue;
        if (!ENGAGED.includes(dispatch.status)) continue;
        IncidentAccess.guardDispatch(ctx, request, dispatch);
        return;
      }
      throw error;
    }
  },
};
