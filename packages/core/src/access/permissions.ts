/**
 * Who may do what. The table is data, not code, so an administrator screen can show it and a
 * test can walk every role × action pair.
 */
export type Role =
  | 'admin'
  | 'supervisor'
  | 'dispatcher'
  | 'responder'
  | 'grid_worker'
  | 'department'
  | 'analyst'
  /**
   * A machine account of a partner system: a city 311/12345 system calling the Open311 interface,
   * or a partner platform posting alerts. Nothing else.
   */
  | 'integration';

export const ROLES: readonly Role[] = [
  'admin',
  'supervisor',
  'dispatcher',
  'responder',
  'grid_worker',
  'department',
  'analyst',
  'integration',
];

export type Action =
  | 'incident.create'
  | 'incident.read'
  /** The caller's name and phone: personal data, every read is audited by the server. */
  | 'incident.read_contact'
  /** Reprioritise, correct location, move through the closed-loop stages, close, cancel. */
  | 'incident.update'
  /** Receive escalations and act on overdue stages. */
  | 'incident.supervise'
  /** Add a note to an incident's timeline (responders: for a job their own unit has taken). */
  | 'incident.note'
  | 'dispatch.create'
  /** Accept, decline, en route, on scene, clear, cancel a dispatch. */
  | 'dispatch.transition'
  | 'unit.read'
  | 'unit.manage'
  /** A responder setting their own unit off duty or out of service. */
  | 'unit.status'
  /** One-click mobilisation of a talk group or an area, and talk-group broadcasts. */
  | 'mobilise'
  | 'plan.read'
  | 'plan.manage'
  | 'org.manage'
  | 'user.manage'
  | 'position.report'
  | 'workorder.read'
  | 'workorder.handle'
  | 'stats.read'
  /** Cases (work orders, mediation, hazards, grid reports) owned by an org in scope. */
  | 'case.create'
  | 'case.read'
  /** Reporters' and mediation parties' contacts: personal data, every read audited. */
  | 'case.read_contact'
  /** Route to a department, close, send back, record the callback, reopen, mediation steps. */
  | 'case.update'
  /** Submit and track service requests through Open311 GeoReport v2 (its own requests only). */
  | 'open311.request'
  /** Post alerts (CAP 1.2) into the org. */
  | 'alert.ingest'
  | 'alert.read'
  /** A hit's person details or a public post's content: personal data, every read audited. */
  | 'alert.read_personal'
  /** Clear alerts and define the area rules that turn alerts into work. */
  | 'alert.manage'
  /** Ask another org for help (lookup, arrest, search, reinforcement) for the caller's org. */
  | 'assist.request'
  /** Acknowledge and answer an assist request asked of an org in scope, lending its units. */
  | 'assist.answer'
  /** Hotspot forecasts, patrol plans and their compliance (officers' tracks: reads audited). */
  | 'patrol.read'
  /** Request forecasts, make, edit and assign patrol plans. */
  | 'patrol.plan'
  /** Candidate series among incidents (descriptions compared: reads audited). */
  | 'series.read'
  /** Start a series, accept or reject suggested links (串并: the analyst's judgement). */
  | 'series.link';

/**
 * `subtree`: anything whose org lies in the user's org subtree.
 * `own_unit`: additionally, only a unit the user is a member of (a responder acts for their own
 * unit, not for the colleague's across the street in the same station).
 */
export type Grant = 'subtree' | 'own_unit';

export type PermissionTable = Readonly<Record<Role, Readonly<Partial<Record<Action, Grant>>>>>;

export const ACTIONS: readonly Action[] = [
  'incident.create',
  'incident.read',
  'incident.read_contact',
  'incident.update',
  'incident.supervise',
  'incident.note',
  'dispatch.create',
  'dispatch.transition',
  'unit.read',
  'unit.manage',
  'unit.status',
  'mobilise',
  'plan.read',
  'plan.manage',
  'org.manage',
  'user.manage',
  'position.report',
  'workorder.read',
  'workorder.handle',
  'stats.read',
  'case.create',
  'case.read',
  'case.read_contact',
  'case.update',
  'open311.request',
  'alert.ingest',
  'alert.read',
  'alert.read_personal',
  'alert.manage',
  'assist.request',
  'assist.answer',
  'patrol.read',
  'patrol.plan',
  'series.read',
  'series.link',
];

const COMMAND_ROOM: Partial<Record<Action, Grant>> = {
  'incident.create': 'subtree',
  'incident.read': 'subtree',
  'incident.read_contact': 'subtree',
  'incident.update': 'subtree',
  'incident.note': 'subtree',
  'dispatch.create': 'subtree',
  'dispatch.transition': 'subtree',
  'unit.read': 'subtree',
  'unit.status': 'subtree',
  mobilise: 'subtree',
  'plan.read': 'subtree',
  'workorder.read': 'subtree',
  'case.create': 'subtree',
  'case.read': 'subtree',
  'case.read_contact': 'subtree',
  'case.update': 'subtree',
  'alert.ingest': 'subtree',
  'alert.read': 'subtree',
  'alert.read_personal': 'subtree',
  'alert.manage': 'subtree',
  'assist.request': 'subtree',
  'assist.answer': 'subtree',
  // The dispatcher sees where patrols are meant to be (re-plans after a dispatch show there).
  'patrol.read': 'subtree',
};

const FIELD: Partial<Record<Action, Grant>> = {
  // Officers and grid workers report what they find on patrol (source 'officer' / 'patrol').
  'incident.create': 'subtree',
  'incident.read': 'subtree',
  // They call the reporter on the way, but only for incidents their own unit is sent to.
  'incident.read_contact': 'own_unit',
  // What they find on scene goes onto the incident's timeline, also from a phone offline.
  'incident.note': 'own_unit',
  'dispatch.transition': 'own_unit',
  'unit.read': 'subtree',
  'unit.status': 'own_unit',
  'position.report': 'own_unit',
  // Hazards found on patrol or on a grid round.
  'case.create': 'subtree',
  'case.read': 'subtree',
  // An officer away from their station asks the network for help from their phone.
  'assist.request': 'subtree',
};

export const PERMISSIONS: PermissionTable = {
  admin: Object.fromEntries(ACTIONS.map((a) => [a, 'subtree'])),
  supervisor: {
    ...COMMAND_ROOM,
    'incident.supervise': 'subtree',
    'stats.read': 'subtree',
    // 情指勤: the duty supervisor plans the street forces and checks they kept to it.
    'patrol.plan': 'subtree',
    'series.read': 'subtree',
    'series.link': 'subtree',
  },
  dispatcher: COMMAND_ROOM,
  responder: FIELD,
  grid_worker: {
    ...FIELD,
    // Hefei's police–grid fusion: grid workers take simple work orders of their own grid.
    'workorder.read': 'subtree',
    'workorder.handle': 'subtree',
  },
  department: {
    'workorder.read': 'subtree',
    'workorder.handle': 'subtree',
  },
  // Analysts work on patterns, not people: no contact details.
  analyst: {
    'incident.read': 'subtree',
    'unit.read': 'subtree',
    'plan.read': 'subtree',
    'stats.read': 'subtree',
    'case.read': 'subtree',
    'alert.read': 'subtree',
    // Forecasts and series are the analyst's work; plans are the supervisor's.
    'patrol.read': 'subtree',
    'series.read': 'subtree',
    'series.link': 'subtree',
  },
  integration: { 'open311.request': 'subtree', 'alert.ingest': 'subtree' },
};
