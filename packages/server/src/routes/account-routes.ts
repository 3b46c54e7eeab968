import { DomainError, DomainErrorCode, notFound } from '@jiefang/core';
import {
  AdminAccountSchema,
  CreateAccountBody,
  CredentialViewSchema,
  DisableAccountBody,
  errorResponses,
  IdempotencyHeaders,
  IdParams,
  IfMatchHeaders,
  ResetPasswordBody,
  RevokedSchema,
  UpdateAccountBody,
} from '@jiefang/contract';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { publicAccount, type Account, type Credential } from '../auth/account.ts';
import { auditAdminChange } from '../auth/audit-admin-change.ts';
import { caller } from '../auth/authenticate.ts';
import { guard } from '../auth/guard.ts';
import { hashPassword } from '../auth/password.ts';
import type { CommandPart } from '../commands/command-service.ts';
import type { ServerContext } from '../context.ts';
import { idempotencyOf } from '../http/idempotency.ts';
import { expectedVersion } from '../http/expected-version.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { AggregateType } from '../world/aggregate-types.ts';
import { accountCommand, credentialCommand, type AccountCommand } from './account-commands.ts';

/**
 * Accounts for admins: list, create, change roles / org / units, reset a password, disable and
 * enable, list and revoke sessions and tokens. An admin manages only the accounts of their own
 * org subtree. Disabling ends every session and token of the account in the same commit, and
 * the live hub closes its sockets as soon as that commit arrives.
 */
