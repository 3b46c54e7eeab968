import { describe, expect, it } from 'vitest';
import { haversineMetres } from './distance.ts';
import { isValidLonLat } from './coordinates.ts';

describe('haversineMetres', () => {
  it('is zero for the same point', () => {
    expect(haversineMetres(118.78, 32.04, 118.78, 32.04)).toBe(0);
  });

  it('measures one degree of latitude as about 111 km', () => {
    expect(haversineMetres(118, 32, 118, 33)).toBeCloseTo(111_195, -2);
  });

  it('measures a short east-west hop in Nanjing within a metre', () => {
    // 0.001° of longitude at 32.04° N ≈ 94.3 m
    expect(haversineMetres(118.78, 32.04, 118.781, 32.04)).toBeCloseTo(94.3, 0);
  });
});

describe('isValidLonLat', () => {
  it.each([
    [118.78, 32.04, true],
    [-180, -90, true],
    [180.1, 0, false],
    [0, 91, false],
    [Number.NaN, 0, false],
    ['1', 2, false],
  ])('(%s, %s) → %s', (lon, lat, ok) => {
    expect(isValidLonLat(lon, lat)).toBe(ok);
  });
});
