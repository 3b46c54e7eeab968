import { beforeAll, describe, expect, it } from 'vitest';
import { RoutingErrorCode } from '../errors.ts';
import { graphFingerprint } from '../format/graph-file.ts';
import type { CityGraphData } from '../graph/profile-graph.ts';
import { ROAD_CLASSES } from '../profile/road-classes.ts';
import { fixtureCity, secondsAt } from '../test-support/fixture-city.ts';
import { accuracy } from './accuracy.ts';
import { calibrateGraph } from './calibrate-graph.ts';
import { calibrateProfile, foldOfDrives, predictDrives } from './calibrate.ts';
import { decodeArtefact, encodeArtefact } from './calibration-artefact.ts';
import type { ObservedDrive } from './observed-drive.ts';
import { runCalibration } from './run-calibration.ts';
import { identityModel, type TravelTimeModel } from './travel-time-model.ts';

/**
 * A 9×9 grid of uneven blocks (0.0004° to 0.0016°: junction delay and speed are told apart only
 * when edges differ in length): rows 0 and 4 primary, row 8 secondary, column 4 tertiary.
 */
const AT = [0, 0.0004, 0.002, 0.0028, 0.0036, 0.0052, 0.0058, 0.0072, 0.008];
function gridCity(): string {
  const lines: string[] = [];
  const id = (r: number, c: number) => r * 9 + c + 1;
  for (let r = 0; r < 9; r++) {
    for (let c = 0; c < 9; c++) lines.push(`node ${id(r, c)} lat=${AT[r]} lon=${AT[c]}`);
  }
  const rowClass = (r: number) =>
    r % 4 === 0 && r < 8 ? 'primary' : r === 8 ? 'secondary' : 'residential';
  for (let r = 0; r < 9; r++) {
    const nodes = Array.from({ length: 9 }, (_, c) => id(r, c)).join(',');
    lines.push(`way ${1000 + r} nodes=${nodes} highway=${rowClass(r)}`);
  }
  for (let c = 0; c < 9; c++) {
    const nodes = Array.from({ length: 9 }, (_, r) => id(r, c)).join(',');
    lines.push(`way ${2000 + c} nodes=${nodes} highway=${c === 4 ? 'tertiary' : 'residential'}`);
  }
  return lines.join('\n');
}

