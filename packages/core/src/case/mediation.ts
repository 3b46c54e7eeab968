import type { CaseContact } from './case.ts';

/** Who sits in the joint mediation room (联调室). */
export type MediatorRole =
  'police' | 'grid_worker' | 'lawyer' | 'judge' | 'prosecutor' | 'people_mediator';

export const MEDIATOR_ROLES: readonly MediatorRole[] = [
  'police',
  'grid_worker',
  'lawyer',
  'judge',
  'prosecutor',
  'people_mediator',
];

export type RiskLevel = 'low' | 'medium' | 'high';

export const RISK_LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high'];

export interface MediationParty {
  name: string;
  side: 'applicant' | 'respondent';
  /** Personal data: restricted to 'case.read_contact', every read audited. */
  contact?: CaseContact;
}

export interface MediationSession {
  id: string;
  at: string;
  mode: 'in_person' | 'remote';
  /** For remote sessions: the meeting link the parties join (judges and lawyers often do). */
  meetingUrl?: string;
  place?: string;
  mediators: { name: string; role: MediatorRole }[];
}

export interface MediationDetails {
  parties: MediationParty[];
  riskLevel: RiskLevel;
  sessions: MediationSession[];
  agreement?: { at: string; text: string };
  followUps: { at: string; note: string }[];
  /** Set when the dispute was marked as turning violent; an incident was raised at that moment. */
  violentAt?: string;
}

/** A mediation as anyone without the contact right sees it. */
export function withoutPartyContacts(details: MediationDetails): MediationDetails {
  return { ...details, parties: details.parties.map(({ name, side }) => ({ name, side })) };
}