export function accountRoutes(app: TypedApp, ctx: ServerContext): void {
  const activeCredentials = (accountId: string): Credential[] => {
    const now = ctx.clock.now();
    return [...ctx.world.credentials.values()]
      .map((c) => c.value)
      .filter((c) => c.userId === accountId && !c.revoked && Date.parse(c.expiresAt) > now);
  };
  const view = (account: Account) => ({
    ...publicAccount(account),
    version: ctx.world.version(AggregateType.account, account.id),
    activeCredentials: activeCredentials(account.id).length,
  });
  /** Role first (a dispatcher learns nothing), then existence, then the account's org. */
  const managed = (request: FastifyRequest, id: string): Account => {
    guard(ctx, request, 'user.manage', caller(request).orgId);
    const account = ctx.world.get<Account>(AggregateType.account, id);
    if (!account) throw notFound('account', id, 'id');
    guard(ctx, request, 'user.manage', account.orgId);
    return account;
  };
  const notSelf = (request: FastifyRequest, account: Account, field: string, what: string) => {
    if (caller(request).id === account.id) {
      throw new DomainError(
        DomainErrorCode.VALIDATION,
        `you cannot ${what} your own account: ask another admin`,
        field,
      );
    }
  };
  /** The account command plus the revocation of every live credential, committed together. */
  const withRevocations = (
    account: Account,
    command: AccountCommand,
    credentials: Credential[],
    version: number | undefined,
  ): CommandPart<unknown>[] => [
    accountCommand(ctx, command, account.id, { expectedVersion: version }),
    ...credentials.map((credential) => credentialCommand({ type: 'revoke', credential })),
  ];

  app.get(
    '/api/v1/accounts',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Accounts in your org subtree (admin)',
        response: { 200: Type.Array(AdminAccountSchema), ...errorResponses },
      },
    },
    async (request) => {
      const me = caller(request);
      guard(ctx, request, 'user.manage', me.orgId);
      const tree = ctx.world.orgTree;
      return [...ctx.world.accounts.values()]
        .map((a) => a.value)
        .filter((a) => tree.isWithin(a.orgId, me.orgId))
        .map(view);
    },
  );

  app.post(
    '/api/v1/accounts',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Create an account in an org of your subtree (admin)',
        headers: IdempotencyHeaders,
        body: CreateAccountBody,
        response: { 201: AdminAccountSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      guard(ctx, request, 'user.manage', body.orgId);
      const account: Account = {
        id: ctx.newId(),
        username: body.username,
        displayName: body.displayName,
        orgId: body.orgId,
        roles: body.roles,
        unitIds: body.unitIds ?? [],
        passwordHash: await hashPassword(body.password),
        disabled: false,
      };
      const result = await ctx.commands.execute(
        {
          ...accountCommand(ctx, { type: 'create', account }),
          ...idempotencyOf(request),
        },
        caller(request).id,
      );
      const created = result.states[0].data as Account;
      if (!result.replayed) {
        await auditAdminChange(ctx, request, {
          action: 'account.create',
          subjectType: AggregateType.account,
          subjectId: created.id,
          orgId: created.orgId,
          detail: { username: created.username, roles: created.roles },
        });
      }
      return reply.status(201).send(view(created));
    },
  );

  app.patch(
    '/api/v1/accounts/:id',
    {
      schema: {
        tags: ['accounts'],
        summary:
          'Change the display name, roles, org or units of an account (admin); its live sockets close so they reconnect with the new scope',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateAccountBody,
        response: { 200: AdminAccountSchema, ...errorResponses },
      },
    },
    async (request) => {
      const account = managed(request, request.params.id);
      const changes = request.body;
      if (changes.orgId !== undefined) {
        guard(ctx, request, 'user.manage', changes.orgId);
        if (changes.orgId !== account.orgId) notSelf(request, account, 'orgId', 'move');
      }
      if (changes.roles !== undefined && !changes.roles.includes('admin'))
        notSelf(request, account, 'roles', 'take the admin role from');
      const result = await ctx.commands.execute(
        accountCommand(ctx, { type: 'update', changes }, account.id, {
          expectedVersion: expectedVersion(request.headers['if-match']),
        }),
        caller(request).id,
      );
      const updated = result.states[0].data as Account;
      await auditAdminChange(ctx, request, {
        action: 'account.update',
        subjectType: AggregateType.account,
        subjectId: account.id,
        orgId: updated.orgId,
        detail: { ...changes, previousOrgId: account.orgId, previousRoles: account.roles },
      });
      return view(updated);
    },
  );

  app.post(
    '/api/v1/accounts/:id/password',
    {
      schema: {
        tags: ['accounts'],
        summary:
          'Set a new password (admin); every session of the account ends at once (its device tokens stay: revoke them one by one)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: ResetPasswordBody,
        response: { 200: RevokedSchema, ...errorResponses },
      },
    },
    async (request) => {
      const account = managed(request, request.params.id);
      const passwordHash = await hashPassword(request.body.password);
      const sessions = activeCredentials(account.id).filter((c) => c.kind === 'session');
      const result = await ctx.commands.executeAll(
        withRevocations(
          account,
          { type: 'set_password', passwordHash },
          sessions,
          expectedVersion(request.headers['if-match']),
        ),
        caller(request).id,
      );
      await auditAdminChange(ctx, request, {
        action: 'account.reset_password',
        subjectType: AggregateType.account,
        subjectId: account.id,
        orgId: account.orgId,
        detail: { revokedSessions: sessions.length },
      });
      return {
        account: view(result.states[0].data as Account),
        revokedCredentials: sessions.length,
      };
    },
  );

  app.post(
    '/api/v1/accounts/:id/disable',
    {
      schema: {
        tags: ['accounts'],
        summary:
          'Disable an account (admin): every session and token it holds is revoked in the same commit and its live sockets close at once',
        params: IdParams,
        headers: IfMatchHeaders,
        body: DisableAccountBody,
        response: { 200: RevokedSchema, ...errorResponses },
      },
    },
    async (request) => {
      const account = managed(request, request.params.id);
      notSelf(request, account, 'id', 'disable');
      const credentials = activeCredentials(account.id);
      const result = await ctx.commands.executeAll(
        withRevocations(
          account,
          { type: 'disable', reason: request.body.reason },
          credentials,
          expectedVersion(request.headers['if-match']),
        ),
        caller(request).id,
      );
      await auditAdminChange(ctx, request, {
        action: 'account.disable',
        subjectType: AggregateType.account,
        subjectId: account.id,
        orgId: account.orgId,
        detail: { reason: request.body.reason, revokedCredentials: credentials.length },
      });
      return {
        account: view(result.states[0].data as Account),
        revokedCredentials: credentials.length,
      };
    },
  );

  app.post(
    '/api/v1/accounts/:id/enable',
    {
      schema: {
        tags: ['accounts'],
        summary:
          'Enable a disabled account (admin); its old sessions and tokens stay revoked: it logs in again',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 200: AdminAccountSchema, ...errorResponses },
      },
    },
    async (request) => {
      const account = managed(request, request.params.id);
      const result = await ctx.commands.execute(
        accountCommand(ctx, { type: 'enable' }, account.id, {
          expectedVersion: expectedVersion(request.headers['if-match']),
        }),
        caller(request).id,
      );
      await auditAdminChange(ctx, request, {
        action: 'account.enable',
        subjectType: AggregateType.account,
        subjectId: account.id,
        orgId: account.orgId,
      });
      return view(result.states[0].data as Account);
    },
  );

  app.get(
    '/api/v1/accounts/:id/credentials',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Sessions and tokens of an account that are neither revoked nor expired (admin)',
        params: IdParams,
        response: { 200: Type.Array(CredentialViewSchema), ...errorResponses },
      },
    },
    async (request) => {
      const account = managed(request, request.params.id);
      return activeCredentials(account.id).map((c) => ({
        id: c.id,
        kind: c.kind,
        accountId: c.userId,
        ...(c.name === undefined ? {} : { name: c.name }),
        createdAt: c.createdAt,
        expiresAt: c.expiresAt,
      }));
    },
  );

  app.post(
    '/api/v1/credentials/:id/revoke',
    {
      schema: {
        tags: ['accounts'],
        summary:
          'Revoke one session or token (admin): its next request answers 401 and its live sockets close at once',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      guard(ctx, request, 'user.manage', caller(request).orgId);
      const credential = ctx.world.get<Credential>(AggregateType.credential, request.params.id);
      if (!credential || credential.revoked) throw notFound('credential', request.params.id, 'id');
      const account = managed(request, credential.userId);
      await ctx.commands.execute(
        credentialCommand({ type: 'revoke', credential }),
        caller(request).id,
      );
      await auditAdminChange(ctx, request, {
        action: 'credential.revoke',
        subjectType: AggregateType.account,
        subjectId: account.id,
        orgId: account.orgId,
        detail: { kind: credential.kind, name: credential.name ?? null },
      });
      return reply.status(204).send(null);
    },
  );
}
