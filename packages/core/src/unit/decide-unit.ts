import { alreadyExists, noSuchAggregate, validationError } from '../errors.ts';
import type { DecideContext, Decision } from '../shared/decision.ts';
import { withoutLocalNames } from '../shared/local-names.ts';
import { toIso } from '../shared/time.ts';
import { changeUnitStatus } from './unit-status.ts';
import type { Unit, UnitAssignment, UnitStatus } from './unit.ts';
import { validateUnit } from './validate-unit.ts';

export type UnitCommand =
  | { type: 'register'; unit: Unit }
  | {
      type: 'update';
      changes: Partial<
        Pick<Unit, 'name' | 'profile' | 'turnoutSeconds' | 'talkGroupIds' | 'siteId'>
      >;
    }
  | {
      type: 'change_status';
      to: UnitStatus;
      /** Set when the unit is notified for a dispatch; cleared whenever it is released. */
      assignment?: UnitAssignment;
      reason?: string;
    };

/** Statuses that end any assignment: the unit is no longer working that incident. */
const RELEASING: readonly UnitStatus[] = ['available', 'off_duty', 'out_of_service'];

export function decideUnit(
  state: Unit | undefined,
  command: UnitCommand,
  context: DecideContext,
): Decision<Unit> {
  if (command.type === 'register') {
    if (state) throw alreadyExists('unit', state.id);
    const unit = validateUnit(command.unit);
    return { events: [{ type: 'unit.registered', payload: unit }], state: unit };
  }
  if (!state) throw noSuchAggregate('unit', command.type, 'unitId');
  switch (command.type) {
    case 'update': {
      const merged = { ...state, ...command.changes };
      // A new call sign makes the old one's translations wrong: it reads as given everywhere.
      const renamed = command.changes.name !== undefined && command.changes.name !== state.name;
      const next = validateUnit(renamed ? withoutLocalNames(merged) : merged) as Unit;
      return {
        events: [{ type: 'unit.updated', payload: { unitId: state.id, changes: command.changes } }],
        state: next,
      };
    }
    case 'change_status': {
      const to = changeUnitStatus(state.status, command.to);
      if (to === 'notified' && command.assignment === undefined) {
        throw validationError('assignment', 'is required when a unit is notified');
      }
      const next: Unit = { ...state, status: to };
      if (to === 'notified') next.assignment = command.assignment;
      if (RELEASING.includes(to)) delete next.assignment;
      return {
        events: [
          {
            type: 'unit.status_changed',
            payload: {
              unitId: state.id,
              from: state.status,
              to,
              incidentId: next.assignment?.incidentId ?? state.assignment?.incidentId,
              reason: command.reason,
              at: toIso(context.now),
            },
          },
        ],
        state: next,
      };
    }
  }
}
