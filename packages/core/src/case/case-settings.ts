import { ProblemList, noSuchAggregate } from '../errors.ts';
import type { OrgTree } from '../org/org-tree.ts';
import type { DecideContext, Decision } from '../shared/decision.ts';
import { toIso } from '../shared/time.ts';
import { caseCategory, DEPARTMENT_KINDS, type DepartmentKind } from './case-catalogue.ts';
import { checkDeadlineOverrides, type DeadlineOverrides } from './case-deadlines.ts';

/** Category × area → department (FixMyStreet's "category and body by area"). `*` matches any category. */
export interface RoutingRule {
  id: string;
  categoryCode: string;
  /** The rule applies to cases whose org lies in this org's subtree. */
  areaOrgId: string;
  departmentId: string;
}

/**
 * One org's case settings: its deadline overrides, its routing rules and the kinds of the
 * department orgs it declares. A case consults the settings of every org from its own up to the
 * root, so a city sets defaults and a district refines them.
 */
export interface CaseSettings {
  orgId: string;
  deadlines: DeadlineOverrides;
  rules: RoutingRule[];
  departments: { orgId: string; kind: DepartmentKind }[];
  updatedAt?: string;
}

export type CaseSettingsCommand = { type: 'set'; settings: Omit<CaseSettings, 'updatedAt'> };

export interface CaseSettingsContext extends DecideContext {
  orgTree: OrgTree;
}

export function decideCaseSettings(
  _state: CaseSettings | undefined,
  command: CaseSettingsCommand,
  context: CaseSettingsContext,
): Decision<CaseSettings> {
  if (command.type !== 'set') throw noSuchAggregate('case settings', 'update', 'type');
  const settings = validateCaseSettings(command.settings, context.orgTree);
  const state: CaseSettings = { ...settings, updatedAt: toIso(context.now) };
  return { events: [{ type: 'case_settings.set', payload: state }], state };
}

export function validateCaseSettings(
  settings: Omit<CaseSettings, 'updatedAt'>,
  orgTree: OrgTree,
): Omit<CaseSettings, 'updatedAt'> {
  const problems = new ProblemList();
  if (!orgTree.has(settings.orgId)) problems.add('orgId', `names unknown org ${settings.orgId}`);
  checkDeadlineOverrides(settings.deadlines, 'deadlines', problems);
  const ids = new Set<string>();
  settings.rules.forEach((rule, i) => {
    const at = `rules[${i}]`;
    if (!rule.id) problems.add(`${at}.id`, 'is required');
    else if (ids.has(rule.id)) problems.add(`${at}.id`, `${rule.id} is used twice`);
    ids.add(rule.id);
    if (rule.categoryCode !== '*' && !caseCategory(rule.categoryCode))
      problems.add(`${at}.categoryCode`, `names unknown category ${rule.categoryCode}`);
    if (!orgTree.has(rule.areaOrgId) || !orgTree.isWithin(rule.areaOrgId, settings.orgId))
      problems.add(`${at}.areaOrgId`, 'must be an org in the settings org subtree');
    if (!orgTree.has(rule.departmentId) || orgTree.get(rule.departmentId).kind !== 'department')
      problems.add(`${at}.departmentId`, 'must name an org of kind department');
  });
  settings.departments.forEach((department, i) => {
    if (!orgTree.has(department.orgId) || orgTree.get(department.orgId).kind !== 'department')
      problems.add(`departments[${i}].orgId`, 'must name an org of kind department');
    if (!DEPARTMENT_KINDS.includes(department.kind))
      problems.add(`departments[${i}].kind`, `must be one of ${DEPARTMENT_KINDS.join(', ')}`);
  });
  problems.throwIfAny('case settings');
  return settings;
}