/** A small deterministic generator (mulberry32), so the synthetic drives are the same each run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TRUE_MODEL: TravelTimeModel = {
  ...identityModel('drive'),
  overheadSeconds: 40,
  classFactors: { major: 0.6, secondary: 0.7, tertiary: 0.8, local: 0.9, service: 1 },
  secondsPerEdge: 2,
  nonEmergency: { offsetSeconds: 15, roadFactor: 0.2 },
};

describe('calibration on synthetic drives', () => {
  let city: CityGraphData;
  let drives: ObservedDrive[];
  beforeAll(async () => {
    city = (await fixtureCity(gridCity())).city;
    const next = random(7);
    const unobserved: ObservedDrive[] = Array.from({ length: 240 }, (_, i) => ({
      id: String(i),
      from: [next() * 0.008, next() * 0.008],
      to: [next() * 0.008, next() * 0.008],
      observedSeconds: 0,
      kind: 'ENGINE',
      hour: Math.floor(next() * 24),
      emergency: next() < 0.8,
      day: `2017-01-0${1 + (i % 6)}`,
    }));
    const truth = predictDrives(city, TRUE_MODEL, unobserved);
    // ±3 % noise, plus every 20th drive timed badly (×2): the robust loss must shrug it off.
    drives = unobserved.map((d, i) => ({
      ...d,
      observedSeconds: truth[i] * (1 + (next() - 0.5) * 0.06) * (i % 20 === 0 ? 2 : 1),
    }));
  });

  it('records each edge road class in the graph', () => {
    const graph = city.profiles.find((p) => p.profile === 'drive')!;
    const classes = new Set(Array.from(graph.edgeClass, (c) => ROAD_CLASSES[c]));
    expect([...classes].sort()).toEqual(['primary', 'residential', 'secondary', 'tertiary']);
  });

  it('a calibrated graph prices each edge as factor × seconds + the junction delay', () => {
    const raw = city.profiles[0];
    const calibrated = calibrateGraph(city, [TRUE_MODEL]).profiles[0];
    const residential = ROAD_CLASSES.indexOf('residential');
    const e = raw.edgeClass.indexOf(residential);
    const seconds = secondsAt(raw.edgeMetres[e], 25);
    expect(raw.edgeForwardSeconds[e]).toBeCloseTo(seconds, 3);
    expect(calibrated.edgeForwardSeconds[e]).toBeCloseTo(0.9 * seconds + 2, 3);
    // Every arc of the CSR moved by the same rule (arcs keep their order and edge).
    const factorOf = new Map([
      [ROAD_CLASSES.indexOf('primary'), 0.6],
      [ROAD_CLASSES.indexOf('secondary'), 0.7],
      [ROAD_CLASSES.indexOf('tertiary'), 0.8],
      [residential, 0.9],
    ]);
    expect(calibrated.outEdge).toEqual(raw.outEdge);
    for (let arc = 0; arc < raw.outSeconds.length; arc++) {
      const factor = factorOf.get(raw.edgeClass[raw.outEdge[arc] >> 1])!;
      expect(calibrated.outSeconds[arc]).toBeCloseTo(factor * raw.outSeconds[arc] + 2, 3);
    }
  });

  it('recovers the known parameters from noisy drives', () => {
    const model = calibrateProfile(city, 'drive', drives, {
      lambda: 1e-6,
      huberDelta: 0.05,
      terms: ['classes', 'edges', 'nonEmergency'],
    });
    expect(model.overheadSeconds).toBeGreaterThan(40 - 4);
    expect(model.overheadSeconds).toBeLessThan(40 + 4);
    for (const group of ['major', 'secondary', 'tertiary', 'local'] as const) {
      expect(Math.abs(model.classFactors[group] - TRUE_MODEL.classFactors[group])).toBeLessThan(
        0.08,
      );
    }
    expect(Math.abs(model.secondsPerEdge - 2)).toBeLessThan(0.8);
    expect(Math.abs(model.nonEmergency.offsetSeconds - 15)).toBeLessThan(6);
    expect(Math.abs(model.nonEmergency.roadFactor - 0.2)).toBeLessThan(0.08);
    const fitted = accuracy(
      predictDrives(city, model, drives),
      drives.map((d) => d.observedSeconds),
    );
    const raw = accuracy(
      predictDrives(city, identityModel('drive'), drives),
      drives.map((d) => d.observedSeconds),
    );
    expect(fitted.median_abs_pct_err).toBeLessThan(0.03);
    expect(raw.median_abs_pct_err).toBeGreaterThan(0.2);
  });

  it('keeps each day in one fold', () => {
    const fold = foldOfDrives(drives, 3);
    const foldOfDay = new Map<string, number>();
    drives.forEach((d, i) => {
      expect(foldOfDay.get(d.day) ?? fold[i]).toBe(fold[i]);
      foldOfDay.set(d.day, fold[i]);
    });
    expect(new Set(fold).size).toBe(3);
  });

  it('seals an artefact bound to the graph; an edit or another graph is a coded error', () => {
    const fingerprint = graphFingerprint(city);
    const artefact = runCalibration({
      city,
      graphFingerprint: fingerprint,
      profile: 'drive',
      drives: drives.slice(0, 120),
      folds: 3,
      source: 'synthetic',
      createdAt: '2026-12-03T00:00:00Z',
      candidates: [{ lambda: 1e-4, huberDelta: 0.05, terms: ['classes', 'edges', 'nonEmergency'] }],
    });
    expect(artefact.validation.drive.after.median_abs_pct_err).toBeLessThan(
      artefact.validation.drive.before.median_abs_pct_err,
    );
    const text = encodeArtefact(artefact);
    expect(decodeArtefact(text, fingerprint)).toEqual(artefact);

    const edited = JSON.parse(text);
    edited.models[0].overheadSeconds += 1;
    expect(() => decodeArtefact(JSON.stringify(edited), fingerprint)).toThrow(
      expect.objectContaining({ code: RoutingErrorCode.CALIBRATION_CORRUPT, field: 'fingerprint' }),
    );
    expect(() => decodeArtefact(text, 'f'.repeat(64))).toThrow(
      expect.objectContaining({ code: RoutingErrorCode.CALIBRATION_GRAPH_MISMATCH }),
    );
    const broken = JSON.parse(text);
    broken.models[0].secondsPerEdge = -1;
    expect(() => decodeArtefact(JSON.stringify(broken), fingerprint)).toThrow(
      expect.objectContaining({
        code: RoutingErrorCode.CALIBRATION_INVALID,
        field: '/models/0/secondsPerEdge',
      }),
    );
    expect(() => decodeArtefact('{', fingerprint)).toThrow(
      expect.objectContaining({ code: RoutingErrorCode.CALIBRATION_INVALID }),
    );
  });
});
