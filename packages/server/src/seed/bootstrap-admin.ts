import { randomBytes } from 'node:crypto';
import type { Account } from '../auth/account.ts';
import { hashPassword } from '../auth/password.ts';
import { orgPart } from '../commands/aggregate-parts.ts';
import type { ServerContext } from '../context.ts';
import { accountCommand } from '../routes/account-commands.ts';
import type { DemoLogin } from './demo-seed.ts';

/**
 * A real deployment starts empty: create the root org and one admin. The password comes from
 * JIEFANG_ADMIN_PASSWORD, or is generated and printed once — never stored in the repository.
 */
export async function bootstrapAdmin(ctx: ServerContext): Promise<DemoLogin | undefined> {
  if (ctx.world.accounts.size > 0) return undefined;
  if (ctx.world.orgs.size === 0) {
    await ctx.commands.execute(
      orgPart(ctx, 'city', {
        type: 'create',
        org: { id: 'city', parentId: null, kind: 'city', name: 'City' },
      }),
      null,
    );
  }
  const root = [...ctx.world.orgs.values()].find((o) => o.value.parentId === null)!.value;
  const password = process.env.JIEFANG_ADMIN_PASSWORD ?? randomBytes(12).toString('base64url');
  const account: Account = {
    id: 'account-admin',
    username: 'admin',
    displayName: 'Administrator',
    orgId: root.id,
    roles: ['admin'],
    unitIds: [],
    passwordHash: await hashPassword(password),
    disabled: false,
  };
  await ctx.commands.execute(accountCommand(ctx, { type: 'create', account }), null);
  return { username: 'admin', password, role: 'admin', displayName: 'Administrator' };
}
