import { UNIT_KINDS } from '@jiefang/core';
import { Type, type Static } from 'typebox';
import { literals, LocalNamesSchema } from './common.ts';

/** GET /api/v1/places/search: one street or POI. */
export const PlaceHitSchema = Type.Object({
  type: Type.Union([Type.Literal('poi'), Type.Literal('street')]),
  name: Type.String(),
  localNames: LocalNamesSchema,
  matchedName: Type.String({ description: 'the name that matched (e.g. the English name)' }),
  kind: Type.String({ description: "OSM kind of a POI (e.g. 'shop=mall'), or 'street'" }),
  lon: Type.Number(),
  lat: Type.Number(),
  address: Type.Optional(Type.String()),
  altNames: Type.Array(Type.String()),
  distanceM: Type.Optional(Type.Number({ description: 'metres from `near`, when given' })),
  street: Type.Optional(
    Type.String({ description: 'the named street nearest a POI that has no address' }),
  ),
});
export type PlaceHit = Static<typeof PlaceHitSchema>;

/** A road reached within a band, as drawn on the map. */
export const RoadFeatureSchema = Type.Object({
  type: Type.Literal('Feature'),
  properties: Type.Object({
    band: Type.Integer({ description: 'seconds: reached within this band and not the one before' }),
    profile: Type.String(),
    name: Type.Union([Type.String(), Type.Null()], { description: 'street name' }),
  }),
  geometry: Type.Object({
    type: Type.Literal('LineString'),
    coordinates: Type.Array(Type.Tuple([Type.Number(), Type.Number()])),
  }),
});
export type RoadFeature = Static<typeof RoadFeatureSchema>;

export const BandShareSchema = Type.Object({
  band: Type.Integer(),
  metres: Type.Number({ description: 'road length reached within the band (cumulative)' }),
  share: Type.Number({ description: 'metres / the road length of the network, 0..1' }),
});
export type BandShare = Static<typeof BandShareSchema>;

/** GET /api/v1/coverage: 1-3-5 coverage of the available units, on the roads. */
export const CoverageResponse = Type.Object({
  type: Type.Literal('FeatureCollection'),
  computedAt: Type.String(),
  bands: Type.Array(Type.Integer()),
  kinds: Type.Array(literals(UNIT_KINDS)),
  unitCount: Type.Integer({ description: 'available units with a fresh position that count' }),
  shares: Type.Array(BandShareSchema, {
    description: 'over every profile network involved (each unit moves on its own profile)',
  }),
  profiles: Type.Array(
    Type.Object({
      profile: Type.String(),
      unitCount: Type.Integer(),
      totalMetres: Type.Number(),
      shares: Type.Array(BandShareSchema),
    }),
  ),
  features: Type.Array(RoadFeatureSchema),
});
export type CoverageAnswer = Static<typeof CoverageResponse>;

/** GET /api/v1/units/{id}/isochrone: where one unit can be within each band. */
export const IsochroneResponse = Type.Object({
  type: Type.Literal('FeatureCollection'),
  unitId: Type.String(),
  profile: Type.String(),
  seconds: Type.Integer(),
  from: Type.Object({ lon: Type.Number(), lat: Type.Number(), at: Type.Number() }),
  bands: Type.Array(Type.Integer()),
  shares: Type.Array(BandShareSchema),
  features: Type.Array(RoadFeatureSchema),
});
export type IsochroneAnswer = Static<typeof IsochroneResponse>;

/** GET /api/v1/units/whereabouts: where each unit is, in words. */
export const WhereaboutsSchema = Type.Object({
  unitId: Type.String(),
  place: Type.Optional(Type.String({ description: 'nearest named place within 250 m' })),
  placeLocalNames: Type.Optional(LocalNamesSchema),
  placeMetres: Type.Optional(Type.Number()),
  street: Type.Optional(Type.String({ description: 'the street the unit is snapped to' })),
  streetLocalNames: Type.Optional(LocalNamesSchema),
});
export type Whereabouts = Static<typeof WhereaboutsSchema>;
export const WhereaboutsResponse = Type.Array(WhereaboutsSchema);
