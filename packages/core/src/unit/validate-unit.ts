import { ProblemList } from '../errors.ts';
import { checkLocalNames } from '../shared/local-names.ts';
import { isPriority } from '../incident/priority.ts';
import { TRAVEL_PROFILES, type TravelProfile } from '../ports.ts';
import { UNIT_KINDS, UNIT_STATUSES, type Unit, type UnitKind, type UnitStatus } from './unit.ts';

/** Turnout above an hour is a data-entry slip (minutes typed as seconds twice), not a unit. */
export const MAX_TURNOUT_SECONDS = 3600;

/** Checks every field of a unit definition; throws one ERR_VALIDATION listing all problems. */
export function validateUnit(value: unknown): Unit {
  const problems = new ProblemList();
  if (typeof value !== 'object' || value === null) {
    problems.add('unit', 'is required');
    problems.throwIfAny('unit');
  }
  const u = value as Record<string, unknown>;
  for (const field of ['id', 'name', 'orgId'] as const) {
    if (typeof u[field] !== 'string' || (u[field] as string).trim() === '') {
      problems.add(field, 'is required');
    }
  }
  checkLocalNames(u.localNames, problems);
  const kind = u.kind as UnitKind;
  if (!UNIT_KINDS.includes(kind)) problems.add('kind', `must be one of ${UNIT_KINDS.join(', ')}`);
  if (!TRAVEL_PROFILES.includes(u.profile as TravelProfile)) {
    problems.add('profile', `must be one of ${TRAVEL_PROFILES.join(', ')}`);
  }
  const turnout = u.turnoutSeconds;
  if (
    typeof turnout !== 'number' ||
    !Number.isFinite(turnout) ||
    turnout < 0 ||
    turnout > MAX_TURNOUT_SECONDS
  ) {
    problems.add('turnoutSeconds', `must be a number of seconds from 0 to ${MAX_TURNOUT_SECONDS}`);
  }
  if (!UNIT_STATUSES.includes(u.status as UnitStatus)) {
    problems.add('status', `must be one of ${UNIT_STATUSES.join(', ')}`);
  }
  if (!isStringList(u.talkGroupIds)) problems.add('talkGroupIds', 'must be a list of ids');
  if (u.siteId !== undefined && (typeof u.siteId !== 'string' || u.siteId === '')) {
    problems.add('siteId', 'must be a site id');
  }
  if (u.assignment !== undefined) {
    const a = u.assignment as Record<string, unknown>;
    if (
      typeof a?.incidentId !== 'string' ||
      typeof a?.dispatchId !== 'string' ||
      !isPriority(a?.priority)
    ) {
      problems.add('assignment', 'must name incidentId, dispatchId and a priority 1..4');
    }
  }
  switch (kind) {
    case 'police':
      if (u.mode !== 'car' && u.mode !== 'foot') problems.add('mode', 'must be car or foot');
      break;
    case 'community':
      // An emergency unit is defined by where it stands: without a site it cannot be tier 1 anywhere.
      if (typeof u.siteId !== 'string' || u.siteId === '')
        problems.add('siteId', 'is required for a community unit');
      checkMembers(u.members, problems);
      if (!isStringList(u.equipment)) problems.add('equipment', 'must be a list of items');
      break;
    case 'grid':
      checkMembers(u.members, problems);
      break;
    case 'special':
      if (typeof u.speciality !== 'string' || u.speciality === '')
        problems.add('speciality', 'is required');
      break;
    case 'department':
      if (typeof u.departmentOrgId !== 'string' || u.departmentOrgId === '') {
        problems.add('departmentOrgId', 'is required');
      }
      break;
  }
  problems.throwIfAny('unit');
  return value as Unit;
}

function checkMembers(members: unknown, problems: ProblemList): void {
  if (!Array.isArray(members)) {
    problems.add('members', 'must be a list');
    return;
  }
  members.forEach((m, i) => {
    const member = m as Record<string, unknown>;
    if (typeof member?.personId !== 'string' || member.personId === '') {
      problems.add(`members[${i}].personId`, 'is required');
    }
    if (typeof member?.name !== 'string' || member.name.trim() === '') {
      problems.add(`members[${i}].name`, 'is required');
    }
  });
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
