import { Type, type Static } from 'typebox';
import { LocalNamesSchema } from './common.ts';

const Count = Type.Integer({ minimum: 0 });

/** POST /api/v1/talk-groups/{id}/mobilise and /incidents/{id}/mobilise-area: what was sent. */
export const MobilisationResult = Type.Object({
  incidentId: Type.String(),
  dispatched: Type.Array(
    Type.Object({
      dispatchId: Type.String(),
      unitId: Type.String(),
      tier: Type.Integer(),
      etaSeconds: Type.Optional(Type.Number()),
    }),
  ),
  skipped: Type.Array(Type.Object({ unitId: Type.String(), reason: Type.String() })),
  broadcast: Type.Optional(Type.Object({ talkGroupId: Type.String(), seq: Type.Integer() })),
});
export type MobilisationResult = Static<typeof MobilisationResult>;

/** The body part that sends units below the police floor anyway. */
export const FloorOverride = Type.Object(
  {
    reason: Type.String({
      minLength: 1,
      maxLength: 500,
      description: 'why the areas may go below the police floor (audited)',
    }),
  },
  { additionalProperties: false },
);

/** GET /api/v1/talk-groups/{id}/mobilise-preview: who would leave which areas. */
export const MobilisationPreview = Type.Object({
  incidentId: Type.String(),
  total: Count,
  /** Units the floor holds back: sent only with an override. */
  totalWithoutFloor: Count,
  floor: Count,
  areas: Type.Array(
    Type.Object({
      orgId: Type.String(),
      orgName: Type.String(),
      orgLocalNames: Type.Optional(LocalNamesSchema),
      leaving: Type.Record(Type.String(), Count, { description: 'units leaving, by unit kind' }),
      policeAvailableBefore: Count,
      policeAvailableAfter: Count,
      held: Count,
    }),
  ),
});
export type MobilisationPreview = Static<typeof MobilisationPreview>;
