import {
  can,
  decideCase,
  decideCaseSettings,
  deadlinesFor,
  DomainError,
  DomainErrorCode,
  routeCase,
  settingsChain,
  type Case,
  type CaseCommand,
  type CaseKind,
  type CaseRouting,
  type CaseSettings,
  type CaseSettingsCommand,
  type User,
} from '@jiefang/core';
import type { CommandPart } from '../commands/command-service.ts';
import type { ServerContext } from '../context.ts';
import { AggregateType } from '../world/aggregate-types.ts';

export interface VersionedCase {
  value: Case;
  version: number;
}

/**
 * Reading cases and their settings, and turning case commands into command parts. The world
 * holds open cases (and those touched since start); a case closed before a restart is read back
 * from the store, so it can still be rated or reopened.
 */
export const CaseRecords = {
  async find(ctx: ServerContext, id: string): Promise<VersionedCase | undefined> {
    const live = ctx.world.get<Case>(AggregateType.case, id);
    if (live) return { value: live, version: ctx.world.version(AggregateType.case, id) };
    const stored = await ctx.store.get<Case>(AggregateType.case, id);
    if (!stored) return undefined;
    // Later commands decide on the world's state: put the stored one there first.
    ctx.world.apply(stored);
    return { value: stored.data, version: stored.version };
  },

  async require(ctx: ServerContext, id: string): Promise<VersionedCase> {
    const found = await CaseRecords.find(ctx, id);
    if (!found) throw new DomainError(DomainErrorCode.NOT_FOUND, `no case ${id}`, 'id');
    return found;
  },

  /** Every case, open and closed, from the store (statistics, lists that include closed ones). */
  async all(ctx: ServerContext): Promise<Case[]> {
    const stored = await ctx.store.list<Case>({ aggregateType: AggregateType.case });
    const byId = new Map(stored.map((s) => [s.aggregateId, s.data]));
    // The world may be ahead of a list read taken during a command; it never lags.
    for (const [id, entry] of ctx.world.cases) byId.set(id, entry.value);
    return [...byId.values()];
  },

  /**
   * Whether a user may see a case: through its owner org (case.read), or as the department it
   * is assigned to (workorder.read on the department) — a department sees only its own cases.
   */
  canRead(ctx: ServerContext, user: User, value: Case): boolean {
    const tree = ctx.world.orgTree;
    if (can(user, 'case.read', value.orgId, tree)) return true;
    return (
      value.departmentId !== undefined && can(user, 'workorder.read', value.departmentId, tree)
    );
  },

  settingsFor(ctx: ServerContext, orgId: string): CaseSettings[] {
    const all = new Map([...ctx.world.caseSettings].map(([id, entry]) => [id, entry.value]));
    return settingsChain(orgId, all, ctx.world.orgTree);
  },

  deadlinesFor(ctx: ServerContext, kind: CaseKind, orgId: string) {
    return deadlinesFor(
      kind,
      CaseRecords.settingsFor(ctx, orgId).map((s) => s.deadlines),
    );
  },

  /** The rules' proposal, or the dispatcher's choice (marked overridden when it differs). */
  routingFor(
    ctx: ServerContext,
    subject: { categoryCode: string; orgId: string },
    chosen?: { departmentId: string; reason?: string },
  ): CaseRouting | undefined {
    const proposed = routeCase(
      subject,
      CaseRecords.settingsFor(ctx, subject.orgId),
      ctx.world.orgTree,
    );
    if (!chosen) return proposed;
    if (proposed?.departmentId === chosen.departmentId) return proposed;
    return {
      departmentId: chosen.departmentId,
      reason:
        chosen.reason ??
        (proposed ? `chosen by hand instead of ${proposed.departmentId}` : 'chosen by hand'),
      overridden: proposed !== undefined,
      basis: 'by_hand',
      ...(chosen.reason ? { note: chosen.reason } : {}),
    };
  },

  part(
    ctx: ServerContext,
    id: string,
    command: CaseCommand,
    actorId: string | null,
    options: { expectedVersion?: number; idempotencyKey?: string } = {},
  ): CommandPart<Case> {
    const existing = ctx.world.get<Case>(AggregateType.case, id);
    const orgId = command.type === 'create' ? command.orgId : (existing?.orgId ?? '');
    return {
      aggregateType: AggregateType.case,
      aggregateId: id,
      orgId,
      status: (state) => state.status,
      decide: (state) =>
        decideCase(state, command, { now: ctx.clock.now(), actorId, orgTree: ctx.world.orgTree }),
      ...options,
    };
  },

  settingsPart(
    ctx: ServerContext,
    orgId: string,
    command: CaseSettingsCommand,
  ): CommandPart<CaseSettings> {
    return {
      aggregateType: AggregateType.caseSettings,
      aggregateId: orgId,
      orgId,
      status: () => 'active',
      decide: (state) =>
        decideCaseSettings(state, command, {
          now: ctx.clock.now(),
          actorId: null,
          orgTree: ctx.world.orgTree,
        }),
    };
  },
};
