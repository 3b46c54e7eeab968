import { DomainError, DomainErrorCode, type Unit } from '@jiefang/core';
import type { RoadPoint, Waypoint } from '@jiefang/routing';
import type { TypedApp } from '../http/typed-app.ts';
import type { ServerContext } from '../context.ts';
import { DispatchRouteResponse, errorResponses, IdParams } from '@jiefang/contract';
import { IncidentAccess } from '../incidents/incident-access.ts';
import { IncidentRecords } from '../incidents/incident-records.ts';
import { AggregateType } from '../world/aggregate-types.ts';

/**
 * The responder's route: from the dispatched unit's live position to the incident, on the
 * unit's own road network (a car drives, a community unit walks). Read with the same guard as
 * the dispatch itself (its own unit, or incident.read on the dispatch's org). No audit: the
 * answer shows the unit's current position, which the same callers already see live.
 */
export function routeRoutes(app: TypedApp, ctx: ServerContext): void {
  app.get(
    '/api/v1/dispatches/:id/route',
    {
      schema: {
        tags: ['dispatches'],
        summary:
          "Route of the dispatched unit from its live position to the incident (unit's profile)",
        params: IdParams,
        response: { 200: DispatchRouteResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { value: dispatch } = await IncidentRecords.requireDispatch(ctx, id);
      IncidentAccess.guardDispatch(ctx, request, dispatch, 'incident.read');
      const unit = ctx.world.get<Unit>(AggregateType.unit, dispatch.unitId);
      if (!unit) {
        throw new DomainError(DomainErrorCode.NOT_FOUND, `no unit ${dispatch.unitId}`, 'unitId');
      }
      const { value: incident } = await IncidentRecords.requireIncident(ctx, dispatch.incidentId);
      const tracker = ctx.positions;
      const position = tracker?.positions.get(unit.id);
      if (!position) {
        throw new DomainError(
          DomainErrorCode.STALE_POSITION,
          `unit ${unit.id} has reported no position yet: no route can be drawn`,
          'unitId',
        );
      }
      // A fix is kept snapped to the unit's own network: start from there when it is.
      const snapped = position.snapped as RoadPoint | undefined;
      const from: Waypoint =
        snapped?.profile === unit.profile ? snapped : [position.lon, position.lat];
      const route = ctx.router.route(
        from,
        [incident.location.lon, incident.location.lat],
        unit.profile,
      );
      return {
        dispatchId: dispatch.id,
        unitId: unit.id,
        incidentId: incident.id,
        profile: unit.profile,
        seconds: Math.round(route.seconds),
        metres: Math.round(route.metres),
        from: { lon: position.lon, lat: position.lat, at: new Date(position.at).toISOString() },
        to: { lon: incident.location.lon, lat: incident.location.lat },
        geometry: route.geometry,
      };
    },
  );
}
