import {
  DomainError,
  DomainErrorCode,
  type ForecastRecord,
  type PatrolPlan,
  type PatrolPlanCommand,
  type Unit,
} from '@jiefang/core';
import {
  CsvFile,
  DropStopBody,
  errorResponses,
  ForecastRequestBody,
  ForecastSchema,
  IdParams,
  PatrolAssignmentSchema,
  PatrolComplianceResponse,
  PatrolPlanCreateBody,
  PatrolPlanSchema,
  XlsxFile,
} from '@jiefang/contract';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { caller } from '../auth/authenticate.ts';
import { guard, scopeOf } from '../auth/guard.ts';
import type { ServerContext } from '../context.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { complianceCsv, complianceXlsx, planCompliance } from '../patrol/plan-compliance.ts';
import { currentAssignment } from '../patrol/patrol-assignment.ts';
import { forecastPart, patrolPlanPart } from '../patrol/patrol-parts.ts';
import { patrolPlannerOf } from '../patrol/patrol-planner.ts';
import { AggregateType } from '../world/aggregate-types.ts';

const tags = ['patrol'];

/**
 * 情指勤: hotspot forecasts for an org's area (computed off the request path by the patrol
 * runner), patrol plans made from them for a shift and assigned to units (pushed to their
 * phones by the live hub), and compliance from the units' tracks (audited: where officers were
 * is personal data).
 */
