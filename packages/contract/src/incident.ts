import {
  DISPATCH_STATUSES,
  INCIDENT_SOURCES,
  PRIORITIES,
  TIERS,
  TRAVEL_PROFILES,
  UNIT_KINDS,
  type DispatchStatus,
} from '@jiefang/core';
import { Type, type Static } from 'typebox';
import { Id, Latitude, Longitude, literals, LocalNamesSchema } from './common.ts';

/** Request and response schemas of the incident and dispatch routes (the OpenAPI document). */

const Text = Type.String({ maxLength: 200 });

export const PrioritySchema = literals(PRIORITIES, {
  description: '1 most urgent (life in danger) … 4 can wait',
});
export const TierSchema = literals(TIERS, {
  description: '1-3-5: 1 self-rescue, 2 mutual aid, 3 reinforcement (targets from the plan)',
});
export const IncidentStatusSchema = literals(['open', 'closed', 'cancelled'] as const);
export const SourceSchema = literals(INCIDENT_SOURCES);

export const LocationInput = Type.Object(
  {
    lon: Longitude,
    lat: Latitude,
    address: Type.Optional(Text),
    placeName: Type.Optional(Text),
    placeLocalNames: Type.Optional(LocalNamesSchema),
  },
  { additionalProperties: false },
);

export const ReporterInput = Type.Object(
  {
    name: Type.Optional(Text),
    phone: Type.Optional(Type.String({ maxLength: 30 })),
  },
  { additionalProperties: false },
);

