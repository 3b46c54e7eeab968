import { withoutLocalNames } from '../shared/local-names.ts';
import { alreadyExists, noSuchAggregate, validationError } from '../errors.ts';
import type { DecideContext, Decision } from '../shared/decision.ts';
import { OrgTree, type Org } from './org-tree.ts';

export type OrgCommand =
  | { type: 'create'; org: Org }
  | { type: 'rename'; name: string }
  /** Re-parenting (e.g. a community moves to another station) moves its whole subtree. */
  | { type: 'move'; parentId: string };

export interface OrgContext extends DecideContext {
  /** The current tree, to check the change keeps it valid (no cycle, known parent, right kinds). */
  orgTree: OrgTree;
}

export function decideOrg(
  state: Org | undefined,
  command: OrgCommand,
  context: OrgContext,
): Decision<Org> {
  if (command.type === 'create') {
    if (state || context.orgTree.has(command.org.id)) throw alreadyExists('org', command.org.id);
    if (typeof command.org.name !== 'string' || command.org.name.trim() === '') {
      throw validationError('name', 'is required');
    }
    const org = { ...command.org };
    checkTree([...context.orgTree.all(), org]);
    return { events: [{ type: 'org.created', payload: org }], state: org };
  }
  if (!state) throw noSuchAggregate('org', command.type, 'orgId');
  if (command.type === 'rename') {
    if (typeof command.name !== 'string' || command.name.trim() === '')
      throw validationError('name', 'is required');
    return {
      events: [
        { type: 'org.renamed', payload: { orgId: state.id, from: state.name, to: command.name } },
      ],
      // The translations were of the old name: a renamed org reads its new name in every language.
      state: withoutLocalNames({ ...state, name: command.name }),
    };
  }
  const moved = { ...state, parentId: command.parentId };
  checkTree(context.orgTree.all().map((o) => (o.id === state.id ? moved : o)));
  return {
    events: [
      {
        type: 'org.moved',
        payload: { orgId: state.id, from: state.parentId, to: command.parentId },
      },
    ],
    state: moved,
  };
}

/** Building the tree is the validation: it throws ERR_VALIDATION for cycles, unknown parents, wrong kinds. */
function checkTree(orgs: Org[]): void {
  new OrgTree(orgs);
}
