import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/seeded-random.ts';
import type { SpaceTimeEvent } from '../models/forecast-input.ts';
import { selectByValidation, validationFolds } from './select-by-validation.ts';

const day = (t: number) => ({ x: 0, y: 0, t });

describe('validationFolds', () => {
  it('steps back half a window from the training end, keeping half a window of history', () => {
    const history = [day(0.5), day(20.5)];
    expect(validationFolds(history, 21, 7)).toEqual([
      { from: 14, horizon: 7 },
      { from: 10, horizon: 7 },
      { from: 6, horizon: 7 },
    ]);
    expect(validationFolds([day(0.5), day(13.5)], 14, 7)).toEqual([
      { from: 7, horizon: 7 },
      { from: 3, horizon: 7 },
    ]);
    // A month on three weeks: windows of half the history.
    expect(validationFolds(history, 21, 30)[0]).toEqual({ from: 11, horizon: 10 });
    expect(validationFolds([day(0.5)], 1, 7)).toEqual([]);
  });
});

describe('selectByValidation', () => {
  it('does not choose KDE, which weighs all history alike, when the hotspot moves', () => {
    const random = seededRandom(3);
    // 28 days; background calls spread over a 20,000 ft square, and a hotspot of 6 calls a day
    // that sits at A for the first 14 days and at B afterwards.
    const events: SpaceTimeEvent[] = [];
    const moving: SpaceTimeEvent[] = [];
    for (let d = 0; d < 28; d++) {
      for (let i = 0; i < 30; i++)
        events.push({ x: random() * 20_000, y: random() * 20_000, t: d + 0.5 });
      const [hx, hy] = d < 14 ? [3000, 3000] : [15_000, 12_000];
      for (let i = 0; i < 6; i++)
        moving.push({ x: hx + random() * 200, y: hy + random() * 200, t: d + 0.5 });
    }
    const space = {
      cellSizes: [250, 600],
      rotationsDeg: [0],
      promap: [{ bandwidthFt: 0, weeks: 1 }],
    };
    const chosen = selectByValidation([...events, ...moving], 28, 7, 0.02, space);
    // KDE weighs all history alike, so after the move it keeps flagging A.
    expect(chosen.perMethod.kde.hitRate).toBeLessThan(chosen.perMethod.naive.hitRate);
    expect(chosen.chosen).not.toBe('kde');
    expect(chosen.folds.length).toBeGreaterThan(1);
  });
});
