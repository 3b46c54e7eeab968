import { alreadyExists, noSuchAggregate } from '../errors.ts';
import type { DecideContext, Decision } from '../shared/decision.ts';
import { validateResponsePlan, type ResponsePlan } from './response-plan.ts';

/** A plan in force or retired; retired plans stay for the record of past recommendations. */
export interface StoredResponsePlan extends ResponsePlan {
  retired: boolean;
}

export type ResponsePlanCommand =
  | { type: 'create'; plan: ResponsePlan }
  /** Plans change as a whole: a half-edited plan must never be in force. */
  | { type: 'replace'; plan: ResponsePlan }
  | { type: 'retire'; reason: string };

export function decideResponsePlan(
  state: StoredResponsePlan | undefined,
  command: ResponsePlanCommand,
  _context: DecideContext,
): Decision<StoredResponsePlan> {
  if (command.type === 'create') {
    if (state) throw alreadyExists('response plan', state.id);
    const plan = { ...validateResponsePlan(command.plan), retired: false };
    return { events: [{ type: 'plan.created', payload: plan }], state: plan };
  }
  if (!state) throw noSuchAggregate('response plan', command.type, 'planId');
  if (command.type === 'replace') {
    const plan = {
      ...validateResponsePlan({ ...command.plan, id: state.id }),
      retired: state.retired,
    };
    return { events: [{ type: 'plan.replaced', payload: plan }], state: plan };
  }
  if (state.retired) return { events: [], state };
  return {
    events: [{ type: 'plan.retired', payload: { planId: state.id, reason: command.reason } }],
    state: { ...state, retired: true },
  };
}
