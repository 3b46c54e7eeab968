import {
  CASE_CATEGORIES,
  DomainError,
  DomainErrorCode,
  caseCategory,
  toIso,
  type Case,
  type CreateCase,
} from '@jiefang/core';
import {
  open311Errors as errors,
  Open311KeyQuery,
  Open311ListQuery,
  Open311RequestBody,
  Open311RequestParams,
  Open311Service,
  Open311ServiceDefinition,
  Open311ServiceParams,
  Open311ServiceRequest,
  Open311Submitted,
  type Open311RequestFields,
  type Open311ServiceRequestView,
} from '@jiefang/contract';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TypedApp } from '../http/typed-app.ts';
import type { Account } from '../auth/account.ts';
import { authenticateSecret } from '../auth/authenticate.ts';
import { guard } from '../auth/guard.ts';
import { CaseRecords } from '../cases/case-records.ts';
import type { ServerContext } from '../context.ts';
import { toHttpError } from '../http/http-errors.ts';
import { unauthenticated } from '../http/server-error.ts';

/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2), JSON format, so a city's
 * 311/12345 system can send and track service requests. Field names, the form-encoded POST, the
 * `open`/`closed` status values and the error list `[{code, description}]` follow the spec.
 * One deliberate departure: `api_key` (a bearer token of an integration account) is required
 * on every call, reads included, since these are a security platform's cases. A session cookie
 * is not accepted: a form POST riding a browser's cookie would be cross-site request forgery.
 */
const tags = ['open311'];
const DEFAULT_DAYS = 90;
const MAX_RESULTS = 1000;

/** The integration account behind `api_key` (or an Authorization: Bearer header): tokens only. */
function integrationCaller(
  ctx: ServerContext,
  request: FastifyRequest,
  apiKey: string | undefined,
) {
  const header = request.headers.authorization;
  const secret = apiKey ?? (header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined);
  if (!secret) throw unauthenticated('api_key is required');
  const { account, credential } = authenticateSecret(ctx, secret);
  if (credential.kind !== 'api_token')
    throw unauthenticated('api_key must be an integration token, not a session');
  request.account = account;
  request.credential = credential;
  guard(ctx, request, 'open311.request', account.orgId);
  return account;
}

function serviceOf(code: string) {
  const category = caseCategory(code);
  if (!category)
    throw new DomainError(
      DomainErrorCode.NOT_FOUND,
      `service_code ${code} does not exist`,
      'service_code',
    );
  return category;
}

function lastChange(value: Case): string {
  const times = [
    value.createdAt,
    value.workflow.enteredAt,
    ...value.notes.map((n) => n.at),
    ...(value.satisfaction ? [value.satisfaction.at] : []),
  ];
  return times.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}

function asServiceRequest(ctx: ServerContext, value: Case): Open311ServiceRequestView {
  const category = caseCategory(value.categoryCode);
  const department = value.departmentId ? ctx.world.orgs.get(value.departmentId)?.value : undefined;
  const { analyse, assign, handle } = value.deadlines;
  return {
    service_request_id: value.id,
    status: value.status,
    status_notes: value.result ?? value.notes.at(-1)?.text ?? null,
    service_name: category?.names.en ?? value.categoryCode,
    service_code: value.categoryCode,
    description: value.description,
    agency_responsible: department?.name ?? null,
    service_notice: null,
    requested_datetime: value.createdAt,
    updated_datetime: lastChange(value),
    // The loop's own promise: analysed, assigned and handled within their deadlines.
    expected_datetime:
      value.status === 'open'
        ? toIso(Date.parse(value.createdAt) + (analyse + assign + handle) * 1000)
        : null,
    address: value.location?.address ?? null,
    address_id: null,
    zipcode: null,
    lat: value.location?.lat ?? null,
    long: value.location?.lon ?? null,
    media_url: null,
  };
}

