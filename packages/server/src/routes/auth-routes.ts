import { issueCredential } from '../auth/issue-credential.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { Type } from 'typebox';
import { publicAccount, type Account } from '../auth/account.ts';
import { auditAdminChange } from '../auth/audit-admin-change.ts';
import { caller, SESSION_COOKIE } from '../auth/authenticate.ts';
import { guard } from '../auth/guard.ts';
import { DUMMY_HASH, verifyPassword } from '../auth/password.ts';
import type { ServerContext } from '../context.ts';
import {
  ErrorResponse,
  errorResponses,
  Id,
  LoginResultSchema,
  PublicAccount,
} from '@jiefang/contract';
import { ServerError, ServerErrorCode } from '../http/server-error.ts';
import { AggregateType } from '../world/aggregate-types.ts';
import { credentialCommand } from './account-commands.ts';

/** Login, logout, who am I; device tokens (admin). Accounts: account-routes.ts. */
export function authRoutes(app: TypedApp, ctx: ServerContext): void {
  app.post(
    '/api/v1/auth/login',
    {
      config: {
        public: true,
        rateLimit: {
          max: ctx.config.loginAttemptsPerMinute,
          timeWindow: 60_000,
          // Counted per address and user name, after the body is read: one user's typos (or an
          // attacker) must not lock out everyone behind the same proxy or office NAT.
          hook: 'preHandler',
          keyGenerator: (request) => `${request.ip}|${loginName(request.body)}`,
        },
      },
      schema: {
        tags: ['auth'],
        summary: 'Log in; sets an HttpOnly session cookie',
        security: [],
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 100 }),
            password: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: LoginResultSchema,
          401: ErrorResponse,
          429: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const id = ctx.world.accountsByName.get(username.toLowerCase());
      const account = id ? ctx.world.get<Account>(AggregateType.account, id) : undefined;
      // Always hash, so a wrong user name takes as long as a wrong password.
      const ok = await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH);
      if (!account || !ok || account.disabled) {
        throw new ServerError(
          ServerErrorCode.BAD_CREDENTIALS,
          401,
          'wrong user name or password',
          'password',
        );
      }
      const { secret, credential } = await issueCredential(ctx, account, {
        kind: 'session',
        lifetimeMs: ctx.config.sessionTtlSeconds * 1000,
        actorId: account.id,
      });
      void reply.setCookie(SESSION_COOKIE, secret, {
        httpOnly: true,
        sameSite: 'strict',
        secure: ctx.config.secureCookies,
        path: '/',
        maxAge: ctx.config.sessionTtlSeconds,
      });
      return { account: publicAccount(account), expiresAt: credential.expiresAt };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'End this session',
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const credential = request.credential!;
      await ctx.commands.execute(
        credentialCommand({ type: 'revoke', credential }),
        caller(request).id,
      );
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The logged-in account',
        response: { 200: PublicAccount, ...errorResponses },
      },
    },
    async (request) => publicAccount(caller(request)),
  );

  app.post(
    '/api/v1/tokens',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Issue a bearer token for a device or integration, acting as one of your accounts (admin)',
        body: Type.Object(
          {
            accountId: Id,
            name: Type.String({ minLength: 1, maxLength: 100 }),
            days: Type.Integer({ minimum: 1, maximum: 366 }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ token: Type.String(), id: Type.String(), expiresAt: Type.String() }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const account = ctx.world.get<Account>(AggregateType.account, body.accountId);
      if (!account)
        throw new ServerError(
          ServerErrorCode.BAD_REQUEST,
          404,
          `no account ${body.accountId}`,
          'accountId',
        );
      guard(ctx, request, 'user.manage', account.orgId);
      const { secret, credential } = await issueCredential(ctx, account, {
        kind: 'api_token',
        lifetimeMs: body.days * 86_400_000,
        name: body.name,
        actorId: caller(request).id,
      });
      await auditAdminChange(ctx, request, {
        action: 'credential.issue',
        subjectType: AggregateType.account,
        subjectId: account.id,
        orgId: account.orgId,
        detail: { kind: 'api_token', name: body.name, days: body.days },
      });
      // The secret is shown once; only its hash is stored.
      return reply
        .status(201)
        .send({ token: secret, id: credential.id, expiresAt: credential.expiresAt });
    },
  );
}

function loginName(body: unknown): string {
  const username = (body as { username?: unknown } | undefined)?.username;
  return typeof username === 'string' ? username.toLowerCase() : '';
}
