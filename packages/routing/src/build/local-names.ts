import { pinyin } from 'pinyin-pro';
import type { OsmTags } from './osm-entities.ts';

/** A name in each language the console speaks: `zh` for zh-CN, `en` for English. */
export interface LocalNames {
  zh: string;
  en: string;
}

const HAN = /\p{Script=Han}/u;

export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/**
 * Generic endings of Chinese place names and their English, longest first: "德基广场" reads
 * "Deji Plaza" rather than "Dejiguangchang", the way street signs and OSM's own `name:en` do.
 */
const ENDINGS: readonly (readonly [string, string])[] = [
  ['中医院', 'Hospital of Chinese Medicine'],
  ['集贸市场', 'Market'],
  ['菜市场', 'Food Market'],
  ['派出所', 'Police Station'],
  ['幼儿园', 'Kindergarten'],
  ['二期', 'Phase 2'],
  ['支行', 'Branch'],
  ['校区', 'Campus'],
  ['百货', 'Department Store'],
  ['商场', 'Mall'],
  ['商城', 'Mall'],
  ['广场', 'Plaza'],
  ['超市', 'Supermarket'],
  ['银行', 'Bank'],
  ['医院', 'Hospital'],
  ['小学', 'Primary School'],
  ['中学', 'Middle School'],
  ['学校', 'School'],
  ['学院', 'College'],
  ['大学', 'University'],
  ['市场', 'Market'],
  ['公园', 'Park'],
  ['号线', 'Line'],
  ['河', 'River'],
  ['湖', 'Lake'],
  ['大街', 'Street'],
  ['大道', 'Avenue'],
  ['南路', 'Road South'],
  ['北路', 'Road North'],
  ['东路', 'Road East'],
  ['西路', 'Road West'],
  ['路', 'Road'],
  ['街', 'Street'],
  ['巷', 'Lane'],
];

/** Hanyu pinyin of a Chinese run as one capitalised word ("新街口" → "Xinjiekou"). */
function pinyinWord(text: string): string {
  const syllables = pinyin(text, {
    toneType: 'none',
    type: 'array',
    nonZh: 'consecutive',
    v: true,
  });
  const parts: string[] = [];
  let word = '';
  for (const syllable of syllables) {
    if (hasHan(syllable) || /^[a-züv]+$/.test(syllable)) {
      word += syllable;
    } else {
      // A Latin or digit run inside the name ("南京三中" has none, "2号线" has one) stays as it is.
      if (word) parts.push(word);
      word = '';
      const kept = syllable.trim();
      if (kept) parts.push(kept);
    }
  }
  if (word) parts.push(word);
  return parts.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join(' ');
}

/**
 * A Chinese name in Latin letters for the English console: the proper part in pinyin, a generic
 * ending in English ("八一医院" → "Bayi Hospital"). A leading city ("南京市…") is dropped:
 * every place of the city is in it, and "Nanjingshiwulaocun" reads worse than "Wulaocun".
 */
export function transliterate(name: string): string {
  const rest = name.trim().replace(/^\p{Script=Han}{2,3}市(?=\p{Script=Han}{2})/u, '');
  for (const [ending, english] of ENDINGS) {
    if (rest.endsWith(ending) && rest.length > ending.length) {
      return `${pinyinWord(rest.slice(0, -ending.length))} ${english}`;
    }
  }
  return pinyinWord(rest);
}

/**
 * A `name` that holds both languages as separate words ("suguo supermarket 苏果超市"): its
 * Chinese words and its Latin ones. A name that mixes them within a word ("Party时代KTV") is a
 * brand, not two names.
 */
function bilingual(name: string): LocalNames | undefined {
  const words = name.split(/\s+/);
  const zh = words.filter((w) => hasHan(w));
  const en = words.filter((w) => !hasHan(w) && /[A-Za-z]/.test(w));
  // "IN FAB 西餐馆" is a brand and what it is, not two names: a translation has a real word.
  if (zh.length === 0 || !en.some((w) => /[A-Za-z]{4,}/.test(w))) return undefined;
  return { zh: zh.join(' '), en: en.join(' ') };
}

/**
 * The names OSM gives an object in Chinese and in English: Chinese from `name:zh`,
 * `name:zh-Hans` or a `name` written in Han characters; English from `name:en`, a `name` with
 * no Han character, or else the pinyin of the Chinese name. Either is undefined when the tags
 * have no way to it (an object named only in English has no Chinese name).
 */
