import { Type, type Static } from 'typebox';
import { Id, LonLat } from './common.ts';

/** Request and response schemas of the missing-person routes. */

export const MissingPersonCaseView = Type.Object(
  { id: Type.String(), orgId: Type.String(), status: Type.String(), version: Type.Integer() },
  { additionalProperties: true },
);

/** POST /api/v1/missing-persons. */
export const OpenMissingPersonBody = Type.Object(
  {
    id: Id,
    orgId: Id,
    photoRef: Type.Optional(Type.String({ maxLength: 500 })),
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    lastSeen: Type.Object(
      { location: LonLat, at: Type.String({ format: 'date-time' }) },
      { additionalProperties: false },
    ),
    walkingSpeedMps: Type.Number({ exclusiveMinimum: 0, maximum: 3 }),
  },
  { additionalProperties: false },
);

/** POST /api/v1/missing-persons/{id}/sightings. */
export const SightingBody = Type.Object(
  {
    location: LonLat,
    unitId: Type.Optional(Id),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

/** POST /api/v1/missing-persons/{id}/found. */
export const FoundBody = Type.Object({ location: LonLat }, { additionalProperties: false });

/** GET /api/v1/missing-persons/{id}/broadcast-preview: who the one key would alert now. */
export const BroadcastPreview = Type.Object({
  radiusMetres: Type.Number(),
  unitIds: Type.Array(Type.String()),
  units: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String() })),
  sectors: Type.Array(
    Type.Object({
      index: Type.Integer(),
      fromDegrees: Type.Number(),
      toDegrees: Type.Number(),
      point: LonLat,
      unitId: Type.Optional(Type.String()),
      etaSeconds: Type.Optional(Type.Number()),
    }),
  ),
});
export type BroadcastPreviewView = Static<typeof BroadcastPreview>;