export const CreateIncidentBody = Type.Object(
  {
    source: SourceSchema,
    categoryCode: Type.String({ minLength: 1, maxLength: 64 }),
    priority: Type.Optional(PrioritySchema),
    location: LocationInput,
    reporter: Type.Optional(ReporterInput),
    description: Type.String({ minLength: 1, maxLength: 4000 }),
    receivedAt: Type.Optional(Type.String({ description: 'ISO 8601 time the call came in' })),
    externalRef: Type.Optional(Text),
    orgId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

const StageVisit = Type.Object({
  stage: Type.String(),
  enteredAt: Type.String(),
  leftAt: Type.Optional(Type.String()),
});

const IncidentLoopSchema = Type.Object(
  {
    deadlines: Type.Object({
      analyse: Type.Number(),
      assign: Type.Number(),
      handle: Type.Number(),
      supervise: Type.Number(),
    }),
    escalateEverySeconds: Type.Number(),
  },
  { description: "the incident's stage deadlines (s) and escalation step, from its plan" },
);

const MilestoneSchema = Type.Object({
  at: Type.String(),
  dispatchId: Type.String(),
  unitId: Type.String(),
  endedBy: Type.Optional(
    Type.Literal('cancelled', {
      description:
        'allCleared only: the response ended when the last unit on its way was stood down',
    }),
  ),
});

const incidentFields = {
  id: Type.String(),
  orgId: Type.String(),
  source: SourceSchema,
  categoryCode: Type.String(),
  priority: PrioritySchema,
  policeMatter: Type.Boolean(),
  location: Type.Object({
    lon: Type.Number(),
    lat: Type.Number(),
    address: Type.Optional(Type.String()),
    placeName: Type.Optional(Type.String()),
    placeLocalNames: Type.Optional(LocalNamesSchema),
  }),
  reporter: Type.Optional(
    Type.Object({ name: Type.Optional(Type.String()), phone: Type.Optional(Type.String()) }),
  ),
  reporterWithheld: Type.Optional(
    Type.Boolean({ description: 'the contact exists but your role may not read it' }),
  ),
  description: Type.String(),
  receivedAt: Type.String(),
  createdAt: Type.String(),
  status: IncidentStatusSchema,
  workflow: Type.Object({
    definitionId: Type.String(),
    stage: Type.String(),
    enteredAt: Type.String(),
    escalationLevel: Type.Integer(),
    history: Type.Array(StageVisit),
  }),
  loop: Type.Optional(IncidentLoopSchema),
  escalation: Type.Optional(
    Type.Object(
      {
        stage: Type.String(),
        level: Type.Integer(),
        toOrgId: Type.String({ description: 'the org whose supervisors the escalation is for' }),
        at: Type.String(),
      },
      { description: "the current stage's latest escalation" },
    ),
  ),
  milestones: Type.Optional(
    Type.Object(
      {
        firstOnScene: Type.Optional(MilestoneSchema),
        allCleared: Type.Optional(MilestoneSchema),
      },
      { description: 'the first unit on scene; the last working unit cleared' },
    ),
  ),
  probableDuplicateOf: Type.Optional(Type.String()),
  duplicateOf: Type.Optional(Type.String()),
  externalRef: Type.Optional(Type.String()),
  closedAt: Type.Optional(Type.String()),
  cancelReason: Type.Optional(Type.String()),
};

export const IncidentResponse = Type.Object(
  { ...incidentFields, version: Type.Integer({ description: 'send as If-Match to update' }) },
  { description: 'an incident (reporter contact only with incident.read_contact)' },
);

/** An incident as the live socket and the folded event stream carry it (no REST version). */
export const LiveIncident = Type.Object({
  ...incidentFields,
  version: Type.Optional(Type.Integer()),
});

/** When each status was reached (ISO); the key set is core's DISPATCH_STATUSES. */
const DispatchTimesSchema = Type.Unsafe<Partial<Record<DispatchStatus, string>>>(
  Type.Object(Object.fromEntries(DISPATCH_STATUSES.map((s) => [s, Type.Optional(Type.String())])), {
    description: 'when each status was reached',
  }),
);

export const AssignmentSchema = Type.Object({
  incidentId: Type.String(),
  dispatchId: Type.String(),
  priority: PrioritySchema,
});

const dispatchFields = {
  id: Type.String(),
  incidentId: Type.String(),
  unitId: Type.String(),
  orgId: Type.String(),
  tier: TierSchema,
  status: literals(DISPATCH_STATUSES),
  times: DispatchTimesSchema,
  acceptTimeoutSeconds: Type.Number(),
  etaSeconds: Type.Optional(Type.Number()),
  preempts: Type.Optional(AssignmentSchema),
  declineReason: Type.Optional(Type.String()),
  cancelReason: Type.Optional(Type.String()),
  arrivalSource: Type.Optional(literals(['manual', 'position'] as const)),
  arrivalDistanceMetres: Type.Optional(
    Type.Number({ description: "metres from the unit's last position when on scene was reported" }),
  ),
};

export const DispatchResponse = Type.Object(
  { ...dispatchFields, version: Type.Integer({ description: 'send as If-Match to transition' }) },
  { description: 'one unit sent to an incident' },
);

/** A dispatch as the live socket carries it (no REST version). */
export const LiveDispatch = Type.Object({
  ...dispatchFields,
  version: Type.Optional(Type.Integer()),
});

export const CandidateResponse = Type.Object({
  unitId: Type.String(),
  name: Type.String(),
  localNames: Type.Optional(LocalNamesSchema),
  kind: literals(UNIT_KINDS),
  profile: literals(TRAVEL_PROFILES),
  etaSeconds: Type.Number({ description: 'road travel + turnout' }),
  travelSeconds: Type.Number(),
  turnoutSeconds: Type.Number(),
  distanceMetres: Type.Optional(Type.Number({ description: 'road distance' })),
  withinTarget: Type.Boolean(),
  preempts: Type.Optional(AssignmentSchema),
  reason: Type.String(),
});

export const RecommendationResponse = Type.Object({
  incidentId: Type.String(),
  incidentPriority: PrioritySchema,
  planId: Type.String(),
  computedAt: Type.String(),
  elapsedSeconds: Type.Number(),
  tiers: Type.Array(
    Type.Object({
      tier: TierSchema,
      targetSeconds: Type.Number(),
      remainingSeconds: Type.Number(),
      acceptTimeoutSeconds: Type.Number(),
      met: Type.Boolean(),
      shortfall: Type.Optional(Type.String()),
      candidates: Type.Array(CandidateResponse, {
        description: 'the picks of every requirement, best first: what one key dispatches',
      }),
      requirements: Type.Array(
        Type.Object({
          kinds: Type.Array(literals(UNIT_KINDS)),
          count: Type.Integer(),
          profile: Type.Optional(literals(TRAVEL_PROFILES)),
          met: Type.Boolean(),
          picks: Type.Array(CandidateResponse),
          alternatives: Type.Array(CandidateResponse),
        }),
      ),
    }),
  ),
  excluded: Type.Record(Type.String(), Type.Integer(), {
    description: 'why units of the wanted kinds were left out',
  }),
});

export const TimelineResponse = Type.Object({
  incidentId: Type.String(),
  events: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      at: Type.String(),
      type: Type.String(),
      aggregateType: Type.String(),
      aggregateId: Type.String(),
      version: Type.Integer(),
      actorId: Type.Union([Type.String(), Type.Null()]),
      payload: Type.Unknown(),
    }),
  ),
});

