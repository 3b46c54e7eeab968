import type { LonLat, Role } from '@jiefang/core';
import type { Account } from '../auth/account.ts';
import { hashPassword } from '../auth/password.ts';
import { orgPart, sitePart, talkGroupPart, unitPart } from '../commands/aggregate-parts.ts';
import type { ServerContext } from '../context.ts';
import { accountCommand } from '../routes/account-commands.ts';
import type { DemoCity } from './demo-city.ts';
import { nanjingDemoCity, type NanjingDemoOptions } from './nanjing-demo-city.ts';

export interface DemoLogin {
  username: string;
  password: string;
  role: Role;
  displayName: string;
}

/**
 * Demo passwords are public on purpose: they are printed at start and only exist in demo data.
 * Display names are people's (and systems') names, as a Nanjing deployment would hold them: the
 * console shows each account's roles beside the name in the reader's language.
 */
export const DEMO_LOGINS: DemoLogin[] = [
  {
    username: 'admin',
    password: 'admin-demo-2026',
    role: 'admin',
    displayName: '周敏',
  },
  {
    username: 'supervisor',
    password: 'supervisor-demo-2026',
    role: 'supervisor',
    displayName: '李建国',
  },
  {
    username: 'dispatcher',
    password: 'dispatcher-demo-2026',
    role: 'dispatcher',
    displayName: '王磊',
  },
  {
    username: 'responder',
    password: 'responder-demo-2026',
    role: 'responder',
    displayName: '张伟',
  },
  {
    username: 'grid',
    password: 'grid-demo-2026',
    role: 'grid_worker',
    displayName: '陈静',
  },
  {
    username: 'department',
    password: 'department-demo-2026',
    role: 'department',
    displayName: '刘洋',
  },
  {
    username: 'analyst',
    password: 'analyst-demo-2026',
    role: 'analyst',
    displayName: '赵婷',
  },
  {
    username: 'hotline',
    password: 'hotline-demo-2026',
    role: 'integration',
    displayName: '12345 热线',
  },
  {
    username: 'integration',
    password: 'integration-demo-2026',
    role: 'integration',
    displayName: '校园安全平台',
  },
];

export interface DemoSeed {
  logins: DemoLogin[];
  /** Where each unit starts: its station or site. */
  startPositions: Map<string, LonLat>;
}

export interface SeedOptions {
  /** The city to seed (default: Nanjing from the city's OSM places, `nanjingDemoCity`). */
  city?: DemoCity;
  /** How dense a Nanjing to build (default: the full district); only when `city` is not given. */
  nanjing?: NanjingDemoOptions;
}

/**
 * Seeds a demo city's organisation: its orgs, units, sites and talk groups as described by a
 * `DemoCity`, and one account per role (`DEMO_LOGINS`, at the city's `homes`). Without a city,
 * the Nanjing demo built from the city's own OSM places. Idempotent: a database that already
 * holds the city's root org is left as it is.
 */
export async function seedDemoCity(
  ctx: ServerContext,
  options: SeedOptions = {},
): Promise<DemoSeed> {
  const city = options.city ?? nanjingDemoCity(ctx.router, options.nanjing);
  // The login page lists these (GET /api/v1/console-config) only on a server seeded with them.
  ctx.services.demoLogins = DEMO_LOGINS;
  const alreadySeeded = ctx.world.orgs.has(city.orgs[0].id);
  if (alreadySeeded) return { logins: DEMO_LOGINS, startPositions: startPositionsOf(ctx) };

  for (const org of city.orgs)
    await ctx.commands.execute(orgPart(ctx, org.id, { type: 'create', org }), null);
  for (const unit of city.units)
    await ctx.commands.execute(unitPart(ctx, unit.id, { type: 'register', unit }), null);
  for (const site of city.sites)
    await ctx.commands.execute(sitePart(ctx, site.id, { type: 'register', site }), null);
  for (const talkGroup of city.talkGroups) {
    await ctx.commands.execute(
      talkGroupPart(ctx, talkGroup.id, { type: 'create', talkGroup }),
      null,
    );
  }
  for (const login of DEMO_LOGINS) {
    const account: Account = {
      id: `account-${login.username}`,
      username: login.username,
      displayName: login.displayName,
      roles: [login.role],
      ...city.homes[login.role],
      passwordHash: await hashPassword(login.password),
      disabled: false,
    };
    await ctx.commands.execute(accountCommand(ctx, { type: 'create', account }), null);
  }
  return { logins: DEMO_LOGINS, startPositions: new Map(city.startPositions) };
}

/** After a restart: the units stationed at sites start there (the others where they are seen). */
function startPositionsOf(ctx: ServerContext): Map<string, LonLat> {
  const positions = new Map<string, LonLat>();
  for (const { value: site } of ctx.world.sites.values()) {
    for (const unitId of site.unitIds) positions.set(unitId, site.location);
  }
  return positions;
}
