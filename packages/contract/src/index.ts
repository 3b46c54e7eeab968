/**
 * The wire contract of the `/api/v1` HTTP API and the live socket: TypeBox schemas the server
 * validates with and documents (OpenAPI), and the static types the web console reads.
 */
export * from './common.ts';
export * from './incident.ts';
export * from './unit.ts';
export * from './account.ts';
export * from './live.ts';
export * from './assist.ts';
export * from './patrol.ts';
export * from './series.ts';
export * from './alert.ts';
export * from './missing-person.ts';

/** The domain's literal types as they appear on the wire (defined once, in core). */
export type {
  CaseKind,
  DispatchStatus,
  Priority,
  Role,
  Tier,
  TravelProfile,
  UnitKind,
  UnitStatus,
} from '@jiefang/core';
export * from './admin.ts';
export * from './plan.ts';
export * from './catalogue.ts';
export * from './case.ts';
export * from './open311.ts';
export * from './stats.ts';
export * from './basemap-labels.ts';
export * from './basemap-label-field.ts';
export * from './map-layers.ts';
export * from './mobilise.ts';
