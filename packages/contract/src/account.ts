import { ROLES } from '@jiefang/core';
import { Type, type Static } from 'typebox';
import { literals } from './common.ts';

export const RoleSchema = literals(ROLES);

/** An account as the API shows it (never its password hash). */
export const PublicAccount = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  orgId: Type.String(),
  roles: Type.Array(RoleSchema),
  unitIds: Type.Array(Type.String()),
  disabled: Type.Boolean(),
});
export type Account = Static<typeof PublicAccount>;

/** POST /api/v1/auth/login. */
export const LoginResultSchema = Type.Object({ account: PublicAccount, expiresAt: Type.String() });
export type LoginResult = Static<typeof LoginResultSchema>;
