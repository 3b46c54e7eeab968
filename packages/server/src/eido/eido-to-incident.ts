import {
  DomainError,
  DomainErrorCode,
  ProblemList,
  type CreateIncident,
  type IncidentCatalogue,
  type Priority,
} from '@jiefang/core';
import { Compile } from 'typebox/compile';
import { EidoMessage } from './eido-schema.ts';

const validator = Compile(EidoMessage);

/** JSON pointer `/incidentComponent/0/x` as the dotted field our errors name: `incidentComponent[0].x`. */
function fieldOf(pointer: string): string {
  const parts = pointer.split('/').filter((p) => p !== '');
  if (parts.length === 0) return 'body';
  return parts.reduce(
    (path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part),
    '',
  );
}

/**
 * Checks an incoming EIDO message against our NENA-STA-021 schema (eido-schema.ts) and its
 * internal references (an incident's location and agency must name components of the message);
 * every bad field at once as ERR_VALIDATION.
 */
export function checkEido(body: unknown): EidoMessage {
  const problems = new ProblemList();
  if (!validator.Check(body)) {
    for (const error of validator.Errors(body).slice(0, 20))
      problems.add(fieldOf(error.instancePath), error.message);
    problems.throwIfAny('EIDO message');
    throw new DomainError(DomainErrorCode.VALIDATION, 'invalid EIDO message', 'body');
  }
  const message = body;
  message.incidentComponent.forEach((incident, i) => {
    if (!message.locationComponent.some((l) => l.$id === incident.locationReference.$ref))
      problems.add(
        `incidentComponent[${i}].locationReference`,
        'names no locationComponent of the message',
      );
    if (!message.agencyComponent.some((a) => a.$id === incident.updatedByAgencyReference.$ref))
      problems.add(
        `incidentComponent[${i}].updatedByAgencyReference`,
        'names no agencyComponent of the message',
      );
  });
  problems.throwIfAny('EIDO message');
  return message;
}

/**
 * What an incoming EIDO incident becomes here: a linked incident of the receiving org keeping
 * the sender's tracking identifier (externalRef), category, urgency (P1–P4), location, civic
 * address and creation time; its description says where it came from. No reporter contact
 * travels. A category this deployment does not know, or an incident already closed at the
 * sender, is refused with the field named.
 */
export function eidoToIncident(
  message: EidoMessage,
  target: { incidentId: string; orgId: string },
  catalogue: IncidentCatalogue,
): CreateIncident {
  const incident = message.incidentComponent[0];
  const location = message.locationComponent.find(
    (l) => l.$id === incident.locationReference.$ref,
  )!;
  const agency = message.agencyComponent.find(
    (a) => a.$id === incident.updatedByAgencyReference.$ref,
  )!;
  const problems = new ProblemList();
  const type = incident.incidentTypeCommonRegistryText;
  if (!catalogue.has(type))
    problems.add(
      'incidentComponent[0].incidentTypeCommonRegistryText',
      `${type} is not a category here`,
    );
  if (['Closed', 'Cancelled'].includes(incident.incidentStatusCommonRegistryText))
    problems.add(
      'incidentComponent[0].incidentStatusCommonRegistryText',
      'a closed or cancelled incident is not taken as a new one',
    );
  const urgency = /^P([1-4])$/.exec(incident.incidentUrgencyCommonRegistryText ?? '');
  problems.throwIfAny('EIDO incident');
  const civic = location.locationByValue.civicAddressText;
  return {
    type: 'create',
    incidentId: target.incidentId,
    orgId: target.orgId,
    source: 'exchange',
    categoryCode: type,
    ...(urgency ? { priority: Number(urgency[1]) as Priority } : {}),
    location: {
      lon: location.locationByValue.longitude,
      lat: location.locationByValue.latitude,
      ...(civic ? { address: civic.slice(0, 200) } : {}),
    },
    description: `EIDO ${agency.agencyName} (${message.sendingSystemIdentifier}): ${type}`.slice(
      0,
      4000,
    ),
    receivedAt: incident.incidentCreationTimeStamp,
    externalRef: incident.incidentTrackingIdentifier.slice(0, 200),
  };
}
