import { Type, type Static } from 'typebox';
import { TierSchema } from './incident.ts';

/** GET /stats/today: the supervisor's figures of the day. */
const TierFigures = Type.Object({
  tier: TierSchema,
  targetSeconds: Type.Integer({ description: 'the 1-3-5 target of the tier (60, 180, 300 s)' }),
  arrivalSeconds: Type.Array(Type.Integer(), {
    description: 'seconds from the call to the first arrival serving the tier, one per incident',
  }),
  met: Type.Integer({
    description: "incidents whose first arrival was within their plan's target",
  }),
  missed: Type.Integer({
    description: 'arrived late, or nobody arrived and the target has passed',
  }),
  pending: Type.Integer({ description: 'still open, nobody on scene yet, target not yet passed' }),
  metShare: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
    description: 'met / (met + missed); null when no incident is decided yet',
  }),
});

export const TodayStatsResponse = Type.Object(
  {
    generatedAt: Type.String(),
    from: Type.String({ description: 'local midnight (the server’s time zone), ISO' }),
    timeZone: Type.String({ description: 'IANA name of the time zone "today" is counted in' }),
    incidents: Type.Integer({ description: 'incidents received since local midnight' }),
    perHour: Type.Array(Type.Integer(), {
      minItems: 24,
      maxItems: 24,
      description: 'incidents received in each local hour of today (0–23)',
    }),
    tiers: Type.Array(TierFigures),
    escalations: Type.Integer({ description: 'incident.escalated events raised today' }),
    open: Type.Object({
      total: Type.Integer(),
      escalated: Type.Integer({ description: 'open incidents with an escalation raised' }),
      overdue: Type.Integer(),
      stages: Type.Array(
        Type.Object({
          stage: Type.String(),
          count: Type.Integer(),
          overdue: Type.Integer({ description: 'open incidents past the stage deadline' }),
        }),
      ),
    }),
  },
  { description: 'Today’s figures for the caller’s org subtree' },
);

export type TodayStats = Static<typeof TodayStatsResponse>;
