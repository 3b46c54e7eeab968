import { issueCredential } from '../auth/issue-credential.ts';
import type { DepartmentKind, Org, RoutingRule } from '@jiefang/core';
import { CaseRecords } from '../cases/case-records.ts';
import { orgPart } from '../commands/aggregate-parts.ts';
import type { ServerContext } from '../context.ts';

/** The district's departments that receive work orders (urban management is in the base demo). */
const DEPARTMENTS: { id: string; kind: DepartmentKind; name: string }[] = [
  { id: 'urban-management', kind: 'urban_management', name: '城管 Urban management' },
  { id: 'dept-housing', kind: 'housing', name: '住建局 Housing' },
  { id: 'dept-market', kind: 'market_regulation', name: '市场监管局 Market regulation' },
  { id: 'dept-transport', kind: 'transport', name: '交通局 Transport' },
  { id: 'dept-utilities', kind: 'utilities', name: '水电气 Utilities' },
  { id: 'dept-civil', kind: 'civil_affairs', name: '民政局 Civil affairs' },
  { id: 'dept-health', kind: 'health', name: '卫健委 Health' },
  { id: 'dept-environment', kind: 'environment', name: '环卫 Environment' },
  { id: 'dept-mediation', kind: 'justice', name: '联调室 Joint mediation room' },
];

/** Rules the district set on top of the category defaults: where a category × area is special. */
const RULES: RoutingRule[] = [
  {
    id: 'xjk-noise',
    categoryCode: 'noise',
    areaOrgId: 'community',
    departmentId: 'urban-management',
  },
  {
    id: 'district-disputes',
    categoryCode: 'neighbour_dispute',
    areaOrgId: 'district',
    departmentId: 'dept-mediation',
  },
];

export interface GovernanceSeed {
  /** The Open311 api_key of the demo's hotline integration account (issued at each start). */
  open311ApiKey?: string;
}

/**
 * The Nanjing demo's governance side: the district's departments, case settings (their kinds
 * and routing rules) and a fresh Open311 api_key for the hotline integration account. Through
 * the command pipeline like any change, so it is in the event log.
 */
export async function seedGovernance(ctx: ServerContext): Promise<GovernanceSeed> {
  if (!ctx.world.orgs.has('district')) return {};
  for (const department of DEPARTMENTS) {
    if (ctx.world.orgs.has(department.id)) continue;
    const org: Org = {
      id: department.id,
      parentId: 'district',
      kind: 'department',
      name: department.name,
    };
    await ctx.commands.execute(orgPart(ctx, org.id, { type: 'create', org }), null);
  }
  if (!ctx.world.caseSettings.has('district')) {
    await ctx.commands.execute(
      CaseRecords.settingsPart(ctx, 'district', {
        type: 'set',
        settings: {
          orgId: 'district',
          deadlines: {},
          rules: RULES,
          departments: DEPARTMENTS.map((d) => ({ orgId: d.id, kind: d.kind })),
        },
      }),
      null,
    );
  }
  const hotline = ctx.world.accounts.get('account-hotline')?.value;
  if (!hotline) return {};
  const { secret } = await issueCredential(ctx, hotline, {
    kind: 'api_token',
    lifetimeMs: 30 * 86_400_000,
    name: 'demo Open311 api_key',
    actorId: null,
  });
  return { open311ApiKey: secret };
}
