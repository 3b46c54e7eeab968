import { checkLocalNames } from '../shared/local-names.ts';
import { ProblemList } from '../errors.ts';
import { checkLonLat } from '../geo/coordinates.ts';
import type { IncidentCatalogue } from './catalogue.ts';
import {
  INCIDENT_SOURCES,
  type IncidentLocation,
  type IncidentSource,
  type ReporterContact,
} from './incident.ts';
import { isPriority, type Priority } from './priority.ts';

export interface CreateIncident {
  type: 'create';
  /** Chosen by the caller (server), so a retried request can reuse it with the idempotency key. */
  incidentId: string;
  orgId: string;
  source: IncidentSource;
  categoryCode: string;
  /** Defaults to the category's priority; the dispatcher may raise or lower it. */
  priority?: Priority;
  location: IncidentLocation;
  reporter?: ReporterContact;
  description: string;
  /** ISO time the call came in; defaults to now. */
  receivedAt?: string;
  externalRef?: string;
}

export const INCIDENT_LIMITS = {
  descriptionLength: 4000,
  textLength: 200,
  /** A call entered later than this is a data error, not a late entry. */
  receivedAtMaxAgeHours: 24,
  /** Clock drift allowed between the intake terminal and the server. */
  receivedAtMaxFutureSeconds: 60,
} as const;

// Digits with optional leading + and separators: mainland mobiles, landlines with area code, 110-style short numbers.
const PHONE = /^\+?[0-9][0-9 -]{1,22}[0-9]$/;

/** Checks every field of a create command; throws one ERR_VALIDATION listing all problems. */
export function validateCreateIncident(
  command: CreateIncident,
  catalogue: IncidentCatalogue,
  now: number,
): void {
  const problems = new ProblemList();
  // The command came off the wire: every field is checked as if it could be anything.
  const c: Record<string, unknown> = { ...command };
  for (const field of ['incidentId', 'orgId'] as const) {
    if (typeof c[field] !== 'string' || (c[field] as string).trim() === '')
      problems.add(field, 'is required');
  }
  if (!INCIDENT_SOURCES.includes(c.source as IncidentSource)) {
    problems.add('source', `must be one of ${INCIDENT_SOURCES.join(', ')}`);
  }
  if (typeof c.categoryCode !== 'string' || !catalogue.has(c.categoryCode)) {
    problems.add('categoryCode', 'is not a category of the catalogue');
  }
  if (c.priority !== undefined && !isPriority(c.priority))
    problems.add('priority', 'must be 1, 2, 3 or 4');
  checkLonLat(c.location, 'location', problems);
  const location = (c.location ?? {}) as Record<string, unknown>;
  checkOptionalText(location.address, 'location.address', problems);
  checkOptionalText(location.placeName, 'location.placeName', problems);
  checkLocalNames(location.placeLocalNames, problems, 'location.placeLocalNames');
  if (c.reporter !== undefined) {
    if (typeof c.reporter !== 'object' || c.reporter === null)
      problems.add('reporter', 'must be an object');
    else {
      const reporter = c.reporter as Record<string, unknown>;
      checkOptionalText(reporter.name, 'reporter.name', problems);
      if (
        reporter.phone !== undefined &&
        (typeof reporter.phone !== 'string' || !PHONE.test(reporter.phone))
      ) {
        problems.add(
          'reporter.phone',
          'must be a phone number (digits, spaces, dashes, optional +)',
        );
      }
    }
  }
  if (typeof c.description !== 'string' || c.description.trim() === '') {
    problems.add('description', 'is required');
  } else if (c.description.length > INCIDENT_LIMITS.descriptionLength) {
    problems.add('description', `must be at most ${INCIDENT_LIMITS.descriptionLength} characters`);
  }
  if (c.receivedAt !== undefined) {
    const at = typeof c.receivedAt === 'string' ? Date.parse(c.receivedAt) : Number.NaN;
    if (Number.isNaN(at)) problems.add('receivedAt', 'must be an ISO 8601 time');
    else if (at > now + INCIDENT_LIMITS.receivedAtMaxFutureSeconds * 1000) {
      problems.add('receivedAt', 'lies in the future');
    } else if (now - at > INCIDENT_LIMITS.receivedAtMaxAgeHours * 3_600_000) {
      problems.add('receivedAt', `is more than ${INCIDENT_LIMITS.receivedAtMaxAgeHours} h ago`);
    }
  }
  checkOptionalText(c.externalRef, 'externalRef', problems);
  problems.throwIfAny('incident');
}

function checkOptionalText(value: unknown, field: string, problems: ProblemList): void {
  if (value === undefined) return;
  if (typeof value !== 'string') problems.add(field, 'must be text');
  else if (value.length > INCIDENT_LIMITS.textLength) {
    problems.add(field, `must be at most ${INCIDENT_LIMITS.textLength} characters`);
  }
}
