import type { Dispatch } from '../dispatch/dispatch.ts';
import { DomainError, DomainErrorCode } from '../errors.ts';

/**
 * An incident is closed only once nobody is still working it: units on scene are cleared first
 * (by the responder, or by the dispatcher for them). Closing under them would leave a unit
 * "on scene" at an incident that no longer exists.
 */
export function assertNoUnitsOnScene(
  incidentId: string,
  dispatches: readonly Pick<Dispatch, 'unitId' | 'status'>[],
): void {
  const onScene = dispatches.filter((d) => d.status === 'on_scene').map((d) => d.unitId);
  if (onScene.length > 0) {
    throw new DomainError(
      DomainErrorCode.UNITS_ON_SCENE,
      `incident ${incidentId} cannot close while ${onScene.length} unit(s) are on scene: ${onScene.join(', ')}`,
      'dispatches',
    );
  }
}
