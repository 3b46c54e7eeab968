import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/seeded-random.ts';
import { evaluateLinking } from './evaluate-linking.ts';
import { injectSeries, type BackgroundCall } from './inject-series.ts';
import { LINK_WEIGHTS, linkScore, type CaseRecord } from './link-score.ts';
import { CaseIndex } from './suggest-links.ts';
import { charNgrams, textSimilarity } from './text-similarity.ts';

const base: CaseRecord = {
  id: 'a',
  lon: 0,
  lat: 0,
  day: 10,
  category: 'BURGLARY',
  mo: { entry: 'pry', target: 'home', time: 'midnight' },
  text: '夜间撬开后门',
};

describe('text similarity', () => {
  it('works on Chinese without a segmenter: shared bigrams, as counted by hand', () => {
    expect([...charNgrams('撬开后门，撬开').keys()]).toEqual(['撬开', '开后', '后门']);
    // {撬开, 开后, 后门} against {撬开, 开窗}: one shared bigram, cosine = 1 / √(3 × 2).
    expect(textSimilarity('撬开后门', '撬开窗')).toBeCloseTo(1 / Math.sqrt(6), 12);
    expect(textSimilarity('拉车门把手', '拉车门把手!')).toBeCloseTo(1, 12);
    expect(textSimilarity('拉车门把手', 'smashed window')).toBe(0);
  });
});

describe('linkScore', () => {
  it('adds the weighted parts, as worked by hand', () => {
    // 1,000 m north, 14 days later, same category, 2 of 3 MO fields, identical text.
    const b: CaseRecord = {
      ...base,
      id: 'b',
      lat: 1000 / 6_371_000 / (Math.PI / 180),
      day: 24,
      mo: { entry: 'pry', target: 'home', time: 'dawn' },
    };
    const s = linkScore(base, b);
    expect(s.parts.space).toBeCloseTo(Math.exp(-1), 9);
    expect(s.parts.time).toBeCloseTo(Math.exp(-1), 12);
    expect(s.parts).toMatchObject({ category: 1, text: 1 });
    expect(s.parts.mo).toBeCloseTo(2 / 3, 12);
    const w = LINK_WEIGHTS;
    expect(s.score).toBeCloseTo(
      w.space * Math.exp(-1) + w.time * Math.exp(-1) + w.category + w.mo * (2 / 3) + w.text,
      9,
    );
  });

  it('ignores MO fields unknown on either side', () => {
    const s = linkScore(base, { ...base, id: 'c', mo: { entry: 'pry', target: undefined } });
    expect(s.parts.mo).toBe(1);
    expect(linkScore(base, { ...base, id: 'd', mo: {} }).parts.mo).toBe(0);
  });
});

describe('CaseIndex.suggest', () => {
  it('ranks the similar case first and leaves out the far, the old and itself', () => {
    const cases: CaseRecord[] = [
      base,
      { ...base, id: 'twin', lon: 0.001, day: 12 },
      { ...base, id: 'other', lon: 0.002, mo: { entry: 'smash' }, text: '白天砸碎车窗' },
      { ...base, id: 'far', lon: 0.2 },
      { ...base, id: 'old', day: 100 },
    ];
    const ids = new CaseIndex(cases).suggest(base).map((s) => s.id);
    expect(ids).toEqual(['twin', 'other']);
  });
});

describe('injectSeries and evaluateLinking', () => {
  const background: BackgroundCall[] = Array.from({ length: 300 }, (_, i) => ({
    id: `C${i}`,
    lon: -122.7 + (i % 20) * 0.005,
    lat: 45.5 + Math.floor(i / 20) * 0.004,
    day: 17_000 + (i % 30),
    category: i % 3 === 0 ? 'BURGLARY' : 'OTHER',
  }));

  it('injects the requested series deterministically beside the untouched background', () => {
    const a = injectSeries(background, seededRandom(5), { series: 6 });
    const b = injectSeries(background, seededRandom(5), { series: 6 });
    expect(a).toEqual(b);
    const series = new Set(a.filter((c) => c.series).map((c) => c.series));
    expect(series.size).toBe(6);
    const sizes = [...series].map((s) => a.filter((c) => c.series === s).length);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(7);
    expect(a.slice(0, 300).map((c) => [c.id, c.lon, c.day])).toEqual(
      background.map((c) => [c.id, c.lon, c.day]),
    );
  });

  it('scores a noiseless series perfectly and noise lowers it', () => {
    const clean = evaluateLinking(
      injectSeries(background, seededRandom(9), { series: 5, noise: 0, scatterM: 50 }),
    );
    expect(clean.precision_at_10).toBe(1);
    expect(clean.recall).toBe(1);
    const noisy = evaluateLinking(
      injectSeries(background, seededRandom(9), { series: 5, noise: 0.9, scatterM: 3000 }),
    );
    expect(noisy.precision_at_10).toBeLessThan(1);
  });
});
