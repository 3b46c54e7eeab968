import { decideIncident } from '../incident/decide-incident.ts';
import type { Incident } from '../incident/incident.ts';
import type { CreateIncident } from '../incident/validate-create-incident.ts';
import { MALL } from './geometry.ts';

/** A real incident made through decideIncident, received at `now` unless told otherwise. */
export function incidentAt(now: number, overrides: Partial<CreateIncident> = {}): Incident {
  return decideIncident(
    undefined,
    {
      type: 'create',
      incidentId: 'i1',
      orgId: 'xjk',
      source: 'call',
      categoryCode: 'violent_attack',
      location: { ...MALL, placeName: '中央商场' },
      description: '持刀伤人',
      ...overrides,
    },
    { now, actorId: null },
  ).state;
}