export function open311Routes(app: TypedApp, ctx: ServerContext): void {
  void app.register(async (plugin) => {
    // A plugin's instance starts from Fastify's default provider: typed again from the schemas.
    const open311 = plugin.withTypeProvider<TypeBoxTypeProvider>();
    open311.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (_request, body, done) => {
        const fields: Record<string, string> = {};
        for (const [key, value] of new URLSearchParams(String(body))) fields[key] = value;
        done(null, fields);
      },
    );
    open311.setErrorHandler((error, request, reply) => {
      const { status, body } = toHttpError(error);
      if (status >= 500) request.log.error({ err: error }, 'open311 request failed');
      const field = body.error.field ? ` (${body.error.field})` : '';
      void reply
        .status(status)
        .send([{ code: status, description: `${body.error.code}: ${body.error.message}${field}` }]);
    });

    open311.get(
      '/open311/v2/services.json',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'GeoReport v2: the service list (case categories)',
          querystring: Open311KeyQuery,
          response: { 200: Type.Array(Open311Service), ...errors },
        },
      },
      async (request) => {
        integrationCaller(ctx, request, request.query.api_key);
        return CASE_CATEGORIES.map((category) => ({
          service_code: category.code,
          service_name: category.names.en,
          description: category.description,
          metadata: false,
          type: 'realtime' as const,
          keywords: category.keywords.join(','),
          group: category.group,
        }));
      },
    );

    open311.get(
      '/open311/v2/services/:code.json',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'GeoReport v2: one service definition (no service has extra attributes)',
          params: Open311ServiceParams,
          querystring: Open311KeyQuery,
          response: {
            200: Open311ServiceDefinition,
            ...errors,
          },
        },
      },
      async (request) => {
        integrationCaller(ctx, request, request.query.api_key);
        return { service_code: serviceOf(request.params.code).code, attributes: [] };
      },
    );

    open311.post(
      '/open311/v2/requests.json',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'GeoReport v2: submit a service request (application/x-www-form-urlencoded)',
          consumes: ['application/x-www-form-urlencoded'],
          body: Open311RequestBody,
          response: {
            201: Open311Submitted,
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const me = integrationCaller(ctx, request, body.api_key);
        const category = serviceOf(body.service_code);
        const hasPoint = body.lat !== undefined && body.long !== undefined;
        if (!hasPoint && body.address_string === undefined && body.address_id === undefined)
          throw new DomainError(
            DomainErrorCode.VALIDATION,
            'a location is required: lat and long, address_string or address_id',
            'lat',
          );
        const command = createFromRequest(ctx, me, body, category.code, category.kind, hasPoint);
        const result = await ctx.commands.execute(
          CaseRecords.part(ctx, command.id, command, me.id),
          me.id,
        );
        void reply.status(201);
        return [
          {
            service_request_id: result.states[0].aggregateId,
            service_notice: null,
            account_id: body.account_id ?? null,
          },
        ];
      },
    );

    open311.get(
      '/open311/v2/requests.json',
      {
        config: { public: true },
        schema: {
          tags,
          summary:
            "GeoReport v2: the caller's service requests (last 90 days by default, at most 1000)",
          querystring: Open311ListQuery,
          response: { 200: Type.Array(Open311ServiceRequest), ...errors },
        },
      },
      async (request) => {
        const me = integrationCaller(ctx, request, request.query.api_key);
        const query = request.query;
        const own = (await CaseRecords.all(ctx)).filter((c) => c.submittedBy === me.id);
        let selected: Case[];
        if (query.service_request_id !== undefined) {
          // The spec: a list of ids overrides every other parameter.
          const ids = new Set(query.service_request_id.split(',').map((id) => id.trim()));
          selected = own.filter((c) => ids.has(c.id));
        } else {
          const end = query.end_date ? Date.parse(query.end_date) : ctx.clock.now();
          const start = query.start_date
            ? Date.parse(query.start_date)
            : end - DEFAULT_DAYS * 86_400_000;
          if (start > end)
            throw new DomainError(
              DomainErrorCode.VALIDATION,
              'start_date is after end_date',
              'start_date',
            );
          const statuses = query.status?.split(',');
          selected = own.filter((c) => {
            const at = Date.parse(c.createdAt);
            return (
              at >= start &&
              at <= end &&
              (!query.service_code || c.categoryCode === query.service_code) &&
              (!statuses || statuses.includes(c.status))
            );
          });
        }
        return selected
          .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
          .slice(0, MAX_RESULTS)
          .map((c) => asServiceRequest(ctx, c));
      },
    );

    open311.get(
      '/open311/v2/requests/:id.json',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'GeoReport v2: one service request (a list of one, as the spec has it)',
          params: Open311RequestParams,
          querystring: Open311KeyQuery,
          response: { 200: Type.Array(Open311ServiceRequest), ...errors },
        },
      },
      async (request) => {
        const me = integrationCaller(ctx, request, request.query.api_key);
        const found = await CaseRecords.find(ctx, request.params.id);
        // Another account's request is answered like one that does not exist.
        if (!found || found.value.submittedBy !== me.id)
          throw new DomainError(
            DomainErrorCode.NOT_FOUND,
            `service_request_id ${request.params.id} does not exist`,
            'service_request_id',
          );
        return [asServiceRequest(ctx, found.value)];
      },
    );
  });
}

function createFromRequest(
  ctx: ServerContext,
  me: Account,
  body: Open311RequestFields,
  code: string,
  kind: CreateCase['kind'],
  hasPoint: boolean,
): CreateCase {
  const name = [body.first_name, body.last_name].filter(Boolean).join(' ');
  const reporter = {
    ...(name ? { name } : {}),
    ...(body.phone ? { phone: body.phone } : {}),
    ...(body.email ? { email: body.email } : {}),
  };
  const fields = { categoryCode: code, orgId: me.orgId };
  const routing = CaseRecords.routingFor(ctx, fields);
  return {
    type: 'create',
    id: ctx.newId(),
    kind,
    ...fields,
    title: caseCategory(code)?.names.zh ?? code,
    description: body.description?.trim() || (caseCategory(code)?.names.en ?? code),
    ...(hasPoint
      ? {
          location: {
            lon: Number(body.long),
            lat: Number(body.lat),
            ...(body.address_string ? { address: body.address_string } : {}),
          },
        }
      : {}),
    source: 'open311',
    submittedBy: me.id,
    ...(Object.keys(reporter).length ? { reporter } : {}),
    deadlines: CaseRecords.deadlinesFor(ctx, kind, me.orgId),
    ...(routing ? { routing } : {}),
  };
}
