import { Type, type Static } from 'typebox';
import { Id } from './common.ts';
import type { SeriesResponse } from './patrol.ts';

/** A series of incidents the analyst linked (串并). */
export const CaseSeriesSchema = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  title: Type.String(),
  anchorId: Type.String(),
  incidentIds: Type.Array(Type.String()),
  rejectedIds: Type.Array(Type.String()),
  status: Type.Literal('open'),
  createdAt: Type.String(),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.String(),
});
export type CaseSeriesView = Static<typeof CaseSeriesSchema>;

/** One incident of a series' timeline (oldest first): when, what, where, as reported. */
export const SeriesTimelineEntry = Type.Object({
  incidentId: Type.String(),
  receivedAt: Type.String(),
  categoryCode: Type.String(),
  location: Type.Object({ lon: Type.Number(), lat: Type.Number() }),
  address: Type.Optional(Type.String()),
  description: Type.String(),
});

export const CaseSeriesDetail = Type.Object({
  series: CaseSeriesSchema,
  timeline: Type.Array(SeriesTimelineEntry),
});
export type CaseSeriesDetailView = Static<typeof CaseSeriesDetail>;

export const SeriesStartBody = Type.Object(
  {
    incidentId: Id,
    title: Type.String({ minLength: 1, maxLength: 120 }),
  },
  { additionalProperties: false },
);

export const SeriesLinkBody = Type.Object({ incidentId: Id }, { additionalProperties: false });

export type SeriesSuggestionsView = Static<typeof SeriesResponse>;
