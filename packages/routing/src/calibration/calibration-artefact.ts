import { createHash } from 'node:crypto';
import { Type, type Static } from 'typebox';
import Value from 'typebox/value';
import { RoutingError, RoutingErrorCode } from '../errors.ts';
import { DAY_PERIODS, ROAD_GROUPS } from './road-groups.ts';
import type { TravelTimeModel } from './travel-time-model.ts';

export const CALIBRATION_FORMAT = 'jiefang-calibration';
export const CALIBRATION_FORMAT_VERSION = 1;

const Seconds = Type.Number({ minimum: -3600, maximum: 3600 });
const Factor = Type.Number({ minimum: 0, maximum: 100 });
const AccuracySchema = Type.Object({
  n: Type.Integer({ minimum: 0 }),
  median_abs_pct_err: Type.Number(),
  p90_abs_pct_err: Type.Number(),
  spearman: Type.Union([Type.Number(), Type.Null()]),
});
const ModelSchema = Type.Object({
  profile: Type.String({ minLength: 1 }),
  overheadSeconds: Seconds,
  classFactors: Type.Object(Object.fromEntries(ROAD_GROUPS.map((g) => [g, Factor]))),
  secondsPerEdge: Type.Number({ minimum: 0, maximum: 600 }),
  offRoadSecondsPerMetre: Type.Number({ minimum: 0, maximum: 100 }),
  kindOffsetSeconds: Type.Record(Type.String(), Seconds),
  periodOffsetSeconds: Type.Object(Object.fromEntries(DAY_PERIODS.map((p) => [p, Seconds]))),
  nonEmergency: Type.Object({ offsetSeconds: Seconds, roadFactor: Type.Number() }),
});
const ArtefactSchema = Type.Object({
  format: Type.Literal(CALIBRATION_FORMAT),
  version: Type.Literal(CALIBRATION_FORMAT_VERSION),
  /** The SHA-256 fingerprint of the graph the models were fitted on. */
  graphFingerprint: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  createdAt: Type.String(),
  /** Where the drives came from: a file name, or 'event-log'. */
  source: Type.String(),
  models: Type.Array(ModelSchema),
  /** Cross-validated accuracy per profile: the before/after report. */
  validation: Type.Record(
    Type.String(),
    Type.Object({
      drives: Type.Integer({ minimum: 0 }),
      folds: Type.Integer({ minimum: 0 }),
      before: AccuracySchema,
      after: AccuracySchema,
      options: Type.Object({
        lambda: Type.Number(),
        huberDelta: Type.Number(),
        terms: Type.Array(Type.String()),
      }),
    }),
  ),
  /** SHA-256 of the artefact's canonical JSON without this field. */
  fingerprint: Type.String({ pattern: '^[0-9a-f]{64}$' }),
});

export type CalibrationArtefact = Static<typeof ArtefactSchema> & { models: TravelTimeModel[] };
export type UnsignedArtefact = Omit<CalibrationArtefact, 'fingerprint' | 'format' | 'version'>;

/** Adds format, version and the fingerprint that makes any later edit detectable. */
export function sealArtefact(content: UnsignedArtefact): CalibrationArtefact {
  const unsigned = { format: CALIBRATION_FORMAT, version: CALIBRATION_FORMAT_VERSION, ...content };
  return { ...unsigned, fingerprint: fingerprintOf(unsigned) } as CalibrationArtefact;
}

export function encodeArtefact(artefact: CalibrationArtefact): string {
  return `${canonicalJson(artefact)}\n`;
}

/**
 * Reads an artefact and checks it all: shape, fingerprint, and that it was fitted on the graph
 * whose fingerprint is given; each failure is its own coded error.
 */
export function decodeArtefact(
  text: string,
  graphFingerprint: string,
  source = 'calibration',
): CalibrationArtefact {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RoutingError(RoutingErrorCode.CALIBRATION_INVALID, `${source} is not JSON`, source);
  }
  if (!Value.Check(ArtefactSchema, value)) {
    const first = [...Value.Errors(ArtefactSchema, value)][0];
    const path = first?.instancePath || '/';
    throw new RoutingError(
      RoutingErrorCode.CALIBRATION_INVALID,
      `${source}: ${path} ${first?.message ?? 'is invalid'}`,
      path,
    );
  }
  const { fingerprint, ...unsigned } = value;
  if (fingerprintOf(unsigned) !== fingerprint) {
    throw new RoutingError(
      RoutingErrorCode.CALIBRATION_CORRUPT,
      `${source}: its fingerprint does not match its content (edited or damaged)`,
      'fingerprint',
    );
  }
  if (value.graphFingerprint !== graphFingerprint) {
    throw new RoutingError(
      RoutingErrorCode.CALIBRATION_GRAPH_MISMATCH,
      `${source} was fitted on graph ${value.graphFingerprint.slice(0, 12)}…, not on the loaded graph ${graphFingerprint.slice(0, 12)}…; calibrate again`,
      'graphFingerprint',
    );
  }
  return value as CalibrationArtefact;
}

function fingerprintOf(unsigned: object): string {
  return createHash('sha256').update(canonicalJson(unsigned)).digest('hex');
}

/** JSON with object keys sorted at every level, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
