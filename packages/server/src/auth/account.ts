import type { Role, User } from '@jiefang/core';

/** A login account: core's User plus what only the server needs. */
export interface Account extends User {
  username: string;
  displayName: string;
  roles: Role[];
  unitIds: string[];
  /** scrypt hash (see password.ts); never sent to clients, never in event payloads. */
  passwordHash: string;
  disabled: boolean;
}

/** A console session (cookie) or a device/integration token (bearer); stored by token hash. */
export interface Credential {
  /** sha256 of the secret, hex: the secret itself is never stored. */
  id: string;
  kind: 'session' | 'api_token';
  userId: string;
  orgId: string;
  /** For tokens: a label such as 'patrol car 3 tablet'. */
  name?: string;
  createdAt: string;
  expiresAt: string;
  revoked: boolean;
}

/** What an account looks like to clients. */
export function publicAccount(account: Account) {
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    orgId: account.orgId,
    roles: account.roles,
    unitIds: account.unitIds,
    disabled: account.disabled,
  };
}
