import { CAP_SEVERITIES, PARTNER_KINDS, RULE_STEP_KINDS, type AlertSource } from '@jiefang/core';
import { Type, type Static } from 'typebox';
import { Id, LonLat, literals } from './common.ts';

/** Request and response schemas of the alert, area-rule and partner routes. */

/** The media types a CAP 1.2 message is posted as. */
export const CAP_MEDIA_TYPES = ['application/cap+xml', 'application/xml'];

/** POST /api/v1/alerts/cap: the CAP XML text itself (parsed and bounded by core's parseCap). */
export const CapMessageBody = Type.String({
  minLength: 1,
  description: 'an OASIS CAP 1.2 <alert> document',
});

/** An alert as the API shows it (personal data withheld; read through /personal). */
export const AlertView = Type.Object(
  {
    id: Type.String(),
    orgId: Type.String(),
    source: Type.String(),
    sender: Type.String(),
    event: Type.String(),
    status: Type.String(),
    severity: Type.String(),
    version: Type.Integer(),
  },
  { additionalProperties: true },
);

export const CapIntakeResult = Type.Object({ alert: AlertView, duplicate: Type.Boolean() });

export const AlertStatusSchema = literals(['active', 'cleared', 'cancelled', 'expired'] as const);
export const AlertListQuery = Type.Object(
  { status: Type.Optional(AlertStatusSchema) },
  { additionalProperties: false },
);

export const AlertTimeline = Type.Array(
  Type.Object({
    seq: Type.Integer(),
    type: Type.String(),
    at: Type.String(),
    payload: Type.Unknown(),
  }),
);

export const ClearAlertBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);

export const AlertPersonalView = Type.Object({
  id: Type.String(),
  person: Type.Optional(Type.Object({}, { additionalProperties: true })),
  post: Type.Optional(Type.Object({}, { additionalProperties: true })),
});

const Seconds = Type.Integer({ minimum: 0, maximum: 86400 });
const Strings = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50 });
/** A closed ring of points (first equals last), checked further by core's ringProblems. */
const Ring = Type.Array(LonLat, { minItems: 4, maxItems: 500 });
const CapSeveritySchema = literals(CAP_SEVERITIES);

/** The fields of an area rule a client writes (core's AreaRule without id, org and retired). */
const areaRuleFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  categoryCode: Type.String({ minLength: 1, maxLength: 60 }),
  match: Type.Object(
    {
      sources: Type.Optional(Type.Array(literals<AlertSource>(['cap', 'webhook']))),
      senders: Type.Optional(Strings),
      events: Type.Optional(Strings),
      categories: Type.Optional(Strings),
      zone: Type.Optional(Ring),
      minSeverity: Type.Optional(CapSeveritySchema),
      persistence: Type.Optional(
        Type.Object(
          {
            measure: Type.String({ minLength: 1, maxLength: 60 }),
            min: Type.Number(),
            forSeconds: Seconds,
          },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
  steps: Type.Array(
    Type.Object(
      {
        kind: literals(RULE_STEP_KINDS),
        afterSeconds: Seconds,
        text: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
      },
      { additionalProperties: false },
    ),
    { minItems: 1, maxItems: 20 },
  ),
};

/** POST /api/v1/area-rules. */
export const DefineAreaRuleBody = Type.Object(
  { id: Id, orgId: Id, ...areaRuleFields },
  { additionalProperties: false },
);
/** PUT /api/v1/area-rules/{id}. */
export const ReviseAreaRuleBody = Type.Object(areaRuleFields, { additionalProperties: false });

export const AreaRuleView = Type.Object(
  {
    id: Type.String(),
    orgId: Type.String(),
    name: Type.String(),
    retired: Type.Boolean(),
    version: Type.Integer(),
  },
  { additionalProperties: true },
);

/** A partner as clients see it: key ids and validity, never a secret. */
export const PartnerView = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  keys: Type.Array(
    Type.Object({
      keyId: Type.String(),
      createdAt: Type.String(),
      notAfter: Type.Optional(Type.String()),
    }),
  ),
  zones: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), orgId: Type.String(), polygon: Ring }),
  ),
});

