import type { OrgTree } from '../org/org-tree.ts';
import { caseCategory } from './case-catalogue.ts';
import type { CaseRouting } from './case.ts';
import type { CaseSettings, RoutingRule } from './case-settings.ts';

/**
 * The department a case goes to, with the reason. A rule whose category is named exactly beats a
 * `*` rule; among those, the rule of the smallest area (deepest org) around the case wins. With
 * no rule, the category's usual department kind picks the department declared nearest to the
 * case's org. Undefined when nothing fits: the dispatcher chooses.
 */
export function routeCase(
  subject: { categoryCode: string; orgId: string },
  settings: readonly CaseSettings[],
  orgTree: OrgTree,
): CaseRouting | undefined {
  if (!orgTree.has(subject.orgId)) return undefined;
  const depth = (orgId: string) => orgTree.ancestors(orgId).length;
  let best: { rule: RoutingRule; exact: boolean; depth: number } | undefined;
  for (const rule of settings.flatMap((s) => s.rules)) {
    const exact = rule.categoryCode === subject.categoryCode;
    if (!exact && rule.categoryCode !== '*') continue;
    if (!orgTree.isWithin(subject.orgId, rule.areaOrgId) || !orgTree.has(rule.departmentId))
      continue;
    const candidate = { rule, exact, depth: depth(rule.areaOrgId) };
    if (
      !best ||
      (candidate.exact && !best.exact) ||
      (candidate.exact === best.exact && candidate.depth > best.depth)
    )
      best = candidate;
  }
  if (best) {
    const { rule } = best;
    return {
      departmentId: rule.departmentId,
      ruleId: rule.id,
      basis: 'rule',
      reason: `rule ${rule.id}: ${rule.categoryCode === '*' ? 'any category' : rule.categoryCode} in ${orgTree.get(rule.areaOrgId).name} → ${orgTree.get(rule.departmentId).name}`,
      overridden: false,
    };
  }
  const category = caseCategory(subject.categoryCode);
  if (!category) return undefined;
  const chain = orgTree.ancestors(subject.orgId).map((org) => org.id);
  const byOrg = new Map(settings.map((s) => [s.orgId, s]));
  for (const orgId of chain) {
    const department = byOrg
      .get(orgId)
      ?.departments.find((d) => d.kind === category.departmentKind && orgTree.has(d.orgId));
    if (department) {
      return {
        departmentId: department.orgId,
        basis: 'department_kind',
        departmentKind: category.departmentKind,
        reason: `no rule; ${category.code} is ${category.departmentKind} work, nearest: ${orgTree.get(department.orgId).name}`,
        overridden: false,
      };
    }
  }
  return undefined;
}

/** The settings that apply to an org: its own and its ancestors', root first. */
export function settingsChain(
  orgId: string,
  all: ReadonlyMap<string, CaseSettings>,
  orgTree: OrgTree,
): CaseSettings[] {
  if (!orgTree.has(orgId)) return [];
  return orgTree
    .ancestors(orgId)
    .reverse()
    .flatMap((org) => {
      const own = all.get(org.id);
      return own ? [own] : [];
    });
}
