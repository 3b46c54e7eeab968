import { ORG_KINDS, SITE_KINDS } from '@jiefang/core';
import { Type, type Static } from 'typebox';
import { PublicAccount, RoleSchema } from './account.ts';
import { Id, literals, LocalNamesSchema, LonLat } from './common.ts';

/**
 * What the admin console reads and sends: accounts and their credentials, orgs, sites, talk
 * groups and response plans. Server routes validate with these and the web console types its
 * calls with them, so the two cannot drift.
 */

const Password = Type.String({ minLength: 10, maxLength: 200 });
const DisplayName = Type.String({ minLength: 1, maxLength: 100 });
const Roles = Type.Array(RoleSchema, { minItems: 1, maxItems: 8, uniqueItems: true });
const UnitIds = Type.Array(Id, { uniqueItems: true, maxItems: 50 });

/** An account as an admin sees it: the public account, its version and live credentials. */
export const AdminAccountSchema = Type.Object({
  ...PublicAccount.properties,
  version: Type.Integer({ description: 'send as If-Match to update' }),
  activeCredentials: Type.Integer({
    description: 'sessions and tokens neither revoked nor expired',
  }),
});
export type AdminAccount = Static<typeof AdminAccountSchema>;

/** POST /api/v1/accounts. */
export const CreateAccountBody = Type.Object(
  {
    username: Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9_.@-]+$' }),
    displayName: DisplayName,
    password: Password,
    orgId: Id,
    roles: Roles,
    unitIds: Type.Optional(UnitIds),
  },
  { additionalProperties: false },
);
export type CreateAccount = Static<typeof CreateAccountBody>;

/** PATCH /api/v1/accounts/{id}: the user name never changes (it is the login). */
export const UpdateAccountBody = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    orgId: Type.Optional(Id),
    roles: Type.Optional(Roles),
    unitIds: Type.Optional(UnitIds),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateAccount = Static<typeof UpdateAccountBody>;

/** POST /api/v1/accounts/{id}/password. */
export const ResetPasswordBody = Type.Object(
  { password: Password },
  { additionalProperties: false },
);

/** POST /api/v1/accounts/{id}/disable. */
export const DisableAccountBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);

/** A session or bearer token as an admin sees it (never its secret). */
export const CredentialViewSchema = Type.Object({
  id: Type.String({ description: 'the sha256 of the secret: names it without revealing it' }),
  kind: Type.Union([Type.Literal('session'), Type.Literal('api_token')]),
  accountId: Type.String(),
  name: Type.Optional(Type.String()),
  createdAt: Type.String(),
  expiresAt: Type.String(),
});
export type CredentialView = Static<typeof CredentialViewSchema>;

/** Answer of the commands that revoke credentials (disable, reset password, revoke). */
export const RevokedSchema = Type.Object({
  account: AdminAccountSchema,
  revokedCredentials: Type.Integer(),
});
export type Revoked = Static<typeof RevokedSchema>;

export const OrgKindSchema = literals(ORG_KINDS);

/** GET /api/v1/orgs. */
export const OrgViewSchema = Type.Object({
  id: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()]),
  kind: OrgKindSchema,
  name: Type.String(),
  localNames: Type.Optional(LocalNamesSchema),
  version: Type.Integer({ description: 'send as If-Match to update' }),
});
export type OrgView = Static<typeof OrgViewSchema>;

/** GET /api/v1/sites. */
export const SiteViewSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  localNames: Type.Optional(LocalNamesSchema),
  kind: Type.String(),
  orgId: Type.String(),
  location: Type.Object({ lon: Type.Number(), lat: Type.Number() }),
  address: Type.Optional(Type.String()),
  unitIds: Type.Array(Type.String()),
  version: Type.Integer(),
});
export type SiteView = Static<typeof SiteViewSchema>;

/** POST /api/v1/sites. */
export const CreateSiteBody = Type.Object(
  {
    id: Type.Optional(Id),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: literals(SITE_KINDS),
    orgId: Id,
    location: LonLat,
    address: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  },
  { additionalProperties: false },
);

/**
 * PATCH /api/v1/sites/{id}: what a site is called, what kind of place it is, where it stands.
 * Its org and stationed units do not change here (units are stationed through PATCH /units/{id}).
 */
export const UpdateSiteBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    kind: Type.Optional(literals(SITE_KINDS)),
    location: Type.Optional(LonLat),
    address: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateSite = Static<typeof UpdateSiteBody>;

/** PATCH /api/v1/talk-groups/{id}: its name (members: PUT …/members). */
export const RenameTalkGroupBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

/** GET /api/v1/talk-groups. */
export const TalkGroupViewSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  localNames: Type.Optional(LocalNamesSchema),
  orgId: Type.String(),
  unitIds: Type.Array(Type.String()),
  channel: Type.Optional(Type.String()),
  version: Type.Integer(),
});
export type TalkGroupView = Static<typeof TalkGroupViewSchema>;
