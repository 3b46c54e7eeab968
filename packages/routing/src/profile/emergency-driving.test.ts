import { describe, expect, it } from 'vitest';
import { calibrateGraph } from '../calibration/calibrate-graph.ts';
import {
  fixtureCity,
  secondsAt,
  METRES_PER_MILLIDEGREE as M,
} from '../test-support/fixture-city.ts';
import { CityRouter } from '../query/city-router.ts';
import { emergencyDrivingModel, EMERGENCY_DRIVING } from './emergency-driving.ts';

describe('emergency driving', () => {
  it('prices a street at the class factor of lights and sirens plus one junction per edge', async () => {
    const { city } = await fixtureCity(`
node 1 lat=0 lon=0
node 2 lat=0 lon=0.001
node 3 lat=0 lon=0.002
node 4 lat=0.001 lon=0.001
way 10 nodes=1,2,3 highway=residential
way 11 nodes=2,4 highway=primary
`);
    const model = emergencyDrivingModel('drive')!;
    const router = new CityRouter(calibrateGraph(city, [model]));
    const spec = EMERGENCY_DRIVING.drive;
    // 1 → 3 along the residential street: two edges (node 2 is a junction), 25 km/h ordinarily.
    const route = router.route([0, 0], [0.002, 0], 'drive');
    expect(route.seconds).toBeCloseTo(
      spec.classFactors.local * secondsAt(2 * M, 25) + 2 * spec.intersectionSeconds,
      3,
    );
    expect(emergencyDrivingModel('walk')).toBeNull();
  });
});
