import { FORECAST_HORIZONS_DAYS } from '@jiefang/core';
import { Type, type Static } from 'typebox';
import { Id, literals } from './common.ts';

const Pair = Type.Tuple([Type.Number(), Type.Number()]);

export const ForecastCellSchema = Type.Object({
  rank: Type.Integer({ minimum: 1 }),
  cell: Type.String(),
  score: Type.Number({ description: 'expected incidents in the window' }),
  centre: Pair,
  ring: Type.Array(Pair, { description: 'the square cell, WGS84, closed' }),
});

/** GET /api/v1/forecasts/{id} and the items of GET /api/v1/forecasts. */
export const ForecastSchema = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  categoryCode: Type.String({ description: "incident category, '*' for all" }),
  horizonDays: Type.Integer(),
  status: literals(['requested', 'computed', 'failed'] as const),
  requestedAt: Type.String(),
  requestedBy: Type.Union([Type.String(), Type.Null()]),
  computedAt: Type.Optional(Type.String()),
  failure: Type.Optional(Type.String()),
  result: Type.Optional(
    Type.Object({
      method: Type.String({
        description: 'chosen by validation on the history: naive, kde, promap or sepp',
      }),
      cellSizeFt: Type.Number(),
      rotationDeg: Type.Number(),
      from: Type.String({ description: 'window start, ISO date' }),
      until: Type.String({ description: 'window end (exclusive), ISO date' }),
      historyCount: Type.Integer(),
      validatedHitRate: Type.Number(),
      cells: Type.Array(ForecastCellSchema),
    }),
  ),
});
export type ForecastView = Static<typeof ForecastSchema>;

export const ForecastRequestBody = Type.Object(
  {
    orgId: Id,
    categoryCode: Type.String({
      minLength: 1,
      maxLength: 60,
      pattern: '^(\\*|[a-z0-9_.]+)$',
      description: "an incident category code, or '*' for every category",
    }),
    horizonDays: literals(FORECAST_HORIZONS_DAYS),
  },
  { additionalProperties: false },
);

const LegSchema = Type.Union([
  Type.Object({
    kind: Type.Literal('drive'),
    startMin: Type.Number(),
    endMin: Type.Number(),
    path: Type.Array(Pair),
    metres: Type.Number(),
  }),
  Type.Object({
    kind: Type.Literal('dwell'),
    startMin: Type.Number(),
    endMin: Type.Number(),
    at: Pair,
    stop: Type.Optional(Type.Object({ cell: Type.String(), window: Pair })),
  }),
]);

const ZoneSchema = Type.Object({ id: Type.String(), bbox: Type.Array(Type.Number()) });

export const PatrolUnitPlanSchema = Type.Object({
  unitId: Type.String(),
  zone: ZoneSchema,
  adopted: Type.Optional(Type.Array(ZoneSchema)),
  post: Pair,
  legs: Type.Array(LegSchema),
  takenAtMin: Type.Optional(Type.Number()),
  takenBy: Type.Optional(Type.String()),
});
export type PatrolUnitPlanView = Static<typeof PatrolUnitPlanSchema>;

export const PatrolPlanSchema = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  forecastId: Type.String(),
  shiftStart: Type.String(),
  shiftMinutes: Type.Integer(),
  status: literals(['draft', 'assigned', 'closed'] as const),
  units: Type.Array(PatrolUnitPlanSchema),
  staticCoverage: Type.Number(),
  floor: Type.Number(),
  minCoverage: Type.Number(),
  uncovered: Type.Array(
    Type.Object({
      cell: Type.String(),
      at: Pair,
      startMin: Type.Number(),
      endMin: Type.Number(),
      fromUnitId: Type.String(),
      dispatchId: Type.String(),
    }),
  ),
  replans: Type.Optional(
    Type.Array(
      Type.Object({
        atMin: Type.Number(),
        takenUnitId: Type.String(),
        heirUnitId: Type.Optional(Type.String()),
        floor: Type.Number(),
        minCoverage: Type.Number(),
      }),
    ),
  ),
  createdAt: Type.String(),
  assignedAt: Type.Optional(Type.String()),
});
export type PatrolPlanView = Static<typeof PatrolPlanSchema>;

export const PatrolPlanCreateBody = Type.Object(
  {
    forecastId: Id,
    shiftStart: Type.String({ format: 'date-time' }),
    shiftMinutes: Type.Integer({ minimum: 60, maximum: 720 }),
    unitIds: Type.Array(Id, { minItems: 1, maxItems: 60, uniqueItems: true }),
    dwellMin: Type.Optional(Type.Integer({ minimum: 10, maximum: 15, default: 12 })),
  },
  { additionalProperties: false },
);

export const DropStopBody = Type.Object(
  { unitId: Id, startMin: Type.Integer({ minimum: 0, maximum: 1440 }) },
  { additionalProperties: false },
);

/** What the responder's phone gets: its own part of an assigned plan (live `patrol` frame). */
export const PatrolAssignmentSchema = Type.Object({
  planId: Type.String(),
  shiftStart: Type.String(),
  shiftMinutes: Type.Integer(),
  unit: PatrolUnitPlanSchema,
});
export type PatrolAssignment = Static<typeof PatrolAssignmentSchema>;

export const PatrolComplianceSchema = Type.Object({
  unitId: Type.String(),
  zone: Type.String(),
  stopsPlanned: Type.Integer(),
  stopsVisited: Type.Integer(),
  dwellPlannedMin: Type.Number(),
  dwellAchievedMin: Type.Number(),
  onBeatMin: Type.Number(),
  offZoneMin: Type.Number(),
  gaps: Type.Array(Type.Object({ fromMin: Type.Number(), toMin: Type.Number() })),
  lateStartMin: Type.Number(),
  fixes: Type.Integer({ description: 'track fixes read for the shift' }),
});
export type PatrolComplianceView = Static<typeof PatrolComplianceSchema>;

export const PatrolComplianceResponse = Type.Object({
  planId: Type.String(),
  shiftStart: Type.String(),
  shiftMinutes: Type.Integer(),
  units: Type.Array(PatrolComplianceSchema),
});

export const SeriesSuggestionSchema = Type.Object({
  incidentId: Type.String(),
  score: Type.Number(),
  parts: Type.Record(Type.String(), Type.Number()),
  categoryCode: Type.String(),
  createdAt: Type.String(),
  location: Type.Object({ lon: Type.Number(), lat: Type.Number() }),
});

export const SeriesResponse = Type.Object({
  incidentId: Type.String(),
  candidates: Type.Integer({ description: 'incidents of the scope compared' }),
  suggestions: Type.Array(SeriesSuggestionSchema),
});
