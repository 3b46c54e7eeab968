import {
  CASE_CATEGORIES,
  PERMISSIONS,
  CASE_KINDS,
  DEPARTMENT_KINDS,
  DomainError,
  DomainErrorCode,
  caseCategory,
  toIso,
  withoutPartyContacts,
  type Case,
  type CaseCommand,
  type CreateCase,
  type Incident,
} from '@jiefang/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypedApp } from '../http/typed-app.ts';
import { Type, type TSchema } from 'typebox';
import { caller } from '../auth/authenticate.ts';
import { guard } from '../auth/guard.ts';
import { CaseRecords } from '../cases/case-records.ts';
import { incidentPart } from '../commands/aggregate-parts.ts';
import type { CommandPart } from '../commands/command-service.ts';
import type { ServerContext } from '../context.ts';
import {
  errorResponses,
  IdempotencyHeaders,
  IdParams,
  IfMatchHeaders,
  CaseIncidentRaised,
  CaseResponse,
  CaseRoutingQuery,
  CaseViolentBody,
  CaseCloseBody,
  CaseConvertBody,
  CreateCaseBody,
  HandOverBody,
  CaseListQuery,
  CaseNoteBody,
  CaseReasonBody,
  CaseReinspectBody,
  CaseResultBody,
  CaseRiskBody,
  CaseRouteBody,
  CaseSatisfactionBody,
  CaseSessionBody,
  CaseSettingsBody,
  CaseTextBody,
  CaseToIncidentBody,
} from '@jiefang/contract';
import { expectedVersion } from '../http/expected-version.ts';
import { IncidentRecords } from '../incidents/incident-records.ts';
import { idempotencyOf } from '../http/idempotency.ts';

const tags = ['cases'];
const EmptyBody = Type.Object({}, { additionalProperties: false });

/** A case without personal data: reporter and parties' contacts have their own audited route. */
export function presentCase(value: Case, version: number) {
  const { reporter: _reporter, ...rest } = value;
  return {
    ...rest,
    ...(value.mediation ? { mediation: withoutPartyContacts(value.mediation) } : {}),
    hasReporterContact: value.reporter !== undefined,
    version,
  };
}

type CaseAction = 'case.update' | 'workorder.handle';

/**
 * Cases (警网融合): work orders to departments, mediation, hazards, grid reports, through
 * analyse → assign → handle → supervise → close. The owner org's command room routes, closes,
 * records the callback and reopens; the department the case is assigned to accepts, returns,
 * notes and resolves — and sees only its own cases.
 */
