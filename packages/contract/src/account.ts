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

/** A demo account, public on purpose: only a server seeded with the demo city lists them. */
export const DemoLoginSchema = Type.Object({
  username: Type.String(),
  password: Type.String(),
  role: RoleSchema,
});

/** GET /api/v1/console-config: what the console needs before anyone logs in. */
export const ConsoleConfigSchema = Type.Object({
  timeZone: Type.String({
    description: "IANA name of the city's time zone: show every time in it",
  }),
  demoLogins: Type.Array(DemoLoginSchema, {
    description: 'the demo accounts, when the server runs the demo city; empty in production',
  }),
});
export type ConsoleConfig = Static<typeof ConsoleConfigSchema>;
