import { createHash } from 'node:crypto';
import {
  DomainError,
  DomainErrorCode,
  type Dispatch,
  type Incident,
  type IncidentLocation,
} from '@jiefang/core';
import { RoutingError, RoutingErrorCode } from '@jiefang/routing';
import type { ServerContext } from '../context.ts';
import { AggregateType } from '../world/aggregate-types.ts';

export interface VersionedRecord<T> {
  value: T;
  version: number;
}

/**
 * Reading incidents and dispatches for the routes and the scheduler. The world holds what is
 * live (and everything touched since start); closed incidents and finished dispatches from
 * before a restart are only in the store, so reads fall back to it.
 */
export const IncidentRecords = {
  async findIncident(
    ctx: ServerContext,
    id: string,
  ): Promise<VersionedRecord<Incident> | undefined> {
    const live = ctx.world.get<Incident>(AggregateType.incident, id);
    if (live) return { value: live, version: ctx.world.version(AggregateType.incident, id) };
    const stored = await ctx.store.get<Incident>(AggregateType.incident, id);
    return stored ? { value: stored.data, version: stored.version } : undefined;
  },

  async requireIncident(ctx: ServerContext, id: string): Promise<VersionedRecord<Incident>> {
    const found = await IncidentRecords.findIncident(ctx, id);
    if (!found) throw new DomainError(DomainErrorCode.NOT_FOUND, `no incident ${id}`, 'id');
    return found;
  },

  async findDispatch(
    ctx: ServerContext,
    id: string,
  ): Promise<VersionedRecord<Dispatch> | undefined> {
    const live = ctx.world.get<Dispatch>(AggregateType.dispatch, id);
    if (live) return { value: live, version: ctx.world.version(AggregateType.dispatch, id) };
    const stored = await ctx.store.get<Dispatch>(AggregateType.dispatch, id);
    return stored ? { value: stored.data, version: stored.version } : undefined;
  },

  async requireDispatch(ctx: ServerContext, id: string): Promise<VersionedRecord<Dispatch>> {
    const found = await IncidentRecords.findDispatch(ctx, id);
    if (!found) throw new DomainError(DomainErrorCode.NOT_FOUND, `no dispatch ${id}`, 'id');
    return found;
  },

  /** Every dispatch of an incident, finished ones included (the store is the complete record). */
  async dispatchesOf(ctx: ServerContext, incident: Incident): Promise<VersionedRecord<Dispatch>[]> {
    const snapshots = await ctx.store.list<Dispatch>({
      aggregateType: AggregateType.dispatch,
      orgIds: [incident.orgId],
    });
    return snapshots
      .filter((s) => s.data.incidentId === incident.id)
      .map((s) => ({ value: s.data, version: s.version }))
      .sort((a, b) => (a.value.times.notified ?? '').localeCompare(b.value.times.notified ?? ''));
  },

  /** The in-memory dispatches grouped by incident, for the scheduler's once-a-second pass. */
  dispatchesByIncident(ctx: ServerContext): Map<string, Dispatch[]> {
    const byIncident = new Map<string, Dispatch[]>();
    for (const { value } of ctx.world.dispatches.values()) {
      const list = byIncident.get(value.incidentId);
      if (list) list.push(value);
      else byIncident.set(value.incidentId, [value]);
    }
    return byIncident;
  },

  /**
   * An incident nobody can reach is a typo or a wrong city, not an emergency we can serve:
   * refuse coordinates with no road of either the police (drive) or the emergency units' (walk)
   * network within the snapping radius.
   */
  requireInCity(ctx: ServerContext, location: IncidentLocation, field = 'location'): void {
    const drive = ctx.travelTimes.snap('drive', location.lon, location.lat);
    const walk = ctx.travelTimes.snap('walk', location.lon, location.lat);
    if (drive === undefined && walk === undefined) {
      throw new RoutingError(
        RoutingErrorCode.POINT_NOT_ON_NETWORK,
        `${field} ${location.lon},${location.lat} is outside the loaded city: no road within reach`,
        field,
      );
    }
  },

  /**
   * Ids for creates that carry an Idempotency-Key are derived from the key, so a retried
   * request names the same aggregate and finds the first attempt's result.
   */
  idFor(ctx: ServerContext, prefix: string, idempotencyKey: string | undefined, index = 0) {
    if (idempotencyKey === undefined) return ctx.newId();
    const digest = createHash('sha256').update(`${idempotencyKey}\u0000${index}`).digest('hex');
    return `${prefix}-${digest.slice(0, 32)}`;
  },
};
