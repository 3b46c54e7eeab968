import { caseStatistics, DomainError, DomainErrorCode } from '@jiefang/core';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { caller } from '../auth/authenticate.ts';
import { guard } from '../auth/guard.ts';
import { statisticsCsv, statisticsXlsx } from '../cases/case-export.ts';
import { CaseRecords } from '../cases/case-records.ts';
import type { ServerContext } from '../context.ts';
import {
  CaseStatsQuery,
  CsvFile,
  errorResponses,
  XlsxFile,
  type CaseStatsPeriod,
} from '@jiefang/contract';
import type { TypedApp } from '../http/typed-app.ts';

const tags = ['cases'];

/** Case statistics for any period and org subtree, as JSON, CSV or XLSX. */
export function caseStatsRoutes(app: TypedApp, ctx: ServerContext): void {
  const compute = async (request: FastifyRequest & { query: CaseStatsPeriod }) => {
    const orgId = request.query.orgId ?? caller(request).orgId;
    guard(ctx, request, 'stats.read', orgId);
    const from = Date.parse(request.query.from);
    const to = Date.parse(request.query.to);
    if (!(from < to))
      throw new DomainError(DomainErrorCode.VALIDATION, 'from must be before to', 'from');
    const tree = ctx.world.orgTree;
    const cases = (await CaseRecords.all(ctx)).filter((c) => tree.isWithin(c.orgId, orgId));
    return caseStatistics(cases, { from, to }, ctx.clock.now());
  };

  app.get(
    '/api/v1/case-stats',
    {
      schema: {
        tags,
        summary:
          'Case figures for a period and org subtree: counts with y/y and period-on-period change, the three rates, stage times, overdue list',
        querystring: CaseStatsQuery,
        response: { 200: Type.Object({}, { additionalProperties: true }), ...errorResponses },
      },
    },
    async (request) => {
      const stats = await compute(request);
      return { ...stats, period: { from: request.query.from, to: request.query.to } };
    },
  );

  app.get(
    '/api/v1/case-stats/export.csv',
    {
      schema: {
        tags,
        summary: 'The case figures as CSV',
        querystring: CaseStatsQuery,
        response: { 200: CsvFile, ...errorResponses },
      },
    },
    async (request, reply) => {
      const csv = statisticsCsv(await compute(request));
      void reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="case-stats.csv"');
      return csv;
    },
  );

  app.get(
    '/api/v1/case-stats/export.xlsx',
    {
      schema: {
        tags,
        summary: 'The case figures as an XLSX workbook',
        querystring: CaseStatsQuery,
        response: { 200: XlsxFile, ...errorResponses },
      },
    },
    async (request, reply) => {
      const xlsx = await statisticsXlsx(await compute(request));
      void reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', 'attachment; filename="case-stats.xlsx"');
      return xlsx;
    },
  );
}
