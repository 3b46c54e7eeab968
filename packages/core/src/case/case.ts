import type { LonLat } from '../geo/coordinates.ts';
import type { WorkflowState } from '../workflow/workflow.ts';
import type { StageDeadlines } from '../workflow/workflow.ts';
import type { MediationDetails } from './mediation.ts';

/**
 * The non-emergency work of a community (警网融合): a work order handed to a department, a
 * dispute to mediate, a hazard to rectify, or a report a grid worker raised. All four run the
 * same closed loop as incidents (研交办督结) with their own deadlines.
 */
export type CaseKind = 'work_order' | 'mediation' | 'hazard' | 'grid_report';

export const CASE_KINDS: readonly CaseKind[] = ['work_order', 'mediation', 'hazard', 'grid_report'];

/** Where a case came from; `open311` cases belong to the integration account that sent them. */
export type CaseSource =
  'dispatcher' | 'incident' | 'grid_worker' | 'patrol' | 'public' | 'open311';

export const CASE_SOURCES: readonly CaseSource[] = [
  'dispatcher',
  'incident',
  'grid_worker',
  'patrol',
  'public',
  'open311',
];

/** The reporter's answer to the callback visit (回访): what 12345 hotlines report as satisfaction. */
export type SatisfactionRating = 'satisfied' | 'basically' | 'unsatisfied';

export const SATISFACTION_RATINGS: readonly SatisfactionRating[] = [
  'satisfied',
  'basically',
  'unsatisfied',
];

/** Personal data: readable only with 'case.read_contact', every read audited by the server. */
export interface CaseContact {
  name?: string;
  phone?: string;
  email?: string;
}

export interface CaseRouting {
  departmentId: string;
  /** The rule that chose the department; absent when a person chose it by hand. */
  ruleId?: string;
  /** Why this department, in words a dispatcher can check (shown beside the choice). */
  reason: string;
  /** True when a person picked another department than the rules proposed. */
  overridden: boolean;
  /**
   * How the department was chosen, so a console can say it in its own language (`reason` is
   * the English record): by a rule, by the category's department kind when no rule matched, or
   * by a person. Absent on cases routed before it was recorded.
   */
  basis?: 'rule' | 'department_kind' | 'by_hand';
  /** The department kind the category goes to, when the basis is department_kind. */
  departmentKind?: string;
  /** What the person who chose by hand wrote, if anything. */
  note?: string;
}

export interface CaseNote {
  at: string;
  by: string | null;
  text: string;
  photoIds: string[];
}

export interface CaseEscalation {
  stage: string;
  level: number;
  /** The org whose supervisors receive it: the owner at level 1, one level up per level above. */
  toOrgId: string;
  at: string;
}

export interface HazardDetails {
  /** Who must rectify (a shop, a property company, a household). */
  responsibleParty: string;
  /** Rectification deadline given to the responsible party (ISO 8601). */
  rectifyBy: string;
  /** Set once the rectification deadline passed unrectified and was escalated. */
  rectifyOverdueAt?: string;
  reinspections: {
    at: string;
    by: string | null;
    passed: boolean;
    note: string;
    photoIds: string[];
  }[];
}

export interface Case {
  id: string;
  kind: CaseKind;
  /** The owning org (station, community, grid): scope checks and escalations start here. */
  orgId: string;
  categoryCode: string;
  title: string;
  description: string;
  location?: LonLat & { address?: string };
  source: CaseSource;
  /** The incident this work order was turned from (流转非警务警情), or the incident a case raised. */
  incidentId?: string;
  /** For `open311`: the integration account that submitted it (it sees only its own). */
  submittedBy?: string;
  /** The grid worker's own report id on their phone, if any. */
  externalRef?: string;
  reporter?: CaseContact;
  photoIds: string[];
  status: 'open' | 'closed';
  /** Copied at creation from the org's settings: a later settings change does not move open cases. */
  deadlines: StageDeadlines;
  workflow: WorkflowState;
  departmentId?: string;
  routing?: CaseRouting;
  acceptedAt?: string;
  returns: { at: string; departmentId: string; reason: string }[];
  notes: CaseNote[];
  result?: string;
  resolvedAt?: string;
  closedAt?: string;
  reopens: { at: string; reason: string }[];
  satisfaction?: { rating: SatisfactionRating; note?: string; at: string };
  escalations: CaseEscalation[];
  createdAt: string;
  hazard?: HazardDetails;
  mediation?: MediationDetails;
}
