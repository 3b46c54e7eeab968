import { describe, expect, it } from 'vitest';
import { ChineseFromPinyin, osmLocalNames, placeLocalNames, transliterate } from './local-names.ts';

describe('names in the console languages', () => {
  it('takes Chinese from name:zh or a Han name, English from name:en or a Latin name', () => {
    expect(osmLocalNames({ name: '德基广场', 'name:en': 'Deji Plaza' })).toEqual({
      zh: '德基广场',
      en: 'Deji Plaza',
    });
    expect(
      osmLocalNames({ name: 'Changjiang Road Primary School', 'name:zh': '长江路小学' }),
    ).toEqual({ zh: '长江路小学', en: 'Changjiang Road Primary School' });
    // Both languages in one name tag, as separate words; a brand mixing them stays whole.
    expect(osmLocalNames({ name: 'suguo supermarket 苏果超市' })).toEqual({
      zh: '苏果超市',
      en: 'suguo supermarket',
    });
    expect(osmLocalNames({ name: 'Party时代KTV' }).zh).toBe('Party时代KTV');
    expect(osmLocalNames({ name: 'IN FAB 西餐馆' }).zh).toBe('IN FAB 西餐馆');
    // Named only in English: no Chinese name to show.
    expect(osmLocalNames({ name: 'Wulaocun Police Station' })).toEqual({
      en: 'Wulaocun Police Station',
    });
  });

  it('spells a Chinese-only name in pinyin with its generic ending in English', () => {
    expect(transliterate('金轮天地')).toBe('Jinluntiandi');
    expect(transliterate('八一医院')).toBe('Bayi Hospital');
    expect(transliterate('南京市五老村小学')).toBe('Wulaocun Primary School');
    expect(transliterate('香铺营集贸市场')).toBe('Xiangpuying Market');
    expect(osmLocalNames({ name: '新街口' })).toEqual({ zh: '新街口', en: 'Xinjiekou' });
  });

  it('falls back to the kind for the language OSM has no name in', () => {
    expect(placeLocalNames({ name: 'Wulaocun Police Station' }, 'amenity=police', 'x')).toEqual({
      zh: '派出所',
      en: 'Wulaocun Police Station',
    });
    expect(placeLocalNames({ 'name:en': 'walking street' }, 'amenity=restaurant', 'x')).toEqual({
      zh: '餐馆',
      en: 'walking street',
    });
    expect(placeLocalNames({}, 'leisure=park', 'police')).toEqual({ zh: 'police', en: 'police' });
  });

  it('finds the Chinese of an English-only name among the city’s own Chinese names', () => {
    const city = new ChineseFromPinyin(['南京市五老村小学', '新街口', '中山路']);
    expect(city.translate('Wulaocun Police Station')).toBe('五老村派出所');
    expect(city.translate('Xinjiekou')).toBe('新街口');
    // Nothing invented where the city never writes the name in Chinese.
    expect(city.translate('Traffic Police')).toBeUndefined();
    expect(city.translate('Sanqiao Market')).toBeUndefined();
  });
});
