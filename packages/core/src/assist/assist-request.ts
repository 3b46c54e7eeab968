import { DomainError, DomainErrorCode, ProblemList } from '../errors.ts';
import type { OrgKind, OrgTree } from '../org/org-tree.ts';
import type { Decision, DecideContext } from '../shared/decision.ts';
import { toIso } from '../shared/time.ts';

/** What is asked of the other side (Jingmen's "one point asks, the whole network answers"). */
export type AssistKind = 'lookup' | 'arrest' | 'search' | 'reinforcement';
export const ASSIST_KINDS: readonly AssistKind[] = ['lookup', 'arrest', 'search', 'reinforcement'];

/** Levels a request can go to as a whole: the command centres, not communities or grids. */
export type AssistLevel = Extract<OrgKind, 'city' | 'district' | 'station'>;
export const ASSIST_LEVELS: readonly AssistLevel[] = ['city', 'district', 'station'];

/** Whom to ask: one named org, the requester's parent, or every centre of a level. */
export type AssistTarget =
  { type: 'org'; orgId: string } | { type: 'parent' } | { type: 'level'; kind: AssistLevel };

export type AssistDecision = 'accept' | 'decline';

export interface AssistAnswer {
  decision: AssistDecision;
  text: string;
  /** Units the answering org lends (sent to the requester's incident at mutual-aid tier). */
  unitIds: string[];
  at: string;
  by: string;
}

/** One org asked; `round` 0 for those first asked, n for the n-th escalation. */
export interface AssistRecipient {
  orgId: string;
  round: number;
  askedAt: string;
  deadline: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  answer?: AssistAnswer;
  /** When its deadline passed unanswered and its parent was told. */
  escalatedAt?: string;
}

export interface AssistRequest {
  id: string;
  /** The requesting org (its scope decides who may act for the requester). */
  fromOrgId: string;
  requestedBy: string;
  kind: AssistKind;
  text: string;
  /** The requester's incident units are lent to (needed to lend units). */
  incidentId?: string;
  target: AssistTarget;
  /** Each recipient's time to answer, and the escalated parent's. */
  windowSeconds: number;
  createdAt: string;
  status: 'open' | 'closed';
  recipients: AssistRecipient[];
  closedAt?: string;
}

export type AssistCommand =
  | {
      type: 'create';
      request: Pick<
        AssistRequest,
        'id' | 'fromOrgId' | 'requestedBy' | 'kind' | 'text' | 'incidentId' | 'target'
      > & { windowSeconds: number };
    }
  | { type: 'acknowledge'; orgId: string; by: string }
  | {
      type: 'answer';
      orgId: string;
      by: string;
      decision: AssistDecision;
      text: string;
      /** Lent units with their orgs: each must belong to the answering org's subtree. */
      lent: { unitId: string; orgId: string }[];
    }
  /** Run by the server's checker: overdue recipients are escalated to their parent org. */
  | { type: 'escalate' }
  | { type: 'close'; by: string };

export interface AssistContext extends DecideContext {
  orgTree: OrgTree;
}

/** Window limits: a minute to a day. */
export const ASSIST_WINDOW = { minSeconds: 60, maxSeconds: 86_400 } as const;

/** The orgs a target names, seen from the requesting org (never the requester itself). */
export function assistRecipients(tree: OrgTree, fromOrgId: string, target: AssistTarget): string[] {
  const from = tree.get(fromOrgId);
  switch (target.type) {
    case 'org': {
      if (!tree.has(target.orgId))
        throw new DomainError(
          DomainErrorCode.NOT_FOUND,
          `org ${target.orgId} does not exist`,
          'target.orgId',
        );
      if (target.orgId === fromOrgId)
        throw new DomainError(
          DomainErrorCode.VALIDATION,
          'an org cannot ask itself',
          'target.orgId',
        );
      if (tree.get(target.orgId).kind === 'department')
        throw new DomainError(
          DomainErrorCode.VALIDATION,
          'departments take work orders, not assist requests',
          'target.orgId',
        );
      return [target.orgId];
    }
    case 'parent':
      if (from.parentId === null)
        throw new DomainError(DomainErrorCode.VALIDATION, `${fromOrgId} has no parent`, 'target');
      return [from.parentId];
    case 'level': {
      if (!ASSIST_LEVELS.includes(target.kind))
        throw new DomainError(
          DomainErrorCode.VALIDATION,
          `must be one of ${ASSIST_LEVELS.join(', ')}`,
          'target.kind',
        );
      const ids = tree
        .all()
        .filter((org) => org.kind === target.kind && org.id !== fromOrgId)
        .map((org) => org.id);
      if (ids.length === 0)
        throw new DomainError(
          DomainErrorCode.VALIDATION,
          `no other ${target.kind} to ask`,
          'target.kind',
        );
      return ids;
    }
  }
}

