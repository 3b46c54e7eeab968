import {
  decideCaseSeries,
  DomainError,
  DomainErrorCode,
  type CaseSeries,
  type CaseSeriesCommand,
  type Incident,
} from '@jiefang/core';
import {
  CaseSeriesDetail,
  CaseSeriesSchema,
  errorResponses,
  Id,
  IdParams,
  SeriesLinkBody,
  SeriesResponse,
  SeriesStartBody,
} from '@jiefang/contract';
import type { FastifyRequest } from 'fastify';
import { CaseIndex, type CaseRecord } from '@jiefang/forecast';
import { Type } from 'typebox';
import { caller } from '../auth/authenticate.ts';
import { guard, scopeOf } from '../auth/guard.ts';
import type { CommandPart } from '../commands/command-service.ts';
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
 * works); and the series an analyst builds from them — started from one incident, suggestions
 * accepted or rejected one by one, read back as a timeline with places for the map.
 * Narratives are compared or shown, so every such read is audited.
 */
export function seriesRoutes(app: TypedApp, ctx: ServerContext): void {
  const incidentOr404 = async (id: string, field: string): Promise<Incident> => {
    const found =
      ctx.world.get<Incident>(AggregateType.incident, id) ??
      ((await ctx.store.get(AggregateType.incident, id))?.data as Incident | undefined);
    if (!found) throw new DomainError(DomainErrorCode.NOT_FOUND, `no incident ${id}`, field);
    return found;
  };
  const seriesOr404 = (id: string): CaseSeries => {
    const found = ctx.world.get<CaseSeries>(AggregateType.caseSeries, id);
    if (!found) throw new DomainError(DomainErrorCode.NOT_FOUND, `no series ${id}`, 'id');
    return found;
  };
  const seriesPart = (
    id: string,
    orgId: string,
    command: CaseSeriesCommand,
    actorId: string,
  ): CommandPart<CaseSeries> => ({
    aggregateType: AggregateType.caseSeries,
    aggregateId: id,
    orgId,
    status: (s) => s.status,
    decide: (state) => decideCaseSeries(state, command, { now: ctx.clock.now(), actorId }),
    expectedVersion: ctx.world.version(AggregateType.caseSeries, id),
  });
  /** Narratives were read or compared: the read is on the record. */
  const audited = (
    request: FastifyRequest,
    action: string,
    subjectType: string,
    subjectId: string,
    orgId: string,
    detail: Record<string, string>,
  ) =>
    ctx.store.audit.record({
      at: new Date(ctx.clock.now()).toISOString(),
      actorId: caller(request).id,
      action,
      subjectType,
      subjectId,
      orgId,
      detail,
    });
  /** accept / reject / unlink: the series and the incident must both be the caller's to link. */
  const judge = async (
    request: FastifyRequest,
    id: string,
    type: 'accept' | 'reject' | 'unlink',
    incidentId: string,
  ): Promise<CaseSeries> => {
    const series = seriesOr404(id);
    guard(ctx, request, 'series.link', series.orgId);
    const incident = await incidentOr404(incidentId, 'incidentId');
    guard(ctx, request, 'series.link', incident.orgId);
    const result = await ctx.commands.execute(
      seriesPart(id, series.orgId, { type, incidentId }, caller(request).id),
      caller(request).id,
    );
    return result.states[0].data as CaseSeries;
  };

  app.get(
    '/api/v1/series',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Series of your scope (串并), last changed first',
        response: { 200: Type.Array(CaseSeriesSchema), ...errorResponses },
      },
    },
    async (request) => {
      guard(ctx, request, 'series.read', caller(request).orgId);
      const scope = scopeOf(ctx, request);
      return [...ctx.world.caseSeries.values()]
        .map((s) => s.value)
        .filter((s) => scope.has(s.orgId))
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id));
    },
  );

  app.post(
    '/api/v1/series',
    {
      schema: {
        tags: ['incidents'],
        summary:
          "Start a series from an incident (in the incident's org); its suggestions are then accepted or rejected",
        body: SeriesStartBody,
        response: { 201: CaseSeriesSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const anchor = await incidentOr404(request.body.incidentId, 'incidentId');
      guard(ctx, request, 'series.link', anchor.orgId);
      const id = ctx.newId();
      const result = await ctx.commands.execute(
        seriesPart(
          id,
          anchor.orgId,
          {
            type: 'start',
            series: { id, orgId: anchor.orgId, title: request.body.title, anchorId: anchor.id },
          },
          caller(request).id,
        ),
        caller(request).id,
      );
      void reply.code(201);
      return result.states[0].data as CaseSeries;
    },
  );

  app.get(
    '/api/v1/series/:id',
    {
      schema: {
        tags: ['incidents'],
        summary:
          "A series with its timeline: each linked incident's time, category, place and narrative, oldest first (reads narratives: audited)",
        params: IdParams,
        response: { 200: CaseSeriesDetail, ...errorResponses },
      },
    },
    async (request) => {
      const series = seriesOr404(request.params.id);
      guard(ctx, request, 'series.read', series.orgId);
      await audited(request, 'series.read', 'case_series', series.id, series.orgId, {
        incidentIds: series.incidentIds.join(','),
      });
      const incidents = await Promise.all(
        series.incidentIds.map((id) => incidentOr404(id, 'incidentIds')),
      );
      const timeline = incidents
        .map((i) => ({
          incidentId: i.id,
          receivedAt: i.receivedAt,
          categoryCode: i.categoryCode,
          location: { lon: i.location.lon, lat: i.location.lat },
          ...(i.location.address === undefined ? {} : { address: i.location.address }),
          description: i.description,
        }))
        .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
      return { series, timeline };
    },
  );

  app.post(
    '/api/v1/series/:id/links',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Accept a suggested incident into the series',
        params: IdParams,
        body: SeriesLinkBody,
        response: { 200: CaseSeriesSchema, ...errorResponses },
      },
    },
    async (request) => judge(request, request.params.id, 'accept', request.body.incidentId),
  );

  app.post(
    '/api/v1/series/:id/rejections',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Reject a suggested incident: it is not offered for this series again',
        params: IdParams,
        body: SeriesLinkBody,
        response: { 200: CaseSeriesSchema, ...errorResponses },
      },
    },
    async (request) => judge(request, request.params.id, 'reject', request.body.incidentId),
  );

  app.delete(
    '/api/v1/series/:id/links/:incidentId',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Take an incident out of the series again (not the one it started from)',
        params: Type.Object({ id: Id, incidentId: Id }, { additionalProperties: false }),
        response: { 200: CaseSeriesSchema, ...errorResponses },
      },
    },
    async (request) => judge(request, request.params.id, 'unlink', request.params.incidentId),
  );

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
      const target = await incidentOr404(id, 'id');
      guard(ctx, request, 'series.read', target.orgId);
      await audited(request, 'incident.series.read', 'incident', id, target.orgId, {});
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
