import type { PatrolLeg as PlanLeg } from '@jiefang/core';
import type { PatrolLeg } from '@jiefang/forecast';

/** The planner's legs (read-only coordinate pairs) as the plan aggregate's (plain tuples). */
export function toPlanLegs(legs: readonly PatrolLeg[]): PlanLeg[] {
  return legs.map((leg): PlanLeg =>
    leg.kind === 'drive'
      ? { ...leg, path: leg.path.map(([x, y]): [number, number] => [x, y]) }
      : { ...leg, at: [leg.at[0], leg.at[1]] },
  );
}