/** Recipients whose deadline passed unanswered and who were not escalated yet. */
export function overdueRecipients(request: AssistRequest, now: number): AssistRecipient[] {
  if (request.status !== 'open') return [];
  return request.recipients.filter(
    (r) => !r.answer && !r.escalatedAt && Date.parse(r.deadline) <= now,
  );
}

function recipientOf(state: AssistRequest, orgId: string): AssistRecipient {
  const found = state.recipients.find((r) => r.orgId === orgId);
  if (!found)
    throw new DomainError(
      DomainErrorCode.OUT_OF_SCOPE,
      `org ${orgId} was not asked by assist request ${state.id}`,
      'orgId',
    );
  return found;
}

function withRecipient(
  state: AssistRequest,
  orgId: string,
  change: (r: AssistRecipient) => AssistRecipient,
): AssistRequest {
  return {
    ...state,
    recipients: state.recipients.map((r) => (r.orgId === orgId ? change(r) : r)),
  };
}

function decideCreate(
  command: Extract<AssistCommand, { type: 'create' }>,
  context: AssistContext,
): Decision<AssistRequest> {
  const r = command.request;
  const problems = new ProblemList();
  if (!ASSIST_KINDS.includes(r.kind))
    problems.add('kind', `must be one of ${ASSIST_KINDS.join(', ')}`);
  if (!r.text || r.text.trim() === '') problems.add('text', 'is required');
  if (
    !Number.isInteger(r.windowSeconds) ||
    r.windowSeconds < ASSIST_WINDOW.minSeconds ||
    r.windowSeconds > ASSIST_WINDOW.maxSeconds
  )
    problems.add(
      'deadlineSeconds',
      `must be a whole number from ${ASSIST_WINDOW.minSeconds} to ${ASSIST_WINDOW.maxSeconds}`,
    );
  problems.throwIfAny('assist request');
  const now = toIso(context.now);
  const deadline = toIso(context.now + r.windowSeconds * 1000);
  const recipients = assistRecipients(context.orgTree, r.fromOrgId, r.target).map((orgId) => ({
    orgId,
    round: 0,
    askedAt: now,
    deadline,
  }));
  const request: AssistRequest = {
    id: r.id,
    fromOrgId: r.fromOrgId,
    requestedBy: r.requestedBy,
    kind: r.kind,
    text: r.text,
    ...(r.incidentId ? { incidentId: r.incidentId } : {}),
    target: r.target,
    windowSeconds: r.windowSeconds,
    createdAt: now,
    status: 'open',
    recipients,
  };
  return { events: [{ type: 'assist.requested', payload: request }], state: request };
}

