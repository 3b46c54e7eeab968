import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sealArtefact } from '../calibration/calibration-artefact.ts';
import { identityModel } from '../calibration/travel-time-model.ts';
import { RoutingErrorCode } from '../errors.ts';
import { ROAD_CLASSES } from '../profile/road-classes.ts';
import { fixtureCity } from '../test-support/fixture-city.ts';
import {
  calibrationPathOf,
  readCalibratedGraph,
  writeCalibrationFile,
} from './calibration-file.ts';
import { graphFingerprint, writeGraphFile } from './graph-file.ts';

const LINE = `
node 1 lat=0 lon=0
node 2 lat=0 lon=0.001
node 3 lat=0.001 lon=0.001
way 10 nodes=1,2 highway=primary
way 11 nodes=2,3 highway=residential
`;

describe('a calibration beside its graph file', () => {
  it('is applied when its graph fingerprint is the file’s, refused when it is another’s', async () => {
    const { city } = await fixtureCity(LINE);
    const dir = mkdtempSync(join(tmpdir(), 'jiefang-calibration-'));
    const graphPath = join(dir, 'city.graph');
    writeGraphFile(graphPath, city);
    // The fingerprint computed from the loaded graph is the one stored in the file.
    expect(graphFingerprint(city)).toBe(readFileSync(graphPath).subarray(16, 48).toString('hex'));
    expect(readCalibratedGraph(graphPath).calibration).toBeNull();

    const model = {
      ...identityModel('drive'),
      classFactors: { major: 0.5, secondary: 1, tertiary: 1, local: 2, service: 1 },
    };
    const artefact = sealArtefact({
      graphFingerprint: graphFingerprint(city),
      createdAt: '2026-12-03T00:00:00Z',
      source: 'test',
      models: [model],
      validation: {},
    });
    writeCalibrationFile(calibrationPathOf(graphPath), artefact);
    const loaded = readCalibratedGraph(graphPath);
    expect(loaded.calibration?.fingerprint).toBe(artefact.fingerprint);
    const raw = city.profiles.find((p) => p.profile === 'drive')!;
    const calibrated = loaded.city.profiles.find((p) => p.profile === 'drive')!;
    for (let e = 0; e < raw.edgeCount; e++) {
      const factor = ROAD_CLASSES[raw.edgeClass[e]] === 'residential' ? 2 : 0.5;
      expect(calibrated.edgeForwardSeconds[e]).toBeCloseTo(raw.edgeForwardSeconds[e] * factor, 4);
    }

    // The same calibration beside a different graph (another build of another network).
    const other = await fixtureCity(
      `${LINE}\nnode 4 lat=0.002 lon=0.001\nway 12 nodes=3,4 highway=residential`,
    );
    const otherPath = join(dir, 'other.graph');
    writeGraphFile(otherPath, other.city);
    copyFileSync(calibrationPathOf(graphPath), calibrationPathOf(otherPath));
    expect(() => readCalibratedGraph(otherPath)).toThrow(
      expect.objectContaining({ code: RoutingErrorCode.CALIBRATION_GRAPH_MISMATCH }),
    );
    writeFileSync(calibrationPathOf(otherPath), 'not json');
    expect(() => readCalibratedGraph(otherPath)).toThrow(
      expect.objectContaining({ code: RoutingErrorCode.CALIBRATION_INVALID }),
    );
  });
});