/** POST /api/v1/partners. */
export const RegisterPartnerBody = Type.Object(
  {
    id: Id,
    orgId: Id,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: literals(PARTNER_KINDS),
    zones: Type.Array(
      Type.Object(
        { id: Id, name: Type.String({ minLength: 1, maxLength: 200 }), orgId: Id, polygon: Ring },
        { additionalProperties: false },
      ),
      { maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);

/** POST /api/v1/partners/{id}/keys. */
export const RotatePartnerKeyBody = Type.Object(
  { overlapSeconds: Type.Integer({ minimum: 0, maximum: 7 * 86400 }) },
  { additionalProperties: false },
);

/** The answer to a registration or a rotation: the new secret, shown once. */
export const PartnerKeyIssued = Type.Object({
  partner: PartnerView,
  keyId: Type.String(),
  secret: Type.String(),
});

/** POST /api/v1/partners/{id}/events: one signed partner event. */
export const PartnerEventBody = Type.Object(
  {
    eventId: Type.String({ minLength: 1, maxLength: 200 }),
    occurredAt: Type.String({ format: 'date-time' }),
    /** crowd, watchlist, public_post, ... */
    kind: Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z_]+$' }),
    zoneId: Type.Optional(Id),
    /** The partner's own id of the alert (a track, a case); default kind:zone. */
    alertKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    location: Type.Optional(LonLat),
    measure: Type.Optional(
      Type.Object(
        { name: Type.String({ minLength: 1, maxLength: 60 }), value: Type.Number() },
        { additionalProperties: false },
      ),
    ),
    severity: Type.Optional(CapSeveritySchema),
    /** 'cleared': the partner saw the condition end. */
    state: Type.Optional(literals(['active', 'cleared'] as const)),
    headline: Type.Optional(Type.String({ maxLength: 500 })),
    /** An approximate area (a public post's): a circle in metres or a closed ring. */
    area: Type.Optional(
      Type.Object(
        {
          circle: Type.Optional(
            Type.Object(
              { centre: LonLat, radiusM: Type.Number({ exclusiveMinimum: 0, maximum: 50_000 }) },
              { additionalProperties: false },
            ),
          ),
          polygon: Type.Optional(Ring),
        },
        { additionalProperties: false },
      ),
    ),
    /** Personal data of a hit (watchlist person, public post): restricted, reads audited. */
    person: Type.Optional(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 100 }),
          idNumber: Type.Optional(Type.String({ maxLength: 40 })),
          photoRef: Type.Optional(Type.String({ maxLength: 500 })),
          reason: Type.Optional(Type.String({ maxLength: 500 })),
        },
        { additionalProperties: false },
      ),
    ),
    post: Type.Optional(
      Type.Object(
        {
          text: Type.String({ minLength: 1, maxLength: 5000 }),
          author: Type.Optional(Type.String({ maxLength: 200 })),
          url: Type.Optional(Type.String({ maxLength: 1000 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type PartnerEvent = Static<typeof PartnerEventBody>;

export const PartnerEventResult = Type.Object({
  alert: Type.Union([
    Type.Null(),
    Type.Object({ id: Type.String(), status: Type.String() }, { additionalProperties: true }),
  ]),
  actions: Type.Array(Type.Object({ kind: Type.String(), text: Type.String(), at: Type.String() })),
});

export type PartnerListItem = Static<typeof PartnerView>;
export type PartnerKeyIssuedView = Static<typeof PartnerKeyIssued>;
export type DefineAreaRuleInput = Static<typeof DefineAreaRuleBody>;
export type ReviseAreaRuleInput = Static<typeof ReviseAreaRuleBody>;
export type RegisterPartnerInput = Static<typeof RegisterPartnerBody>;
export type AlertTimelineEntry = Static<typeof AlertTimeline>[number];
