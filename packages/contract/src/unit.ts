import { TRAVEL_PROFILES, UNIT_KINDS, UNIT_STATUSES } from '@jiefang/core';
import { Type, type Static } from 'typebox';
import { literals, LocalNamesSchema } from './common.ts';
import { AssignmentSchema } from './incident.ts';

export const UnitPositionSchema = Type.Object({
  lon: Type.Number(),
  lat: Type.Number(),
  /** Epoch milliseconds of the fix. */
  at: Type.Number(),
  accuracyM: Type.Number(),
  road: Type.Union([Type.Object({ lon: Type.Number(), lat: Type.Number() }), Type.Null()], {
    description: 'the fix snapped to the unit profile road network; null when off the network',
  }),
});

const Member = Type.Object({
  personId: Type.String(),
  name: Type.String(),
  phone: Type.Optional(Type.String({ description: 'only for callers who manage units' })),
  role: Type.Optional(Type.String()),
});

/** GET /api/v1/units (and the `units` of a live snapshot). */
export const UnitViewSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  localNames: Type.Optional(LocalNamesSchema),
  kind: literals(UNIT_KINDS),
  orgId: Type.String(),
  profile: literals(TRAVEL_PROFILES),
  turnoutSeconds: Type.Number(),
  status: literals(UNIT_STATUSES),
  /** ISO time the unit entered its current status, when the server knows it. */
  since: Type.Optional(Type.String()),
  assignment: Type.Optional(AssignmentSchema),
  talkGroupIds: Type.Array(Type.String()),
  siteId: Type.Optional(Type.String()),
  mode: Type.Optional(Type.String()),
  members: Type.Optional(Type.Array(Member)),
  equipment: Type.Optional(Type.Array(Type.String())),
  speciality: Type.Optional(Type.String()),
  departmentOrgId: Type.Optional(Type.String()),
  position: Type.Union([UnitPositionSchema, Type.Null()]),
  version: Type.Integer({ description: 'send back as If-Match to update' }),
});

export type UnitPosition = Static<typeof UnitPositionSchema>;
export type UnitView = Static<typeof UnitViewSchema>;

/** GET /api/v1/units/{id}/track. */
export const UnitTrackSchema = Type.Object({
  unitId: Type.String(),
  points: Type.Array(
    Type.Object({
      at: Type.String(),
      lon: Type.Number(),
      lat: Type.Number(),
      accuracyM: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
});
export type UnitTrack = Static<typeof UnitTrackSchema>;
