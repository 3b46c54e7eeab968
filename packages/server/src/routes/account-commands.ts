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

export type AccountCommand = { type: 'create'; account: Account } | { type: 'disable' };

/** Accounts are aggregates like any other, but their events never carry the password hash. */
export function accountCommand(
  ctx: ServerContext,
  command: AccountCommand,
  id?: string,
): CommandPart<Account> {
  const accountId = command.type === 'create' ? command.account.id : id!;
  const orgId =
    command.type === 'create'
      ? command.account.orgId
      : (ctx.world.get<Account>(AggregateType.account, accountId)?.orgId ?? '');
  return {
    aggregateType: AggregateType.account,
    aggregateId: accountId,
    orgId,
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
        for (const unitId of command.account.unitIds) {
          if (!ctx.world.units.has(unitId))
            throw new DomainError(DomainErrorCode.NOT_FOUND, `no unit ${unitId}`, 'unitIds');
        }
        return {
          events: [{ type: 'account.created', payload: command.account }],
          state: command.account,
        };
      }
      if (!state) throw noSuchAggregate('account', command.type, 'id');
      return {
        events: [{ type: 'account.disabled', payload: { accountId: state.id } }],
        state: { ...state, disabled: true },
      };
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