export function osmLocalNames(tags: OsmTags): { zh?: string; en?: string } {
  const name = tags.name?.trim() || undefined;
  const both = name === undefined ? undefined : bilingual(name);
  // A mis-tagged translation ("name:zh=pharmacie") is no translation.
  const zh = [tags['name:zh'], tags['name:zh-Hans'], both?.zh, name]
    .map((v) => v?.trim())
    .find((v) => v !== undefined && hasHan(v));
  const en =
    [tags['name:en'], both?.en, name].map((v) => v?.trim()).find((v) => v && !hasHan(v)) ||
    (zh !== undefined ? transliterate(zh) : undefined);
  return { ...(zh ? { zh } : {}), ...(en ? { en } : {}) };
}

/** A road's name in both languages: OSM's own, else the name as mapped (a ref such as "G312"). */
export function roadLocalNames(tags: OsmTags, name: string): LocalNames {
  const found = osmLocalNames(tags);
  return { zh: found.zh ?? name, en: found.en ?? name };
}

/**
 * Chinese for a place OSM names only in English, found in the city's own Chinese names by
 * pinyin: "Wulaocun Police Station" is "五老村派出所" where the city has a "南京市五老村小学"
 * (五老村 reads "wulaocun"), the ending translated back by ENDINGS. Nothing is invented: a name
 * whose proper part the city never writes in Chinese gets no translation.
 */
export class ChineseFromPinyin {
  private readonly byPinyin = new Map<string, string>();

  constructor(chineseNames: Iterable<string>) {
    for (const name of chineseNames) {
      for (const run of name.match(/\p{Script=Han}+/gu) ?? []) {
        for (let start = 0; start < run.length; start++) {
          for (let length = 2; length <= 5 && start + length <= run.length; length++) {
            const part = run.slice(start, start + length);
            const key = pinyin(part, { toneType: 'none', type: 'array', v: true }).join('');
            if (!this.byPinyin.has(key)) this.byPinyin.set(key, part);
          }
        }
      }
    }
  }

  /** The Chinese of an English name, or undefined when the city does not tell it. */
  translate(english: string): string | undefined {
    const words = english.trim().split(/\s+/);
    const lower = words.map((w) => w.toLowerCase());
    for (const [zhEnding, enEnding] of ENDINGS_BY_ENGLISH) {
      const ending = enEnding.toLowerCase().split(' ');
      const at = lower.length - ending.length;
      if (at < 1 || ending.some((word, i) => lower[at + i] !== word)) continue;
      const proper = this.byPinyin.get(
        lower
          .slice(0, at)
          .join('')
          .replace(/[^a-z]/g, ''),
      );
      return proper === undefined ? undefined : `${proper}${zhEnding}`;
    }
    return this.byPinyin.get(lower.join('').replace(/[^a-z]/g, ''));
  }
}

/** ENDINGS by English, longest first ("Food Market" before "Market"); one Chinese per English. */
const ENDINGS_BY_ENGLISH: readonly (readonly [string, string])[] = [
  ...new Map(ENDINGS.map(([zh, en]) => [en, zh])).entries(),
]
  .map(([en, zh]) => [zh, en] as const)
  .sort((a, b) => b[1].length - a[1].length);

/**
 * What a kind of place is called when the mapper left it without a name in a language: the
 * console then says "派出所" rather than show "Traffic Police" in the Chinese UI.
 */
const KIND_NAMES: Readonly<Record<string, LocalNames>> = {
  'amenity=police': { zh: '派出所', en: 'Police station' },
  'amenity=bank': { zh: '银行', en: 'Bank' },
  'amenity=hospital': { zh: '医院', en: 'Hospital' },
  'amenity=clinic': { zh: '诊所', en: 'Clinic' },
  'amenity=school': { zh: '学校', en: 'School' },
  'building=school': { zh: '学校', en: 'School' },
  'amenity=kindergarten': { zh: '幼儿园', en: 'Kindergarten' },
  'amenity=marketplace': { zh: '市场', en: 'Market' },
  'shop=mall': { zh: '商场', en: 'Mall' },
  'shop=department_store': { zh: '百货商店', en: 'Department store' },
  'shop=supermarket': { zh: '超市', en: 'Supermarket' },
  'amenity=restaurant': { zh: '餐馆', en: 'Restaurant' },
  'amenity=fast_food': { zh: '快餐店', en: 'Fast food' },
  'amenity=cafe': { zh: '咖啡馆', en: 'Café' },
  'tourism=hotel': { zh: '酒店', en: 'Hotel' },
};

/**
 * A place's name in both languages: OSM's own where it has one, the other language's
 * transliteration for English, and the kind's generic name where nothing else fits (a place
 * named only in English is "派出所" in Chinese, not its English name).
 */
export function placeLocalNames(tags: OsmTags, kind: string, fallback: string): LocalNames {
  const found = osmLocalNames(tags);
  const generic = KIND_NAMES[kind];
  return {
    zh: found.zh ?? generic?.zh ?? fallback,
    en: found.en ?? generic?.en ?? fallback,
  };
}
