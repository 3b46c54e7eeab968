import { DomainError, DomainErrorCode, type Incident } from '@jiefang/core';
import { errorResponses, IdParams, SeriesResponse } from '@jiefang/contract';
import { CaseIndex, type CaseRecord } from '@jiefang/forecast';
import { Type } from 'typebox';
import { caller } from '../auth/authenticate.ts';
import { guard } from '../auth/guard.ts';
import type { ServerContext } from '../context.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { AggregateType } from '../world/aggregate-types.ts';

const DAY_MS = 86_400_000;

const asCase = (i: Incident): CaseRecord => ({
  id: i.id,
  lon: i.location.lon,
  lat: i.location.lat,
  day: Date.parse(i.receivedAt) / DAY_MS,
  category: i.categoryCode,
  mo: {},
  text: i.description,
});

/**
 * 串并: incidents of the caller's scope that may belong to one series with a given incident, by
 * space–time proximity, category and narrative similarity (character n-grams, so Chinese
 * works). Narratives are compared, so every read is audited.
 */
export function seriesRoutes(app: TypedApp, ctx: ServerContext): void {
  app.get(
    '/api/v1/incidents/:id/series',
    {
      schema: {
        tags: ['incidents'],
        summary:
          'Candidate series links for an incident: scored by place, time, category and narrative (reads narratives: audited)',
        params: IdParams,
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
            maxDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 30 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: SeriesResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      const target =
        ctx.world.get<Incident>(AggregateType.incident, id) ??
        ((await ctx.store.get(AggregateType.incident, id))?.data as Incident | undefined);
      if (!target) throw new DomainError(DomainErrorCode.NOT_FOUND, `no incident ${id}`, 'id');
      guard(ctx, request, 'series.read', target.orgId);
      await ctx.store.audit.record({
        at: new Date(ctx.clock.now()).toISOString(),
        actorId: caller(request).id,
        action: 'incident.series.read',
        subjectType: 'incident',
        subjectId: id,
        orgId: target.orgId,
        detail: {},
      });
      const orgIds = ctx.world.orgTree.subtreeIds(caller(request).orgId);
      const incidents = (
        await ctx.store.list<Incident>({ aggregateType: AggregateType.incident, orgIds })
      ).map((s) => s.data);
      const byId = new Map(incidents.map((i) => [i.id, i]));
      const index = new CaseIndex(incidents.map(asCase));
      const suggestions = index.suggest(asCase(target), {
        limit: request.query.limit ?? 10,
        maxDays: request.query.maxDays ?? 30,
      });
      return {
        incidentId: id,
        candidates: incidents.length - 1,
        suggestions: suggestions.map((s) => {
          const other = byId.get(s.id)!;
          return {
            incidentId: s.id,
            score: Math.round(s.score * 10_000) / 10_000,
            parts: Object.fromEntries(
              Object.entries(s.parts).map(([k, v]) => [k, Math.round(v * 10_000) / 10_000]),
            ),
            categoryCode: other.categoryCode,
            createdAt: other.createdAt,
            location: { lon: other.location.lon, lat: other.location.lat },
          };
        }),
      };
    },
  );
}
