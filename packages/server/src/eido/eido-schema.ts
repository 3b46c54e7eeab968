import { Type, type Static } from 'typebox';

/**
 * Our own JSON Schema of the EIDO messages Jiefang sends and takes, written from NENA's
 * Emergency Incident Data Object standard, NENA-STA-021.1a-2022 (EIDO JSON), not copied from
 * any published schema file. Components covered: the message header (eidoMessageIdentifier,
 * $id, sendingSystemIdentifier, lastUpdateTimeStamp), incidentComponent, locationComponent
 * (location by value as a WGS 84 point) and agencyComponent. Not covered: person, vehicle,
 * notes, call and emergency-resource components, PIDF-LO location bodies, split/merge.
 */

const Timestamp = Type.String({ format: 'date-time' });
const Ref = Type.Object({ $ref: Type.String({ minLength: 1 }) }, { additionalProperties: false });

export const EidoIncidentComponent = Type.Object(
  {
    componentIdentifier: Type.String({ minLength: 1 }),
    incidentTrackingIdentifier: Type.String({ minLength: 1 }),
    lastUpdateTimeStamp: Timestamp,
    incidentTypeCommonRegistryText: Type.String({ minLength: 1 }),
    incidentStatusCommonRegistryText: Type.Union([
      Type.Literal('Received'),
      Type.Literal('Dispatched'),
      Type.Literal('Enroute'),
      Type.Literal('OnScene'),
      Type.Literal('Closed'),
      Type.Literal('Cancelled'),
    ]),
    /** Jiefang's priority 1 (life in danger) .. 4, as the sending CAD's local urgency. */
    incidentUrgencyCommonRegistryText: Type.Optional(Type.String()),
    incidentCreationTimeStamp: Timestamp,
    locationReference: Ref,
    updatedByAgencyReference: Ref,
  },
  { additionalProperties: false },
);

export const EidoLocationComponent = Type.Object(
  {
    $id: Type.String({ minLength: 1 }),
    locationByValue: Type.Object(
      {
        latitude: Type.Number({ minimum: -90, maximum: 90 }),
        longitude: Type.Number({ minimum: -180, maximum: 180 }),
        civicAddressText: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const EidoAgencyComponent = Type.Object(
  {
    $id: Type.String({ minLength: 1 }),
    agencyIdentifier: Type.String({ minLength: 1 }),
    agencyName: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);

export const EidoMessage = Type.Object(
  {
    eidoMessageIdentifier: Type.String({ pattern: '^urn:uuid:[0-9a-f-]{36}$' }),
    $id: Type.String({ minLength: 1 }),
    sendingSystemIdentifier: Type.String({ minLength: 1 }),
    lastUpdateTimeStamp: Timestamp,
    incidentComponent: Type.Array(EidoIncidentComponent, { minItems: 1, maxItems: 1 }),
    locationComponent: Type.Array(EidoLocationComponent, { minItems: 1 }),
    agencyComponent: Type.Array(EidoAgencyComponent, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export type EidoMessage = Static<typeof EidoMessage>;
export type EidoStatus =
  EidoMessage['incidentComponent'][number]['incidentStatusCommonRegistryText'];
