import type { Priority } from '../incident/priority.ts';
import type { DecideContext, Decision } from '../shared/decision.ts';
import { decideUnit } from '../unit/decide-unit.ts';
import type { Unit } from '../unit/unit.ts';
import { decideDispatch, type DispatchCommand } from './decide-dispatch.ts';
import { unitStatusForDispatch, type Dispatch } from './dispatch.ts';

export interface DispatchAndUnit {
  dispatch: Decision<Dispatch>;
  /** Undefined when the unit's status does not change (e.g. delivered: it stays notified). */
  unit?: Decision<Unit>;
}

/**
 * A dispatch and its unit move together; deciding both here keeps the two state machines from
 * drifting apart, and the server appends both with EventStore.appendAll. Creating a dispatch
 * for a unit that is not available fails with the unit's ERR_ILLEGAL_TRANSITION; to pre-empt,
 * cancel the unit's current dispatch first (in the same transaction). A unit is released only
 * by the dispatch it is assigned to, so a late decline of an old dispatch cannot free a unit
 * that has since been sent elsewhere.
 */
export function decideDispatchAndUnit(
  dispatch: Dispatch | undefined,
  unit: Unit,
  command: DispatchCommand,
  context: DecideContext & { incidentPriority: Priority },
): DispatchAndUnit {
  if (command.type === 'create' && command.unitId !== unit.id) {
    throw new RangeError(`dispatch is for unit ${command.unitId}, not ${unit.id}`);
  }
  const decided = decideDispatch(dispatch, command, context);
  const next = decided.state;
  const wanted = unitStatusForDispatch(next.status);
  if (wanted === unit.status) return { dispatch: decided };
  if (command.type !== 'create' && unit.assignment?.dispatchId !== next.id)
    return { dispatch: decided };
  const unitDecision = decideUnit(
    unit,
    {
      type: 'change_status',
      to: wanted,
      assignment:
        wanted === 'notified'
          ? { incidentId: next.incidentId, dispatchId: next.id, priority: context.incidentPriority }
          : undefined,
      reason: `dispatch ${next.id} ${next.status}`,
    },
    context,
  );
  return { dispatch: decided, unit: unitDecision };
}
