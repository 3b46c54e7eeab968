import {
  CASE_KINDS,
  CASE_SOURCES,
  DEPARTMENT_KINDS,
  MEDIATOR_ROLES,
  RISK_LEVELS,
  SATISFACTION_RATINGS,
} from '@jiefang/core';
import { Type, type Static } from 'typebox';
import { Id, LonLat } from '@jiefang/contract';

const literals = <T extends string>(values: readonly T[]) => Type.Enum(values);

export const CaseKindSchema = literals(CASE_KINDS);
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
    riskLevel: literals(RISK_LEVELS),
    parties: Type.Array(
      Type.Object(
        {
          name: Text(100),
          side: literals(['applicant', 'respondent'] as const),
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
    source: Type.Optional(literals(CASE_SOURCES.filter((s) => s !== 'open311'))),
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

export const RouteBody = Type.Object(DepartmentChoice, { additionalProperties: false });
export type RouteBody = Static<typeof RouteBody>;
export const ReasonBody = Type.Object({ reason: Text(1000) }, { additionalProperties: false });
export const NoteBody = Type.Object(
  { text: Text(4000), photoIds: Type.Optional(PhotoIds) },
  { additionalProperties: false },
);
export const ResultBody = Type.Object({ result: Text(4000) }, { additionalProperties: false });
export const CloseBody = Type.Object(
  { result: Type.Optional(Text(4000)) },
  { additionalProperties: false },
);
export const SatisfactionBody = Type.Object(
  { rating: literals(SATISFACTION_RATINGS), note: Type.Optional(Text(1000)) },
  { additionalProperties: false },
);
export const ReinspectBody = Type.Object(
  { passed: Type.Boolean(), note: Text(1000), photoIds: PhotoIds },
  { additionalProperties: false },
);
export const SessionBody = Type.Object(
  {
    at: Type.String({ format: 'date-time' }),
    mode: literals(['in_person', 'remote'] as const),
    meetingUrl: Type.Optional(Type.String({ format: 'uri', maxLength: 500 })),
    place: Type.Optional(Text(200)),
    mediators: Type.Array(
      Type.Object(
        { name: Text(100), role: literals(MEDIATOR_ROLES) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 10 },
    ),
  },
  { additionalProperties: false },
);
export type SessionBody = Static<typeof SessionBody>;
export const TextBody = Type.Object({ text: Text(4000) }, { additionalProperties: false });
export const RiskBody = Type.Object(
  { riskLevel: literals(RISK_LEVELS) },
  { additionalProperties: false },
);
export const ToIncidentBody = Type.Object(
  {
    categoryCode: Id,
    priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    description: Type.Optional(Text(4000)),
  },
  { additionalProperties: false },
);
export type ToIncidentBody = Static<typeof ToIncidentBody>;
export const ConvertBody = Type.Object(
  {
    kind: literals(['work_order', 'mediation', 'hazard'] as const),
    categoryCode: Id,
    ...DepartmentChoice,
    hazard: Type.Optional(HazardInput),
    mediation: Type.Optional(MediationInput),
  },
  { additionalProperties: false },
);
export type ConvertBody = Static<typeof ConvertBody>;

export const ListQuery = Type.Object(
  {
    kind: Type.Optional(CaseKindSchema),
    status: Type.Optional(literals(['open', 'closed', 'all'] as const)),
    stage: Type.Optional(literals(['analyse', 'assign', 'handle', 'supervise', 'close'] as const)),
    departmentId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type ListQuery = Static<typeof ListQuery>;

export const SettingsBody = Type.Object(
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
      Type.Object({ orgId: Id, kind: literals(DEPARTMENT_KINDS) }, { additionalProperties: false }),
      { maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);
export type SettingsBody = Static<typeof SettingsBody>;

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
