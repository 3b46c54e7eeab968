import { describe, expect, it } from 'vitest';
import { tilesAround } from './tiles-around.ts';

describe('tilesAround', () => {
  it('finds the tile a point is in and grows with the area and zoom', () => {
    // Xinjiekou, Nanjing: x = 298.7784/360·2^14 = 13597.7; y = (1 − asinh(tan φ)/π)/2·2^14 = 6651.2.
    const centre = { lon: 118.7784, lat: 32.0418 };
    expect(tilesAround(centre, 1, [14])).toEqual([{ z: 14, x: 13597, y: 6651 }]);
    const z14 = tilesAround(centre, 2000, [14]);
    expect(z14.length).toBeGreaterThan(4);
    expect(tilesAround(centre, 2000, [15]).length).toBeGreaterThan(z14.length);
    for (const tile of z14) {
      expect(Math.abs(tile.x - 13597)).toBeLessThanOrEqual(2);
      expect(Math.abs(tile.y - 6651)).toBeLessThanOrEqual(2);
    }
  });
});
