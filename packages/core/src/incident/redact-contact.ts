import type { NewEvent } from '../event-store.ts';
import type { Incident } from './incident.ts';

/**
 * The incident as shown to someone without 'incident.read_contact': the caller's name and phone
 * are removed, everything needed to respond stays. Read models and bus subscribers apply it
 * before anything leaves the server, so personal data is opt-in per reader.
 */
export function redactContact(incident: Incident): Incident {
  if (incident.reporter === undefined) return incident;
  const { reporter: _reporter, ...rest } = incident;
  return { ...rest, reporterWithheld: true } as Incident & { reporterWithheld: true };
}

/** The same for events: only 'incident.created' carries the contact. */
export function redactContactInEvent<E extends NewEvent>(event: E): E {
  if (event.type !== 'incident.created') return event;
  return { ...event, payload: redactContact(event.payload as Incident) };
}
