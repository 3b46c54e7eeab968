import { randomUUID } from 'node:crypto';
import type { Dispatch, Incident } from '@jiefang/core';
import type { EidoMessage, EidoStatus } from './eido-schema.ts';

/** Our incident status in EIDO's common registry words. */
function statusText(incident: Incident, dispatches: readonly Dispatch[]): EidoStatus {
  if (incident.status === 'closed') return 'Closed';
  if (incident.status === 'cancelled') return 'Cancelled';
  if (dispatches.some((d) => d.status === 'on_scene')) return 'OnScene';
  if (dispatches.some((d) => d.status === 'en_route')) return 'Enroute';
  if (dispatches.length > 0) return 'Dispatched';
  return 'Received';
}

/** One incident as an EIDO message (see eido-schema.ts for what is covered). */
export function incidentToEido(
  incident: Incident,
  dispatches: readonly Dispatch[],
  agency: { id: string; name: string },
  sendingSystem: string,
  now: string,
): EidoMessage {
  const status: EidoStatus = statusText(incident, dispatches);
  const id = `urn:uuid:${randomUUID()}`;
  const locationId = `location-${incident.id}`;
  const agencyId = `agency-${agency.id}`;
  const civic = incident.location.address ?? incident.location.placeName;
  return {
    eidoMessageIdentifier: id,
    $id: id,
    sendingSystemIdentifier: sendingSystem,
    lastUpdateTimeStamp: now,
    incidentComponent: [
      {
        componentIdentifier: `incident-component-${incident.id}`,
        // One incident keeps the tracking id the first centre gave it, wherever it is exported.
        incidentTrackingIdentifier:
          incident.source === 'exchange' && incident.externalRef
            ? incident.externalRef
            : incident.id,
        lastUpdateTimeStamp: now,
        incidentTypeCommonRegistryText: incident.categoryCode,
        incidentStatusCommonRegistryText: status,
        incidentUrgencyCommonRegistryText: `P${incident.priority}`,
        incidentCreationTimeStamp: incident.receivedAt,
        locationReference: { $ref: locationId },
        updatedByAgencyReference: { $ref: agencyId },
      },
    ],
    locationComponent: [
      {
        $id: locationId,
        locationByValue: {
          latitude: incident.location.lat,
          longitude: incident.location.lon,
          ...(civic ? { civicAddressText: civic } : {}),
        },
      },
    ],
    agencyComponent: [{ $id: agencyId, agencyIdentifier: agency.id, agencyName: agency.name }],
  };
}
