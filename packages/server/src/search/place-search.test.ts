import { beforeAll, describe, expect, it } from 'vitest';
import { demoCityGraph } from '../test-support/test-server.ts';
import { normaliseName, PlaceSearch } from './place-search.ts';

describe('normaliseName', () => {
  it('folds case and full-width forms and drops spaces and punctuation', () => {
    expect(normaliseName('新街口＃１')).toBe('新街口1');
    expect(normaliseName(' Xinjiekou Entrance 1 ')).toBe('xinjiekouentrance1');
    expect(normaliseName('ＭｃＤｏｎａｌｄ’ｓ')).toBe('mcdonalds');
    expect(normaliseName('中山　南路')).toBe('中山南路');
    expect(normaliseName(' ,.、。 ')).toBe('');
  });
});

describe('PlaceSearch on the Nanjing demo city', () => {
  let search: PlaceSearch;
  beforeAll(async () => {
    search = new PlaceSearch(await demoCityGraph());
  });

  it('finds a POI by a Chinese substring, exact and prefix matches first', () => {
    const hits = search.search('中央');
    expect(hits.map((h) => h.name)).toContain('中央商场');
    expect(hits.every((h) => normaliseName(h.matchedName).includes('中央'))).toBe(true);
    expect(search.search('中央商场')[0]).toMatchObject({ name: '中央商场', type: 'poi' });
  });

  it('finds streets, placed on their own geometry', () => {
    const hits = search.search('中山南路');
    expect(hits[0]).toMatchObject({ type: 'street', name: '中山南路', kind: 'street' });
    expect(hits[0].lon).toBeGreaterThan(118.7);
    expect(hits[0].lat).toBeGreaterThan(31.9);
  });

  it('finds 新街口 POIs and streets, POIs before streets on equal matches', () => {
    const hits = search.search('新街口', { limit: 50 });
    expect(hits.some((h) => h.type === 'poi')).toBe(true);
    expect(hits.some((h) => h.type === 'street' && h.name === '新街口转盘')).toBe(true);
    const prefixPois = hits.filter((h) => h.type === 'poi' && h.name.startsWith('新街口'));
    const prefixStreet = hits.findIndex((h) => h.type === 'street');
    expect(hits.indexOf(prefixPois[prefixPois.length - 1])).toBeLessThan(prefixStreet);
  });

  it('matches Latin-script names (name:en) whatever the case and spacing', () => {
    const walmart = search.search('WALMART');
    expect(walmart[0]).toMatchObject({ name: '沃尔玛', matchedName: 'Walmart' });
    const entrance = search.search('xinjiekou entrance 1');
    expect(entrance[0].name).toBe('新街口#1');
    expect(entrance[0].matchedName).toBe('Xinjiekou Entrance 1');
  });

  it('names every hit in both console languages, and finds a place by its pinyin', () => {
    const deji = search.search('德基广场')[0];
    expect(deji.localNames).toEqual({ zh: '德基广场', en: 'Deji Plaza' });
    const bayi = search.search('bayi hospital');
    expect(bayi[0]).toMatchObject({ name: '八一医院', matchedName: 'Bayi Hospital' });
    const street = search.search('中山南路')[0];
    expect(street.localNames.zh).toBe('中山南路');
    expect(street.localNames.en).toMatch(/Zhongshan/);
  });

  it('ranks shorter names first, and nearer ones first when near is given', () => {
    const hits = search.search('新街口#', { limit: 50 });
    for (let i = 1; i < hits.length; i++) {
      if (hits[i].type === hits[i - 1].type && normaliseName(hits[i].name).startsWith('新街口')) {
        expect(hits[i].name.length).toBeGreaterThanOrEqual(hits[i - 1].name.length);
      }
    }
    const far = search.search('新街口#2', { limit: 50 }).at(-1)!;
    const near = search.search('新街口#2', { near: far, limit: 50 });
    expect(near.find((h) => h.name === far.name)?.distanceM).toBe(0);
    const distances = near.filter((h) => h.name !== '新街口#2').map((h) => h.distanceM!);
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
  });

  it('respects the limit and finds nothing for an empty or unknown name', () => {
    expect(search.search('新', { limit: 3 })).toHaveLength(3);
    expect(search.search('   ')).toEqual([]);
    expect(search.search('不存在的地方xyz')).toEqual([]);
  });
});
