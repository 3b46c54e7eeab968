import {
  alreadyExists,
  DomainError,
  DomainErrorCode,
  noSuchAggregate,
  type Decision,
} from '@jiefang/core';
import type { Account, Credential } from '../auth/account.ts';
import type { CommandPart } from '../commands/command-service.ts';
import type { ServerContext } from '../context.ts';
import { AggregateType } from '../world/aggregate-types.ts';

export type AccountCommand =
  | { type: 'create'; account: Account }
  | { type: 'update'; changes: AccountChanges }
  | { type: 'set_password'; passwordHash: string }
  | { type: 'disable'; reason: string }
  | { type: 'enable' };

/** What an admin may change on an account; the user name is the login and never changes. */
export type AccountChanges = Partial<Pick<Account, 'displayName' | 'orgId' | 'roles' | 'unitIds'>>;

/** Accounts are aggregates like any other, but their events never carry the password hash. */
export function accountCommand(
  ctx: ServerContext,
  command: AccountCommand,
  id?: string,
  options: { expectedVersion?: number } = {},
): CommandPart<Account> {
  const accountId = command.type === 'create' ? command.account.id : id!;
  const orgId =
    command.type === 'create'
      ? command.account.orgId
      : (ctx.world.get<Account>(AggregateType.account, accountId)?.orgId ?? '');
  return {
    aggregateType: AggregateType.account,
    aggregateId: accountId,
    // A move to another org files the account (and its events) under the new org.
    orgId: command.type === 'update' ? (command.changes.orgId ?? orgId) : orgId,
    ...options,
    status: (a) => (a.disabled ? 'disabled' : 'active'),
    decide: (state): Decision<Account> => {
      if (command.type === 'create') {
        if (state) throw alreadyExists('account', state.id);
        if (!ctx.world.orgTree.has(command.account.orgId)) {
          throw new DomainError(
            DomainErrorCode.NOT_FOUND,
            `no org ${command.account.orgId}`,
            'orgId',
          );
        }
        if (ctx.world.accountsByName.has(command.account.username.toLowerCase())) {
          throw new DomainError(
            DomainErrorCode.ALREADY_EXISTS,
            `user name ${command.account.username} is taken`,
            'username',
          );
        }
        checkUnits(ctx, command.account.unitIds);
        return {
          events: [{ type: 'account.created', payload: command.account }],
          state: command.account,
        };
      }
      if (!state) throw noSuchAggregate('account', command.type, 'id');
      switch (command.type) {
        case 'update': {
          const changes = command.changes;
          if (changes.orgId !== undefined && !ctx.world.orgTree.has(changes.orgId))
            throw new DomainError(DomainErrorCode.NOT_FOUND, `no org ${changes.orgId}`, 'orgId');
          checkUnits(ctx, changes.unitIds ?? []);
          return {
            events: [{ type: 'account.updated', payload: { accountId: state.id, ...changes } }],
            state: { ...state, ...changes },
          };
        }
        case 'set_password':
          return {
            events: [{ type: 'account.password_reset', payload: { accountId: state.id } }],
            state: { ...state, passwordHash: command.passwordHash },
          };
        case 'disable':
          if (state.disabled)
            throw new DomainError(
              DomainErrorCode.ILLEGAL_TRANSITION,
              'the account is already disabled',
              'id',
            );
          return {
            events: [
              {
                type: 'account.disabled',
                payload: { accountId: state.id, reason: command.reason },
              },
            ],
            state: { ...state, disabled: true },
          };
        case 'enable':
          if (!state.disabled)
            throw new DomainError(
              DomainErrorCode.ILLEGAL_TRANSITION,
              'the account is not disabled',
              'id',
            );
          return {
            events: [{ type: 'account.enabled', payload: { accountId: state.id } }],
            state: { ...state, disabled: false },
          };
      }
    },
    redact: (events) =>
      events.map((e) => {
        const payload = e.payload as Partial<Account>;
        if (payload && typeof payload === 'object' && 'passwordHash' in payload) {
          const { passwordHash: _hash, ...rest } = payload;
          return { ...e, payload: rest };
        }
        return e;
      }),
  };
}

function checkUnits(ctx: ServerContext, unitIds: readonly string[]): void {
  for (const unitId of unitIds) {
    if (!ctx.world.units.has(unitId))
      throw new DomainError(DomainErrorCode.NOT_FOUND, `no unit ${unitId}`, 'unitIds');
  }
}

export type CredentialCommand =
  { type: 'issue'; credential: Credential } | { type: 'revoke'; credential: Credential };

/** Sessions and tokens, stored by the hash of their secret. */
export function credentialCommand(command: CredentialCommand): CommandPart<Credential> {
  const id = command.credential.id;
  return {
    aggregateType: AggregateType.credential,
    aggregateId: id,
    orgId: command.credential.orgId,
    status: (c) => (c.revoked ? 'revoked' : 'active'),
    decide: (state): Decision<Credential> => {
      if (command.type === 'issue') {
        if (state) throw alreadyExists('credential', id);
        const { id: _id, ...visible } = command.credential;
        return {
          events: [{ type: `${command.credential.kind}.issued`, payload: { ...visible } }],
          state: command.credential,
        };
      }
      if (!state) throw noSuchAggregate('credential', 'revoke', 'id');
      return {
        events: [{ type: `${state.kind}.revoked`, payload: { userId: state.userId } }],
        state: { ...state, revoked: true },
      };
    },
  };
}