export const TierTimersResponse = Type.Object({
  incidentId: Type.String(),
  timers: Type.Array(
    Type.Object({
      tier: Type.Integer(),
      targetSeconds: Type.Number(),
      elapsedSeconds: Type.Number(),
      state: literals(['ok', 'amber', 'red', 'met', 'missed'] as const),
      firstOnSceneAt: Type.Optional(Type.String()),
      firstOnSceneUnitId: Type.Optional(Type.String()),
    }),
  ),
});

export type IncidentView = Static<typeof IncidentResponse>;
export type Incident = Static<typeof LiveIncident>;
export type Dispatch = Static<typeof LiveDispatch>;
export type DispatchView = Static<typeof DispatchResponse>;
export type Candidate = Static<typeof CandidateResponse>;
export type RecommendationView = Static<typeof RecommendationResponse>;
export type TierRecommendationView = RecommendationView['tiers'][number];
export type Timeline = Static<typeof TimelineResponse>;
export type TimelineEntry = Timeline['events'][number];
export type TierTimersView = Static<typeof TierTimersResponse>;
export type CreateIncidentInput = Static<typeof CreateIncidentBody>;
export type IncidentLocation = Static<typeof LocationInput>;

/** GET /dispatches/{id}/route (the dispatcher's map and the responder's app read it). */
const RouteCoordinate = Type.Tuple([Type.Number(), Type.Number()]);

export const DispatchRouteResponse = Type.Object(
  {
    dispatchId: Type.String(),
    unitId: Type.String(),
    incidentId: Type.String(),
    profile: Type.String({ description: "the unit's travel profile: drive, walk or bike" }),
    seconds: Type.Number({ description: 'travel time on the road network, without turnout' }),
    metres: Type.Number(),
    from: Type.Object({
      lon: Type.Number(),
      lat: Type.Number(),
      at: Type.String({ description: 'ISO time of the fix the route starts from' }),
    }),
    to: Type.Object({ lon: Type.Number(), lat: Type.Number() }),
    geometry: Type.Object({
      type: Type.Literal('LineString'),
      coordinates: Type.Array(RouteCoordinate),
    }),
  },
  { description: "The unit's way to its incident, from its last known position" },
);
export type DispatchRoute = Static<typeof DispatchRouteResponse>;

/** POST /api/v1/incidents/{id}/notes: a note on the incident's timeline. */
export const AddIncidentNoteBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 2000 }),
    unitId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'a responder writes for their own unit, sent to this incident',
      }),
    ),
  },
  { additionalProperties: false },
);
export type AddIncidentNote = Static<typeof AddIncidentNoteBody>;
