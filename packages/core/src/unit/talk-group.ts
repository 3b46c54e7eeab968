import { ProblemList, alreadyExists, noSuchAggregate, validationError } from '../errors.ts';
import type { DecideContext, Decision } from '../shared/decision.ts';
import { checkLocalNames, withoutLocalNames, type LocalNames } from '../shared/local-names.ts';
import { toIso } from '../shared/time.ts';

/** 对讲频道: the radio channel shared by the units of an area (e.g. a business district). */
export interface TalkGroup {
  id: string;
  name: string;
  /** The name in each console language, when given in both. */
  localNames?: LocalNames;
  orgId: string;
  unitIds: string[];
  /** Radio system channel id, when the talk group is bridged to a real radio network. */
  channel?: string;
}

export type TalkGroupCommand =
  | { type: 'create'; talkGroup: TalkGroup }
  | { type: 'set_members'; unitIds: string[] }
  | { type: 'rename'; name: string }
  | { type: 'broadcast'; message: string; incidentId?: string };

export const MAX_BROADCAST_LENGTH = 500;

export function decideTalkGroup(
  state: TalkGroup | undefined,
  command: TalkGroupCommand,
  context: DecideContext,
): Decision<TalkGroup> {
  if (command.type === 'create') {
    if (state) throw alreadyExists('talk group', state.id);
    const talkGroup = validateTalkGroup(command.talkGroup);
    return { events: [{ type: 'talkgroup.created', payload: talkGroup }], state: talkGroup };
  }
  if (!state) throw noSuchAggregate('talk group', command.type, 'talkGroupId');
  switch (command.type) {
    case 'set_members': {
      const unitIds = uniqueIds(command.unitIds, 'unitIds');
      const next = { ...state, unitIds };
      return {
        events: [
          { type: 'talkgroup.members_changed', payload: { talkGroupId: state.id, unitIds } },
        ],
        state: next,
      };
    }
    case 'rename': {
      const name = typeof command.name === 'string' ? command.name.trim() : '';
      if (name === '') throw validationError('name', 'is required');
      if (name === state.name) return { events: [], state };
      // The translations were of the old name: the new one stands alone until it gets its own.
      return {
        events: [{ type: 'talkgroup.renamed', payload: { talkGroupId: state.id, name } }],
        state: { ...withoutLocalNames(state), name },
      };
    }
    case 'broadcast': {
      const message = typeof command.message === 'string' ? command.message.trim() : '';
      if (message === '') throw validationError('message', 'is required');
      if (message.length > MAX_BROADCAST_LENGTH) {
        throw validationError('message', `must be at most ${MAX_BROADCAST_LENGTH} characters`);
      }
      return {
        events: [
          {
            type: 'talkgroup.broadcast',
            payload: {
              talkGroupId: state.id,
              message,
              incidentId: command.incidentId,
              // Recipients as of now: members added later did not hear it.
              unitIds: [...state.unitIds],
              senderId: context.actorId,
              at: toIso(context.now),
            },
          },
        ],
        state,
      };
    }
  }
}

export function validateTalkGroup(value: TalkGroup): TalkGroup {
  const problems = new ProblemList();
  for (const field of ['id', 'name', 'orgId'] as const) {
    if (typeof value?.[field] !== 'string' || value[field].trim() === '') {
      problems.add(field, 'is required');
    }
  }
  checkLocalNames(value?.localNames, problems);
  problems.throwIfAny('talk group');
  return { ...value, unitIds: uniqueIds(value.unitIds ?? [], 'unitIds') };
}

function uniqueIds(ids: unknown, field: string): string[] {
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || id === '')) {
    throw validationError(field, 'must be a list of ids');
  }
  return [...new Set(ids as string[])];
}
