import type { ServerContext } from '../context.ts';
import { credentialCommand } from '../routes/account-commands.ts';
import type { Account, Credential } from './account.ts';
import { hashSecret, newSecret } from './authenticate.ts';

/**
 * Issues a session or bearer token for an account: a fresh secret, stored only by its hash, with
 * the account's org and an expiry. The secret is returned once, to be shown once.
 */
export async function issueCredential(
  ctx: ServerContext,
  account: Account,
  options: { kind: Credential['kind']; lifetimeMs: number; name?: string; actorId: string | null },
): Promise<{ secret: string; credential: Credential }> {
  const secret = newSecret();
  const now = ctx.clock.now();
  const credential: Credential = {
    id: hashSecret(secret),
    kind: options.kind,
    userId: account.id,
    orgId: account.orgId,
    ...(options.name !== undefined ? { name: options.name } : {}),
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + options.lifetimeMs).toISOString(),
    revoked: false,
  };
  await ctx.commands.execute(credentialCommand({ type: 'issue', credential }), options.actorId);
  return { secret, credential };
}