function decideEscalate(state: AssistRequest, context: AssistContext): Decision<AssistRequest> {
  const overdue = overdueRecipients(state, context.now);
  if (overdue.length === 0) return { events: [], state };
  const now = toIso(context.now);
  const asked = new Set(state.recipients.map((r) => r.orgId));
  const added: AssistRecipient[] = [];
  for (const r of overdue) {
    const parentId = context.orgTree.has(r.orgId) ? context.orgTree.get(r.orgId).parentId : null;
    if (parentId === null || asked.has(parentId) || parentId === state.fromOrgId) continue;
    asked.add(parentId);
    added.push({
      orgId: parentId,
      round: r.round + 1,
      askedAt: now,
      deadline: toIso(context.now + state.windowSeconds * 1000),
    });
  }
  const overdueIds = new Set(overdue.map((r) => r.orgId));
  const next: AssistRequest = {
    ...state,
    recipients: [
      ...state.recipients.map((r) => (overdueIds.has(r.orgId) ? { ...r, escalatedAt: now } : r)),
      ...added,
    ],
  };
  return {
    events: [
      {
        type: 'assist.escalated',
        payload: { overdue: [...overdueIds], askedNow: added.map((r) => r.orgId) },
      },
    ],
    state: next,
  };
}

/**
 * An assist request across jurisdictions: asked of a named org, the parent or all centres of a
 * level with a deadline; each recipient acknowledges and answers (accepting may lend units);
 * an unanswered recipient past its deadline is escalated to its parent org, which is asked in
 * turn with a fresh deadline; the requester closes it.
 */
export function decideAssistRequest(
  state: AssistRequest | undefined,
  command: AssistCommand,
  context: AssistContext,
): Decision<AssistRequest> {
  if (command.type === 'create') {
    if (state)
      throw new DomainError(
        DomainErrorCode.ALREADY_EXISTS,
        `assist request ${state.id} exists`,
        'id',
      );
    return decideCreate(command, context);
  }
  if (!state) throw new DomainError(DomainErrorCode.NOT_FOUND, 'no such assist request', 'id');
  if (state.status === 'closed')
    throw new DomainError(
      DomainErrorCode.ILLEGAL_TRANSITION,
      `assist request ${state.id} is closed`,
      'id',
    );
  const now = toIso(context.now);
  switch (command.type) {
    case 'acknowledge': {
      const recipient = recipientOf(state, command.orgId);
      if (recipient.acknowledgedAt) return { events: [], state };
      return {
        events: [
          { type: 'assist.acknowledged', payload: { orgId: command.orgId, by: command.by } },
        ],
        state: withRecipient(state, command.orgId, (r) => ({
          ...r,
          acknowledgedAt: now,
          acknowledgedBy: command.by,
        })),
      };
    }
    case 'answer': {
      const recipient = recipientOf(state, command.orgId);
      if (recipient.answer)
        throw new DomainError(
          DomainErrorCode.ILLEGAL_TRANSITION,
          `${command.orgId} answered already (${recipient.answer.decision})`,
          'orgId',
        );
      const problems = new ProblemList();
      if (command.decision !== 'accept' && command.decision !== 'decline')
        problems.add('decision', 'must be accept or decline');
      if (!command.text || command.text.trim() === '') problems.add('text', 'is required');
      if (command.lent.length > 0 && command.decision !== 'accept')
        problems.add('unitIds', 'only an accepting answer lends units');
      if (command.lent.length > 0 && !state.incidentId)
        problems.add('unitIds', 'the request names no incident to send units to');
      command.lent.forEach((unit, i) => {
        if (!context.orgTree.isWithin(unit.orgId, command.orgId))
          problems.add(`unitIds[${i}]`, `unit ${unit.unitId} does not belong to ${command.orgId}`);
      });
      problems.throwIfAny('assist answer');
      const answer: AssistAnswer = {
        decision: command.decision,
        text: command.text,
        unitIds: command.lent.map((u) => u.unitId),
        at: now,
        by: command.by,
      };
      return {
        events: [{ type: 'assist.answered', payload: { orgId: command.orgId, ...answer } }],
        state: withRecipient(state, command.orgId, (r) => ({
          ...r,
          acknowledgedAt: r.acknowledgedAt ?? now,
          acknowledgedBy: r.acknowledgedBy ?? command.by,
          answer,
        })),
      };
    }
    case 'escalate':
      return decideEscalate(state, context);
    case 'close': {
      const closed: AssistRequest = { ...state, status: 'closed', closedAt: now };
      return { events: [{ type: 'assist.closed', payload: { by: command.by } }], state: closed };
    }
  }
}
