import type { EmergencyUnit, PoliceUnit, Site, SiteKind, Unit } from '@jiefang/core';
import type { Account, Credential } from '../auth/account.ts';
import { hashSecret } from '../auth/authenticate.ts';
import { DUMMY_HASH } from '../auth/password.ts';
import { orgPart, sitePart, unitPart } from '../commands/aggregate-parts.ts';
import type { CommandPart } from '../commands/command-service.ts';
import type { ServerContext } from '../context.ts';
import { accountCommand, credentialCommand } from '../routes/account-commands.ts';
import {
  loadToken,
  planLoadFleet,
  type LoadFleetOptions,
  type LoadFleetPlan,
} from './load-fleet.ts';

const SITE_KINDS: SiteKind[] = ['mall', 'school', 'market', 'hospital', 'bank', 'shop', 'office'];
/** Aggregates per transaction: big enough to amortise the commit, small enough to stay brief. */
const BATCH = 2000;

export interface LoadSeedResult {
  orgs: number;
  units: number;
  devices: number;
  aggregates: number;
  seconds: number;
}

/**
 * Writes a load test's organisation (load-fleet.ts) into an EMPTY store through the normal
 * command path — core decides every org, site, unit, account and token, the store appends the
 * events with the current state — only in transactions of up to 2,000 aggregates instead of one
 * HTTP request each (44,000 devices would otherwise take minutes to register). Device accounts
 * have no password (DUMMY_HASH matches none): they sign in with their token only.
 */
export async function seedLoadOrganisation(
  ctx: ServerContext,
  options: LoadFleetOptions & { key: string; tokenTtlSeconds?: number },
  log: (line: string) => void = () => {},
): Promise<LoadSeedResult> {
  if (ctx.world.accounts.size > 0 || ctx.world.orgs.size > 0) {
    throw new Error('the load seed writes only into an empty store (it creates test accounts)');
  }
  const started = performance.now();
  const plan: LoadFleetPlan = planLoadFleet(ctx.router, options);
  let aggregates = 0;
  const run = async (parts: CommandPart<unknown>[], what: string) => {
    for (let i = 0; i < parts.length; i += BATCH) {
      await ctx.commands.executeAll(parts.slice(i, i + BATCH), null);
    }
    aggregates += parts.length;
    log(`  ${what}: ${parts.length} (${Math.round(performance.now() - started)} ms)`);
  };
  const asPart = <S>(part: CommandPart<S>) => part;

  // Orgs level by level: core checks each parent exists, which needs the level above committed.
  const depth = new Map<string, number>();
  for (const org of plan.orgs)
    depth.set(org.id, org.parentId === null ? 0 : depth.get(org.parentId)! + 1);
  for (let level = 0; level <= Math.max(...depth.values()); level++) {
    const orgs = plan.orgs.filter((o) => depth.get(o.id) === level);
    await run(
      orgs.map((org) => asPart(orgPart(ctx, org.id, { type: 'create', org }))),
      `orgs (level ${level})`,
    );
  }

  const units: Unit[] = [];
  const sites: Site[] = [];
  plan.units.forEach((u, i) => {
    const base = {
      id: u.id,
      orgId: u.orgId,
      status: 'available' as const,
      talkGroupIds: [],
    };
    if (u.kind === 'police') {
      units.push({
        ...base,
        name: `Patrol ${u.id}`,
        kind: 'police',
        mode: 'car',
        profile: 'drive',
        turnoutSeconds: 30,
      } satisfies PoliceUnit);
      return;
    }
    const siteId = `site-${u.id}`;
    const kind = SITE_KINDS[i % SITE_KINDS.length];
    sites.push({
      id: siteId,
      name: `${kind} ${u.id}`,
      kind,
      orgId: u.orgId,
      location: { lon: u.lon, lat: u.lat },
      unitIds: [u.id],
    });
    units.push({
      ...base,
      name: `Emergency unit ${u.id}`,
      kind: 'community',
      profile: 'walk',
      turnoutSeconds: 10,
      siteId,
      members: u.accountIds.map((accountId, m) => ({
        personId: accountId,
        name: `Member ${m + 1} of ${u.id}`,
        role: m === 0 ? 'leader' : 'member',
      })),
      equipment: ['shield', 'restraint fork', 'baton', 'stab vest', 'radio'],
    } satisfies EmergencyUnit);
  });
  await run(
    sites.map((site) => asPart(sitePart(ctx, site.id, { type: 'register', site }))),
    'sites',
  );
  await run(
    units.map((unit) => asPart(unitPart(ctx, unit.id, { type: 'register', unit }))),
    'units',
  );

  const accounts: Account[] = [
    {
      id: plan.dispatcherAccountId,
      username: plan.dispatcherAccountId,
      displayName: 'Load dispatcher',
      orgId: plan.orgs[0].id,
      // The duty officer who also signs incidents off (supervise → close needs the supervisor).
      roles: ['dispatcher', 'supervisor'],
      unitIds: [],
      passwordHash: DUMMY_HASH,
      disabled: false,
    },
  ];
  for (const unit of plan.units) {
    for (const accountId of unit.accountIds) {
      accounts.push({
        id: accountId,
        username: accountId,
        displayName: `Device ${accountId}`,
        orgId: unit.orgId,
        roles: ['responder'],
        unitIds: [unit.id],
        passwordHash: DUMMY_HASH,
        disabled: false,
      });
    }
  }
  await run(
    accounts.map((account) => asPart(accountCommand(ctx, { type: 'create', account }))),
    'accounts',
  );
  const now = ctx.clock.now();
  const expiresAt = new Date(now + (options.tokenTtlSeconds ?? 86_400) * 1000).toISOString();
  const credentials: Credential[] = accounts.map((account) => ({
    id: hashSecret(loadToken(options.key, account.id)),
    kind: 'api_token',
    userId: account.id,
    orgId: account.orgId,
    name: `load device ${account.id}`,
    createdAt: new Date(now).toISOString(),
    expiresAt,
    revoked: false,
  }));
  await run(
    credentials.map((credential) => asPart(credentialCommand({ type: 'issue', credential }))),
    'tokens',
  );
  return {
    orgs: plan.orgs.length,
    units: units.length,
    devices: accounts.length - 1,
    aggregates,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
