import { ASSIST_KINDS, ASSIST_LEVELS, DISPATCH_STATUSES } from '@jiefang/core';
import { Type, type Static } from 'typebox';
import { Id, literals } from './common.ts';

/** Request and response schemas of the assist-request routes (mutual aid across orgs). */

export const AssistKindSchema = literals(ASSIST_KINDS, {
  description: 'lookup, arrest, search or reinforcement',
});

export const AssistTargetSchema = Type.Union([
  Type.Object({ type: Type.Literal('org'), orgId: Id }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('parent') }, { additionalProperties: false }),
  Type.Object(
    { type: Type.Literal('level'), kind: literals(ASSIST_LEVELS) },
    { additionalProperties: false },
  ),
]);

const AssistText = Type.String({ minLength: 1, maxLength: 2000 });

export const CreateAssistBody = Type.Object(
  {
    fromOrgId: Id,
    kind: AssistKindSchema,
    text: AssistText,
    incidentId: Type.Optional(Id),
    target: AssistTargetSchema,
    deadlineSeconds: Type.Integer({
      minimum: 60,
      maximum: 86_400,
      description: 'each recipient’s time to answer before its parent org is asked',
    }),
  },
  { additionalProperties: false },
);

/** Acknowledging or answering is done for one asked org (a centre may act for its subtree). */
export const AssistActorBody = Type.Object({ orgId: Id }, { additionalProperties: false });

export const AssistAnswerBody = Type.Object(
  {
    orgId: Id,
    decision: literals(['accept', 'decline'] as const),
    text: AssistText,
    unitIds: Type.Optional(
      Type.Array(Id, {
        maxItems: 20,
        uniqueItems: true,
        description: 'units lent (accept only): sent to the requester’s incident at tier 2',
      }),
    ),
  },
  { additionalProperties: false },
);

const AssistAnswerSchema = Type.Object({
  decision: literals(['accept', 'decline'] as const),
  text: Type.String(),
  unitIds: Type.Array(Type.String()),
  at: Type.String(),
  by: Type.String(),
});

export const AssistRecipientSchema = Type.Object({
  orgId: Type.String(),
  orgName: Type.String(),
  round: Type.Integer({ description: '0 first asked, n after n escalations' }),
  askedAt: Type.String(),
  deadline: Type.String(),
  acknowledgedAt: Type.Optional(Type.String()),
  acknowledgedBy: Type.Optional(Type.String()),
  answer: Type.Optional(AssistAnswerSchema),
  escalatedAt: Type.Optional(Type.String()),
});

/** A lent unit as both sides see it: its dispatch to the requester's incident. */
export const LentUnitSchema = Type.Object({
  unitId: Type.String(),
  unitName: Type.String(),
  lentBy: Type.String({ description: 'the org that lent it' }),
  dispatchId: Type.Optional(Type.String()),
  dispatchStatus: Type.Optional(literals(DISPATCH_STATUSES)),
});

export const AssistRequestSchema = Type.Object({
  id: Type.String(),
  fromOrgId: Type.String(),
  fromOrgName: Type.String(),
  requestedBy: Type.String(),
  kind: AssistKindSchema,
  text: Type.String(),
  incidentId: Type.Optional(Type.String()),
  target: AssistTargetSchema,
  windowSeconds: Type.Integer(),
  createdAt: Type.String(),
  status: literals(['open', 'closed'] as const),
  closedAt: Type.Optional(Type.String()),
  recipients: Type.Array(AssistRecipientSchema),
  lentUnits: Type.Array(LentUnitSchema),
  version: Type.Integer(),
});

export type AssistRequestView = Static<typeof AssistRequestSchema>;
export type CreateAssistInput = Static<typeof CreateAssistBody>;
export type AssistAnswerInput = Static<typeof AssistAnswerBody>;