export function caseRoutes(app: TypedApp, ctx: ServerContext): void {
  const reply = (response: FastifyReply, value: Case, version: number) => {
    void response.header('etag', `"${version}"`);
    return presentCase(value, version);
  };

  /**
   * The case, if the caller may read it: through its owner org, or as the department it is
   * assigned to. The refusal names the narrower reason (a department that lacks case.read is told
   * the case is outside its department, not that it may read no case at all).
   */
  const requireReadable = async (request: FastifyRequest, id: string) => {
    const found = await CaseRecords.require(ctx, id);
    const me = caller(request);
    if (CaseRecords.canRead(ctx, me, found.value)) return found;
    const { departmentId, orgId } = found.value;
    const readsCases = me.roles.some((role) => PERMISSIONS[role]['case.read'] !== undefined);
    if (departmentId !== undefined && !readsCases)
      guard(ctx, request, 'workorder.read', departmentId);
    guard(ctx, request, 'case.read', orgId);
    return found;
  };

  /** A request on one case: its id, and the If-Match version the route's schema checked. */
  type CaseRequest = FastifyRequest & {
    params: { id: string };
    headers: { 'if-match'?: string };
  };

  /** One command on one case, checked against `action` on the org it concerns. */
  const act = async (
    request: CaseRequest,
    response: FastifyReply,
    action: CaseAction,
    command: (value: Case) => CaseCommand,
  ) => {
    // The action's own right implies reading the case (case.update the owner's, workorder.handle
    // the department's), so it is checked first and its refusal is the one the caller sees.
    const found = await CaseRecords.require(ctx, request.params.id);
    const target =
      action === 'workorder.handle'
        ? (found.value.departmentId ?? found.value.orgId)
        : found.value.orgId;
    guard(ctx, request, action, target);
    const me = caller(request);
    const result = await ctx.commands.execute(
      CaseRecords.part(ctx, found.value.id, command(found.value), me.id, {
        expectedVersion: expectedVersion(request.headers['if-match']),
      }),
      me.id,
    );
    const state = result.states[0];
    return reply(response, state.data as Case, state.version);
  };

  const options = <Body extends TSchema>(summary: string, body: Body) => ({
    schema: {
      tags,
      summary,
      params: IdParams,
      headers: IfMatchHeaders,
      body,
      response: { 200: CaseResponse, ...errorResponses },
    },
  });

  /** A new case's create command, deadlines from the org chain, routed at once when asked. */
  const createCommand = (
    request: FastifyRequest,
    input: Omit<CreateCase, 'type' | 'id' | 'deadlines' | 'routing'> & {
      route?: boolean;
      departmentId?: string;
      reason?: string;
    },
  ): CreateCase => {
    const { route, departmentId, reason, ...fields } = input;
    if (!caseCategory(fields.categoryCode))
      throw new DomainError(
        DomainErrorCode.VALIDATION,
        `categoryCode ${fields.categoryCode} names no case category`,
        'categoryCode',
      );
    let routing;
    if (route === true || departmentId !== undefined) {
      routing = CaseRecords.routingFor(
        ctx,
        fields,
        departmentId ? { departmentId, reason } : undefined,
      );
      if (!routing)
        throw new DomainError(
          DomainErrorCode.VALIDATION,
          `no routing rule or department covers ${fields.categoryCode} here: name a departmentId`,
          'departmentId',
        );
    }
    return {
      type: 'create',
      id: ctx.newId(),
      ...fields,
      deadlines: CaseRecords.deadlinesFor(ctx, fields.kind, fields.orgId),
      ...(routing ? { routing } : {}),
    };
  };

  app.get(
    '/api/v1/case-catalogue',
    {
      schema: {
        tags,
        summary: 'Case kinds, categories (Open311 service codes) and department kinds',
        response: {
          200: Type.Object({
            kinds: Type.Array(Type.String()),
            departmentKinds: Type.Array(Type.String()),
            categories: Type.Array(Type.Object({}, { additionalProperties: true })),
          }),
          ...errorResponses,
        },
      },
    },
    // Reference data every logged-in role needs to read any case form; nothing personal.
    async () => ({
      kinds: [...CASE_KINDS],
      departmentKinds: [...DEPARTMENT_KINDS],
      categories: [...CASE_CATEGORIES],
    }),
  );

  app.get(
    '/api/v1/case-settings/:id',
    {
      schema: {
        tags,
        summary: "An org's case settings: deadlines per kind, routing rules, department kinds",
        params: IdParams,
        response: { 200: Type.Object({}, { additionalProperties: true }), ...errorResponses },
      },
    },
    async (request) => {
      guard(ctx, request, 'case.read', request.params.id);
      const own = ctx.world.caseSettings.get(request.params.id);
      return own?.value ?? { orgId: request.params.id, deadlines: {}, rules: [], departments: [] };
    },
  );

  app.put(
    '/api/v1/case-settings/:id',
    {
      schema: {
        tags,
        summary: "Set an org's case settings (admin)",
        params: IdParams,
        body: CaseSettingsBody,
        response: { 200: Type.Object({}, { additionalProperties: true }), ...errorResponses },
      },
    },
    async (request) => {
      guard(ctx, request, 'org.manage', request.params.id);
      const result = await ctx.commands.execute(
        CaseRecords.settingsPart(ctx, request.params.id, {
          type: 'set',
          settings: { orgId: request.params.id, ...request.body },
        }),
        caller(request).id,
      );
      return result.states[0].data;
    },
  );

  app.get(
    '/api/v1/cases/routing',
    {
      schema: {
        tags,
        summary: 'Which department the rules send a category at an org to, and why',
        querystring: CaseRoutingQuery,
        response: {
          200: Type.Object({
            routing: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      guard(ctx, request, 'case.read', request.query.orgId);
      return { routing: CaseRecords.routingFor(ctx, request.query) ?? null };
    },
  );

  app.get(
    '/api/v1/cases',
    {
      schema: {
        tags,
        summary:
          'Cases the caller may see (owner org in scope, or assigned to the caller’s department), overdue first',
        querystring: CaseListQuery,
        response: { 200: Type.Array(CaseResponse), ...errorResponses },
      },
    },
    async (request) => {
      const me = caller(request);
      const { kind, stage, departmentId } = request.query;
      const status: string = request.query.status ?? 'open';
      const source =
        status === 'open'
          ? [...ctx.world.cases.values()].map((e) => e.value)
          : await CaseRecords.all(ctx);
      const now = ctx.clock.now();
      const dueAt = (value: Case) => {
        const seconds = value.deadlines[value.workflow.stage as keyof Case['deadlines']];
        return seconds === undefined
          ? Infinity
          : Date.parse(value.workflow.enteredAt) + seconds * 1000;
      };
      return source
        .filter((c) => status === 'all' || status === c.status)
        .filter((c) => !kind || c.kind === kind)
        .filter((c) => !stage || c.workflow.stage === stage)
        .filter((c) => !departmentId || c.departmentId === departmentId)
        .filter((c) => CaseRecords.canRead(ctx, me, c))
        .sort((a, b) => dueAt(a) - dueAt(b))
        .slice(0, 1000)
        .map((c) => ({
          ...presentCase(c, ctx.world.version('case', c.id)),
          overdue: dueAt(c) < now,
          dueAt: Number.isFinite(dueAt(c)) ? toIso(dueAt(c)) : null,
        }));
    },
  );

  app.get(
    '/api/v1/cases/:id',
    {
      schema: {
        tags,
        summary: 'One case (contacts removed)',
        params: IdParams,
        response: { 200: CaseResponse, ...errorResponses },
      },
    },
    async (request, response) => {
      const found = await requireReadable(request, request.params.id);
      return reply(response, found.value, found.version);
    },
  );

  app.get(
    '/api/v1/cases/:id/contacts',
    {
      schema: {
        tags,
        summary: "The reporter's and the parties' contacts (case.read_contact, audited)",
        params: IdParams,
        response: { 200: Type.Object({}, { additionalProperties: true }), ...errorResponses },
      },
    },
    async (request) => {
      const found = await CaseRecords.require(ctx, request.params.id);
      guard(ctx, request, 'case.read_contact', found.value.orgId);
      const parties = found.value.mediation?.parties ?? [];
      await ctx.store.audit.record({
        at: toIso(ctx.clock.now()),
        actorId: caller(request).id,
        action: 'case.contacts.read',
        subjectType: 'case',
        subjectId: found.value.id,
        orgId: found.value.orgId,
        detail: {
          reporter: Object.keys(found.value.reporter ?? {}),
          parties: parties.filter((p) => p.contact).map((p) => p.name),
        },
      });
      return { reporter: found.value.reporter ?? null, parties };
    },
  );

  app.post(
    '/api/v1/cases',
    {
      schema: {
        tags,
        summary:
          'Open a case (work order, mediation, hazard or grid report), routed at once if asked',
        headers: IdempotencyHeaders,
        body: CreateCaseBody,
        response: { 201: CaseResponse, ...errorResponses },
      },
    },
    async (request, response) => {
      const me = caller(request);
      const { orgId = me.orgId, source, ...rest } = request.body;
      if (!ctx.world.orgs.has(orgId))
        throw new DomainError(DomainErrorCode.VALIDATION, `orgId ${orgId} names no org`, 'orgId');
      guard(ctx, request, 'case.create', orgId);
      const defaultSource = me.roles.includes('grid_worker') ? 'grid_worker' : 'dispatcher';
      const command = createCommand(request, { ...rest, orgId, source: source ?? defaultSource });
      const result = await ctx.commands.execute(
        CaseRecords.part(ctx, command.id, command, me.id, idempotencyOf(request)),
        me.id,
      );
      const state = result.states[0];
      void response.status(201);
      return reply(response, state.data as Case, state.version);
    },
  );

  app.post(
    '/api/v1/incidents/:id/work-order',
    {
      schema: {
        tags,
        summary:
          'Hand a non-police call to a department in one action (流转非警务警情): the incident closes, a routed work order opens',
        params: IdParams,
        body: HandOverBody,
        response: { 201: CaseResponse, ...errorResponses },
      },
    },
    async (request, response) => {
      const me = caller(request);
      const incident = (await IncidentRecords.requireIncident(ctx, request.params.id)).value;
      guard(ctx, request, 'incident.update', incident.orgId);
      guard(ctx, request, 'case.create', incident.orgId);
      const category = caseCategory(request.body.categoryCode);
      const command = createCommand(request, {
        kind: 'work_order',
        orgId: incident.orgId,
        categoryCode: request.body.categoryCode,
        title: request.body.title ?? category?.names.zh ?? request.body.categoryCode,
        description: incident.description,
        location: {
          lon: incident.location.lon,
          lat: incident.location.lat,
          ...(incident.location.address ? { address: incident.location.address } : {}),
        },
        source: 'incident',
        incidentId: incident.id,
        ...(incident.reporter ? { reporter: incident.reporter } : {}),
        route: true,
        departmentId: request.body.departmentId,
        reason: request.body.reason,
      });
      const parts: CommandPart<unknown>[] = [
        CaseRecords.part(ctx, command.id, command, me.id),
        incidentPart(ctx, incident.id, {
          type: 'advance_stage',
          to: 'close',
          note: `non-police: handed over as work order ${command.id}`,
        }),
      ];
      const result = await ctx.commands.executeAll(parts, me.id);
      const state = result.states[0];
      void response.status(201);
      return reply(response, state.data as Case, state.version);
    },
  );

  app.post(
    '/api/v1/cases/:id/incident',
    {
      schema: {
        tags,
        summary: 'Turn a grid report into an incident in one action (the report closes, linked)',
        params: IdParams,
        body: CaseToIncidentBody,
        response: {
          201: CaseIncidentRaised,
          ...errorResponses,
        },
      },
    },
    async (request, response) => {
      const me = caller(request);
      const report = (await CaseRecords.require(ctx, request.params.id)).value;
      guard(ctx, request, 'case.update', report.orgId);
      guard(ctx, request, 'incident.create', report.orgId);
      if (!report.location)
        throw new DomainError(DomainErrorCode.VALIDATION, 'the report has no location', 'location');
      const incidentId = ctx.newId();
      const parts: CommandPart<unknown>[] = [
        incidentPart(ctx, incidentId, {
          type: 'create',
          incidentId,
          orgId: report.orgId,
          source: 'patrol',
          categoryCode: request.body.categoryCode,
          priority: request.body.priority,
          location: report.location,
          ...(report.reporter
            ? { reporter: { name: report.reporter.name, phone: report.reporter.phone } }
            : {}),
          description: request.body.description ?? report.description,
          externalRef: `case:${report.id}`,
        }),
        CaseRecords.part(
          ctx,
          report.id,
          { type: 'close', result: `raised as incident ${incidentId}` },
          me.id,
        ),
      ];
      const result = await ctx.commands.executeAll(parts, me.id);
      const closed = result.states[1];
      void response.status(201);
      return {
        incidentId: (result.states[0].data as Incident).id,
        case: presentCase(closed.data as Case, closed.version),
      };
    },
  );

  app.post(
    '/api/v1/cases/:id/convert',
    {
      schema: {
        tags,
        summary: 'Turn a grid report into a work order, mediation or hazard case in one action',
        params: IdParams,
        body: CaseConvertBody,
        response: { 201: CaseResponse, ...errorResponses },
      },
    },
    async (request, response) => {
      const me = caller(request);
      const report = (await CaseRecords.require(ctx, request.params.id)).value;
      guard(ctx, request, 'case.update', report.orgId);
      const { kind, categoryCode, departmentId, reason, hazard, mediation } = request.body;
      const command = createCommand(request, {
        kind,
        orgId: report.orgId,
        categoryCode,
        title: report.title,
        description: report.description,
        ...(report.location ? { location: report.location } : {}),
        source: 'grid_worker',
        externalRef: `case:${report.id}`,
        ...(report.reporter ? { reporter: report.reporter } : {}),
        photoIds: report.photoIds,
        ...(departmentId ? { departmentId, reason } : {}),
        ...(hazard ? { hazard } : {}),
        ...(mediation ? { mediation } : {}),
      });
      const result = await ctx.commands.executeAll(
        [
          CaseRecords.part(ctx, command.id, command, me.id),
          CaseRecords.part(
            ctx,
            report.id,
            { type: 'close', result: `continued as ${kind} case ${command.id}` },
            me.id,
          ),
        ],
        me.id,
      );
      const state = result.states[0];
      void response.status(201);
      return reply(response, state.data as Case, state.version);
    },
  );

  app.post(
    '/api/v1/cases/:id/route',
    options('Assign to a department: by the rules, or by hand with a reason', CaseRouteBody),
    (request, response) =>
      act(request, response, 'case.update', (value) => {
        const { departmentId, reason } = request.body;
        const routing = CaseRecords.routingFor(
          ctx,
          value,
          departmentId ? { departmentId, reason } : undefined,
        );
        if (!routing)
          throw new DomainError(
            DomainErrorCode.VALIDATION,
            `no routing rule or department covers ${value.categoryCode} here: name a departmentId`,
            'departmentId',
          );
        return { type: 'route', routing };
      }),
  );
  app.post(
    '/api/v1/cases/:id/accept',
    options('The department signs for the case', EmptyBody),
    (request, response) => act(request, response, 'workorder.handle', () => ({ type: 'accept' })),
  );
  app.post(
    '/api/v1/cases/:id/return',
    options('The department returns the case with a reason (to be routed again)', CaseReasonBody),
    (request, response) =>
      act(request, response, 'workorder.handle', () => ({
        type: 'return',
        reason: request.body.reason,
      })),
  );
  app.post(
    '/api/v1/cases/:id/notes',
    options('A handling note, with photos', CaseNoteBody),
    (request, response) =>
      act(request, response, 'workorder.handle', () => ({ type: 'note', ...request.body })),
  );
  app.post(
    '/api/v1/cases/:id/resolve',
    options("The department's result (handle → supervise)", CaseResultBody),
    (request, response) =>
      act(request, response, 'workorder.handle', () => ({
        type: 'resolve',
        result: request.body.result,
      })),
  );
  app.post(
    '/api/v1/cases/:id/close',
    options('Close (supervise → close, or analyse → close with a result)', CaseCloseBody),
    (request, response) =>
      act(request, response, 'case.update', () => ({ type: 'close', result: request.body.result })),
  );
  app.post(
    '/api/v1/cases/:id/send-back',
    options('Send back for rework (supervise → handle)', CaseReasonBody),
    (request, response) =>
      act(request, response, 'case.update', () => ({
        type: 'send_back',
        reason: request.body.reason,
      })),
  );
  app.post(
    '/api/v1/cases/:id/satisfaction',
    options(
      "The reporter's callback: satisfied, basically or unsatisfied, with a note",
      CaseSatisfactionBody,
    ),
    (request, response) =>
      act(request, response, 'case.update', () => ({ type: 'satisfaction', ...request.body })),
  );
  app.post(
    '/api/v1/cases/:id/reopen',
    options('Reopen a closed case with a reason (close → handle)', CaseReasonBody),
    (request, response) =>
      act(request, response, 'case.update', () => ({
        type: 'reopen',
        reason: request.body.reason,
      })),
  );
  app.post(
    '/api/v1/cases/:id/reinspect',
    options('Hazard re-inspection with a photo', CaseReinspectBody),
    (request, response) =>
      act(request, response, 'workorder.handle', () => ({ type: 'reinspect', ...request.body })),
  );
  app.post(
    '/api/v1/cases/:id/sessions',
    options('Schedule a mediation session (remote: with an https meeting link)', CaseSessionBody),
    (request, response) =>
      act(request, response, 'case.update', () => ({
        type: 'schedule_session',
        session: { id: ctx.newId(), ...request.body },
      })),
  );
  app.post(
    '/api/v1/cases/:id/agreement',
    options('Record the mediation agreement', CaseTextBody),
    (request, response) =>
      act(request, response, 'case.update', () => ({ type: 'agreement', text: request.body.text })),
  );
  app.post(
    '/api/v1/cases/:id/follow-ups',
    options('Record a follow-up visit', CaseTextBody),
    (request, response) =>
      act(request, response, 'case.update', () => ({ type: 'follow_up', note: request.body.text })),
  );
  app.post(
    '/api/v1/cases/:id/risk',
    options('Set the dispute risk level', CaseRiskBody),
    (request, response) =>
      act(request, response, 'case.update', () => ({
        type: 'set_risk',
        riskLevel: request.body.riskLevel,
      })),
  );

  app.post(
    '/api/v1/cases/:id/violent',
    {
      schema: {
        tags,
        summary: 'The dispute is turning violent: raises an incident at once, in the same commit',
        params: IdParams,
        body: CaseViolentBody,
        response: {
          201: CaseIncidentRaised,
          ...errorResponses,
        },
      },
    },
    async (request, response) => {
      const me = caller(request);
      const found = (await CaseRecords.require(ctx, request.params.id)).value;
      guard(ctx, request, 'case.update', found.orgId);
      guard(ctx, request, 'incident.create', found.orgId);
      if (!found.location)
        throw new DomainError(
          DomainErrorCode.VALIDATION,
          'the dispute has no location',
          'location',
        );
      const incidentId = ctx.newId();
      const result = await ctx.commands.executeAll(
        [
          incidentPart(ctx, incidentId, {
            type: 'create',
            incidentId,
            orgId: found.orgId,
            source: 'officer',
            categoryCode: 'fight',
            priority: 1,
            location: found.location,
            description: request.body.description,
            externalRef: `case:${found.id}`,
          }),
          CaseRecords.part(ctx, found.id, { type: 'mark_violent', incidentId }, me.id),
        ],
        me.id,
      );
      const state = result.states[1];
      void response.status(201);
      return { incidentId, case: presentCase(state.data as Case, state.version) };
    },
  );
}