export function patrolRoutes(app: TypedApp, ctx: ServerContext): void {
  const forecastOr404 = (id: string) => {
    const found = ctx.world.get<ForecastRecord>(AggregateType.forecast, id);
    if (!found) throw new DomainError(DomainErrorCode.NOT_FOUND, `no forecast ${id}`, 'id');
    return found;
  };
  const planOr404 = async (id: string): Promise<PatrolPlan> => {
    const live = ctx.world.get<PatrolPlan>(AggregateType.patrolPlan, id);
    if (live) return live;
    // Closed plans leave the world; compliance still reads them.
    const stored = await ctx.store.get(AggregateType.patrolPlan, id);
    if (!stored) throw new DomainError(DomainErrorCode.NOT_FOUND, `no patrol plan ${id}`, 'id');
    return stored.data as PatrolPlan;
  };
  const planCommand = async (
    request: FastifyRequest,
    id: string,
    command: PatrolPlanCommand,
  ): Promise<PatrolPlan> => {
    const plan = await planOr404(id);
    guard(ctx, request, 'patrol.plan', plan.orgId);
    const result = await ctx.commands.execute(
      patrolPlanPart(ctx, id, command, caller(request).id),
      caller(request).id,
    );
    return result.states[0].data as PatrolPlan;
  };

  app.get(
    '/api/v1/forecasts',
    {
      schema: {
        tags,
        summary: 'Hotspot forecasts of your scope, newest first (method, window, flagged cells)',
        response: { 200: Type.Array(ForecastSchema), ...errorResponses },
      },
    },
    async (request) => {
      guard(ctx, request, 'patrol.read', caller(request).orgId);
      const scope = scopeOf(ctx, request);
      return [...ctx.world.forecasts.values()]
        .map((f) => f.value)
        .filter((f) => scope.has(f.orgId))
        .sort((a, b) => b.requestedAt.localeCompare(a.requestedAt) || b.id.localeCompare(a.id));
    },
  );

  app.post(
    '/api/v1/forecasts',
    {
      schema: {
        tags,
        summary:
          "Ask for a hotspot forecast of an org's area from its incident history; computed in the background (status requested → computed or failed)",
        body: ForecastRequestBody,
        response: { 202: ForecastSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (!ctx.world.orgs.has(body.orgId))
        throw new DomainError(DomainErrorCode.NOT_FOUND, `no org ${body.orgId}`, 'orgId');
      guard(ctx, request, 'patrol.plan', body.orgId);
      const id = ctx.newId();
      const result = await ctx.commands.execute(
        forecastPart(
          ctx,
          id,
          {
            type: 'request',
            forecast: {
              id,
              orgId: body.orgId,
              categoryCode: body.categoryCode,
              horizonDays: body.horizonDays,
            },
          },
          caller(request).id,
        ),
        caller(request).id,
      );
      void ctx.services.patrolRunner?.tick();
      void reply.code(202);
      return result.states[0].data as ForecastRecord;
    },
  );

  app.get(
    '/api/v1/forecasts/:id',
    {
      schema: {
        tags,
        summary: 'One forecast',
        params: IdParams,
        response: { 200: ForecastSchema, ...errorResponses },
      },
    },
    async (request) => {
      const forecast = forecastOr404(request.params.id);
      guard(ctx, request, 'patrol.read', forecast.orgId);
      return forecast;
    },
  );

  app.get(
    '/api/v1/patrol-plans',
    {
      schema: {
        tags,
        summary: 'Draft and assigned patrol plans of your scope, newest first',
        response: { 200: Type.Array(PatrolPlanSchema), ...errorResponses },
      },
    },
    async (request) => {
      guard(ctx, request, 'patrol.read', caller(request).orgId);
      const scope = scopeOf(ctx, request);
      return [...ctx.world.patrolPlans.values()]
        .map((p) => p.value)
        .filter((p) => scope.has(p.orgId))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    },
  );

  app.post(
    '/api/v1/patrol-plans',
    {
      schema: {
        tags,
        summary:
          "Plan a shift from a computed forecast: each unit's chessboard square, hot cells with arrival windows and 10–15 min dwells, road routes, under the 300 s coverage floor; hours of day in the city time zone (TIME_ZONE). Planned on a worker thread, the answer awaits it (a draft until assigned)",
        body: PatrolPlanCreateBody,
        response: { 201: PatrolPlanSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const forecast = forecastOr404(body.forecastId);
      guard(ctx, request, 'patrol.plan', forecast.orgId);
      const positions = new Map<string, { lon: number; lat: number }>();
      for (const unitId of body.unitIds) {
        const unit = ctx.world.get<Unit>(AggregateType.unit, unitId);
        if (!unit) throw new DomainError(DomainErrorCode.NOT_FOUND, `no unit ${unitId}`, 'unitIds');
        guard(ctx, request, 'patrol.plan', unit.orgId);
        const fix = ctx.positions.positions.get(unitId);
        if (fix) positions.set(unitId, { lon: fix.lon, lat: fix.lat });
      }
      const id = ctx.newId();
      // Planned on the planner's thread: this request waits, the event loop does not.
      const plan = await patrolPlannerOf(ctx).plan({
        id,
        forecast,
        unitIds: body.unitIds,
        positions,
        shiftStart: Date.parse(body.shiftStart),
        shiftMinutes: body.shiftMinutes,
        dwellMin: body.dwellMin ?? 12,
        timeZone: ctx.config.timeZone,
      });
      const result = await ctx.commands.execute(
        patrolPlanPart(ctx, id, { type: 'create', plan }, caller(request).id),
        caller(request).id,
      );
      void reply.code(201);
      return result.states[0].data as PatrolPlan;
    },
  );

  app.get(
    '/api/v1/patrol-plans/:id',
    {
      schema: {
        tags,
        summary: 'One patrol plan',
        params: IdParams,
        response: { 200: PatrolPlanSchema, ...errorResponses },
      },
    },
    async (request) => {
      const plan = await planOr404(request.params.id);
      guard(ctx, request, 'patrol.read', plan.orgId);
      return plan;
    },
  );

  app.post(
    '/api/v1/patrol-plans/:id/drop-stop',
    {
      schema: {
        tags,
        summary: "The supervisor's edit: a unit stays where it is instead of visiting a stop",
        params: IdParams,
        body: DropStopBody,
        response: { 200: PatrolPlanSchema, ...errorResponses },
      },
    },
    async (request) =>
      planCommand(request, request.params.id, {
        type: 'drop_stop',
        unitId: request.body.unitId,
        startMin: request.body.startMin,
      }),
  );

  app.post(
    '/api/v1/patrol-plans/:id/assign',
    {
      schema: {
        tags,
        summary: "Assign the plan: each unit's part goes to its phones at once",
        params: IdParams,
        response: { 200: PatrolPlanSchema, ...errorResponses },
      },
    },
    async (request) => planCommand(request, request.params.id, { type: 'assign' }),
  );

  app.post(
    '/api/v1/patrol-plans/:id/close',
    {
      schema: {
        tags,
        summary: 'Close the plan (the shift is over, or it is withdrawn)',
        params: IdParams,
        response: { 200: PatrolPlanSchema, ...errorResponses },
      },
    },
    async (request) => planCommand(request, request.params.id, { type: 'close' }),
  );

  app.get(
    '/api/v1/units/:id/patrol',
    {
      schema: {
        tags,
        summary:
          "The unit's part of its assigned patrol plan (route, stops, dwells), null when it has none: for those who act for the unit",
        params: IdParams,
        response: { 200: Type.Union([PatrolAssignmentSchema, Type.Null()]), ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      const unit = ctx.world.get<Unit>(AggregateType.unit, id);
      if (!unit) throw new DomainError(DomainErrorCode.NOT_FOUND, `no unit ${id}`, 'id');
      guard(ctx, request, 'dispatch.transition', unit.orgId, { unitId: id });
      return currentAssignment(ctx.world, id) ?? null;
    },
  );

  /** Reads the plan's tracks (audited, one row per unit) and scores them against the plan. */
  const compliance = async (request: FastifyRequest, id: string) => {
    const plan = await planOr404(id);
    guard(ctx, request, 'patrol.read', plan.orgId);
    await ctx.positions.flush?.();
    return planCompliance(ctx, plan, caller(request).id);
  };

  app.get(
    '/api/v1/patrol-plans/:id/compliance',
    {
      schema: {
        tags,
        summary:
          'Per unit: stops visited vs planned, dwell achieved, time on beat, gaps without fixes over 5 min, late start, off-zone time (reads tracks: audited)',
        params: IdParams,
        response: { 200: PatrolComplianceResponse, ...errorResponses },
      },
    },
    async (request) => compliance(request, request.params.id),
  );

  app.get(
    '/api/v1/patrol-plans/:id/compliance.csv',
    {
      schema: {
        tags,
        summary: 'The compliance board as CSV (reads tracks: audited)',
        params: IdParams,
        response: {
          200: CsvFile,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const board = await compliance(request, request.params.id);
      await reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="patrol-${board.planId}.csv"`)
        .send(complianceCsv(board));
    },
  );

  app.get(
    '/api/v1/patrol-plans/:id/compliance.xlsx',
    {
      schema: {
        tags,
        summary: 'The compliance board as an XLSX workbook (reads tracks: audited)',
        params: IdParams,
        response: {
          200: XlsxFile,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const board = await compliance(request, request.params.id);
      const xlsx = await complianceXlsx(board);
      await reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="patrol-${board.planId}.xlsx"`)
        .send(xlsx);
    },
  );
}
