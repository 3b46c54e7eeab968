import { closedLoopDefinition } from '../workflow/workflow.ts';

/**
 * Incidents run the closed loop with minutes-scale deadlines: classify within a minute, get
 * units assigned within two, handle within an hour, supervisor review within a day.
 */
export const INCIDENT_WORKFLOW = closedLoopDefinition('incident', 'incident', {
  analyse: 60,
  assign: 120,
  handle: 3600,
  supervise: 86_400,
});
