import {
  CASE_KINDS,
  CASE_SOURCES,
  DEPARTMENT_KINDS,
  MEDIATOR_ROLES,
  RISK_LEVELS,
  SATISFACTION_RATINGS,
} from '@jiefang/core';
import { Type, type Static } from 'typebox';
import { Id, LonLat } from './common.ts';
import { PrioritySchema } from './incident.ts';

const enumOf = <T extends string>(values: readonly T[]) => Type.Enum(values);

export const CaseKindSchema = enumOf(CASE_KINDS);
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const PhotoIds = Type.Array(Id, { maxItems: 20 });
const Contact = Type.Object(
  {
    name: Type.Optional(Text(100)),
    phone: Type.Optional(Type.String({ pattern: '^[0-9+ -]{3,30}$' })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
  },
  { additionalProperties: false },
);
const Location = Type.Object(
  {
    lon: LonLat.properties.lon,
    lat: LonLat.properties.lat,
    address: Type.Optional(Text(300)),
  },
  { additionalProperties: false },
);
/** A department chosen by hand; without it the routing rules choose. */
const DepartmentChoice = {
  departmentId: Type.Optional(Id),
  reason: Type.Optional(Text(1000)),
};
const HazardInput = Type.Object(
  { responsibleParty: Text(200), rectifyBy: Type.String({ format: 'date-time' }) },
  { additionalProperties: false },
);
const MediationInput = Type.Object(
  {
    riskLevel: enumOf(RISK_LEVELS),
    parties: Type.Array(
      Type.Object(
        {
          name: Text(100),
          side: enumOf(['applicant', 'respondent'] as const),
          contact: Type.Optional(Contact),
        },
        { additionalProperties: false },
      ),
      { minItems: 2, maxItems: 20 },
    ),
  },
  { additionalProperties: false },
);

export const CreateCaseBody = Type.Object(
  {
    kind: CaseKindSchema,
    orgId: Type.Optional(Id),
    categoryCode: Id,
    title: Text(200),
    description: Text(4000),
    location: Type.Optional(Location),
    source: Type.Optional(enumOf(CASE_SOURCES.filter((s) => s !== 'open311'))),
    reporter: Type.Optional(Contact),
    photoIds: Type.Optional(PhotoIds),
    externalRef: Type.Optional(Text(100)),
    /** Route at once: by the rules ('auto') or to a named department. */
    route: Type.Optional(Type.Boolean()),
    ...DepartmentChoice,
    hazard: Type.Optional(HazardInput),
    mediation: Type.Optional(MediationInput),
  },
  { additionalProperties: false },
);
export type CreateCaseBody = Static<typeof CreateCaseBody>;

export const HandOverBody = Type.Object(
  {
    categoryCode: Id,
    title: Type.Optional(Text(200)),
    ...DepartmentChoice,
  },
  { additionalProperties: false },
);
export type HandOverBody = Static<typeof HandOverBody>;

export const CaseRouteBody = Type.Object(DepartmentChoice, { additionalProperties: false });
export type CaseRouteBody = Static<typeof CaseRouteBody>;
export const CaseReasonBody = Type.Object({ reason: Text(1000) }, { additionalProperties: false });
export const CaseNoteBody = Type.Object(
  { text: Text(4000), photoIds: Type.Optional(PhotoIds) },
  { additionalProperties: false },
);
export const CaseResultBody = Type.Object({ result: Text(4000) }, { additionalProperties: false });
export const CaseCloseBody = Type.Object(
  { result: Type.Optional(Text(4000)) },
  { additionalProperties: false },
);
export const CaseSatisfactionBody = Type.Object(
  { rating: enumOf(SATISFACTION_RATINGS), note: Type.Optional(Text(1000)) },
  { additionalProperties: false },
);
export const CaseReinspectBody = Type.Object(
  { passed: Type.Boolean(), note: Text(1000), photoIds: PhotoIds },
  { additionalProperties: false },
);
export const CaseSessionBody = Type.Object(
  {
    at: Type.String({ format: 'date-time' }),
    mode: enumOf(['in_person', 'remote'] as const),
    meetingUrl: Type.Optional(Type.String({ format: 'uri', maxLength: 500 })),
    place: Type.Optional(Text(200)),
    mediators: Type.Array(
      Type.Object(
        { name: Text(100), role: enumOf(MEDIATOR_ROLES) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 10 },
    ),
  },
  { additionalProperties: false },
);
export type CaseSessionBody = Static<typeof CaseSessionBody>;
export const CaseTextBody = Type.Object({ text: Text(4000) }, { additionalProperties: false });
export const CaseRiskBody = Type.Object(
  { riskLevel: enumOf(RISK_LEVELS) },
  { additionalProperties: false },
);
export const CaseToIncidentBody = Type.Object(
  {
    categoryCode: Id,
    priority: Type.Optional(PrioritySchema),
    description: Type.Optional(Text(4000)),
  },
  { additionalProperties: false },
);
export type CaseToIncidentBody = Static<typeof CaseToIncidentBody>;
export const CaseConvertBody = Type.Object(
  {
    kind: enumOf(['work_order', 'mediation', 'hazard'] as const),
    categoryCode: Id,
    ...DepartmentChoice,
    hazard: Type.Optional(HazardInput),
    mediation: Type.Optional(MediationInput),
  },
  { additionalProperties: false },
);
export type CaseConvertBody = Static<typeof CaseConvertBody>;

export const CaseListQuery = Type.Object(
  {
    kind: Type.Optional(CaseKindSchema),
    status: Type.Optional(enumOf(['open', 'closed', 'all'] as const)),
    stage: Type.Optional(enumOf(['analyse', 'assign', 'handle', 'supervise', 'close'] as const)),
    departmentId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type CaseListQuery = Static<typeof CaseListQuery>;

export const CaseSettingsBody = Type.Object(
  {
    deadlines: Type.Partial(
      Type.Record(
        CaseKindSchema,
        Type.Object(
          {
            analyse: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
            assign: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
            handle: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
            supervise: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
          },
          { additionalProperties: false },
        ),
      ),
      { additionalProperties: false },
    ),
    rules: Type.Array(
      Type.Object(
        {
          id: Id,
          categoryCode: Type.String({ minLength: 1, maxLength: 100 }),
          areaOrgId: Id,
          departmentId: Id,
        },
        { additionalProperties: false },
      ),
      { maxItems: 1000 },
    ),
    departments: Type.Array(
      Type.Object({ orgId: Id, kind: enumOf(DEPARTMENT_KINDS) }, { additionalProperties: false }),
      { maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);
export type CaseSettingsBody = Static<typeof CaseSettingsBody>;

/** A case as the API shows it: contacts removed (they have their own audited route). */
export const CaseResponse = Type.Object(
  {
    id: Type.String(),
    kind: CaseKindSchema,
    orgId: Type.String(),
    status: Type.String(),
    version: Type.Integer(),
  },
  { additionalProperties: true },
);

/** GET /cases/routing: which department the rules send a category at an org to. */
export const CaseRoutingQuery = Type.Object(
  {
    categoryCode: Type.String({ minLength: 1, maxLength: 100 }),
    orgId: Type.String({ minLength: 1, maxLength: 100 }),
  },
  { additionalProperties: false },
);

/** POST /cases/{id}/violent: the dispute is turning violent. */
export const CaseViolentBody = Type.Object(
  { description: Type.String({ minLength: 1, maxLength: 4000 }) },
  { additionalProperties: false },
);

/** A case action that raises an incident in the same commit. */
export const CaseIncidentRaised = Type.Object({ incidentId: Type.String(), case: CaseResponse });

/** GET /case-stats (and its CSV and XLSX exports): a period and an org subtree. */
export const CaseStatsQuery = Type.Object(
  {
    from: Type.String({ format: 'date-time', description: 'inclusive' }),
    to: Type.String({ format: 'date-time', description: 'exclusive' }),
    orgId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type CaseStatsPeriod = Static<typeof CaseStatsQuery>;
