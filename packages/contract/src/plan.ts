import { Type, type Static } from 'typebox';

/**
 * Response plans on the wire. The body only checks shapes; the meaning (tiers in order, known
 * unit kinds, counts in range) is core's validateResponsePlan, whose errors name the failing
 * field, e.g. tiers[1].units[0].count.
 */
const UnitRequirementBody = Type.Object(
  {
    kinds: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 }),
    count: Type.Integer(),
    profile: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);

const TierBody = Type.Object(
  {
    tier: Type.Integer(),
    targetSeconds: Type.Optional(
      Type.Number({ description: 'default: the 1-3-5 target of the tier (60, 180, 300)' }),
    ),
    acceptTimeoutSeconds: Type.Optional(
      Type.Number({ description: 'default: 20, 30, 45 s for tiers 1, 2, 3' }),
    ),
    units: Type.Array(UnitRequirementBody, { maxItems: 20 }),
  },
  { additionalProperties: false },
);

/** Seconds per closed-loop stage and the escalation step; core's checkLoopOverrides checks them. */
const LoopSchema = Type.Object(
  {
    deadlines: Type.Optional(
      Type.Object(
        {
          analyse: Type.Optional(Type.Number()),
          assign: Type.Optional(Type.Number()),
          handle: Type.Optional(Type.Number()),
          supervise: Type.Optional(Type.Number()),
        },
        { additionalProperties: false, description: 'seconds allowed in each stage' },
      ),
    ),
    escalateEverySeconds: Type.Optional(
      Type.Number({ description: 'once a stage is overdue, one org further up per this period' }),
    ),
  },
  {
    additionalProperties: false,
    description: "closed-loop deadlines over the priority's defaults (README: stage deadlines)",
  },
);

/** The fields of a plan a create or a replace sends. */
export const planBodyFields = {
  name: Type.String({ maxLength: 200 }),
  categoryCode: Type.String({ maxLength: 100, description: "a catalogue category, or '*'" }),
  priorities: Type.Array(Type.Integer(), { maxItems: 4, description: 'empty: any priority' }),
  preemptLowerPriority: Type.Boolean(),
  tiers: Type.Array(TierBody, { maxItems: 3 }),
  loop: Type.Optional(LoopSchema),
};

/** PUT /api/v1/plans/{id}. */
export const ReplacePlanBody = Type.Object(planBodyFields, { additionalProperties: false });
export type PlanBody = Static<typeof ReplacePlanBody>;

/** GET /api/v1/plans. */
export const PlanViewSchema = Type.Object({
  id: Type.String(),
  orgId: Type.Union([Type.String(), Type.Null()], { description: 'null for a built-in plan' }),
  name: Type.String(),
  categoryCode: Type.String(),
  priorities: Type.Array(Type.Integer()),
  preemptLowerPriority: Type.Boolean(),
  tiers: Type.Array(
    Type.Object({
      tier: Type.Integer(),
      targetSeconds: Type.Number(),
      acceptTimeoutSeconds: Type.Number(),
      units: Type.Array(
        Type.Object({
          kinds: Type.Array(Type.String()),
          count: Type.Integer(),
          profile: Type.Optional(Type.String()),
        }),
      ),
    }),
  ),
  loop: Type.Optional(LoopSchema),
  retired: Type.Boolean(),
  builtIn: Type.Boolean({ description: 'a default plan in force because none is stored' }),
  version: Type.Integer({ description: 'send as If-Match to replace' }),
});
export type PlanView = Static<typeof PlanViewSchema>;
