import type { CaseRecord } from './link-score.ts';

/** A background case: a real call's place, date and category. */
export interface BackgroundCall {
  id: string;
  lon: number;
  lat: number;
  day: number;
  category: string;
}

export interface InjectedCase extends CaseRecord {
  /** The injected series it belongs to; undefined for the background. */
  series?: string;
}

export interface InjectOptions {
  series?: number;
  /** Each series has between these many cases (default 3–7). */
  minSize?: number;
  maxSize?: number;
  /** Standard deviation of a case's offset from its series' anchor, metres (default 400). */
  scatterM?: number;
  /** Chance that one MO field or narrative slot of a series case is drawn afresh (default 0.2). */
  noise?: number;
}

const ENTRY = ['pry', 'smash', 'unlocked', 'climb', 'key'] as const;
const TARGET = ['home', 'car', 'shop', 'bike'] as const;
const TIME = ['evening', 'midnight', 'dawn', 'day'] as const;
const ENTRY_TEXT: Record<(typeof ENTRY)[number], string[]> = {
  pry: ['撬开后门', '用螺丝刀撬锁', 'pried the rear door'],
  smash: ['砸碎车窗', '打破玻璃进入', 'smashed a side window'],
  unlocked: ['逐一拉车门把手', '从未锁的门进入', 'tried door handles until one opened'],
  climb: ['攀爬阳台进入', '翻墙入院', 'climbed the balcony'],
  key: ['技术开锁', '用配好的钥匙开门', 'used a copied key'],
};
const LOOT = ['现金', '笔记本电脑', '手机', '首饰', '电动车电瓶', 'cash and a laptop', 'tools'];
const SIGN = [
  '现场留有烟头',
  '嫌疑人戴黑色口罩',
  '骑电动车离开',
  '三人结伙作案',
  '监控拍到灰色面包车',
  'left muddy boot prints',
  'suspect wore a red cap',
  '翻动痕迹集中在卧室',
];
const PLACE = ['小区', '停车场', '沿街商铺', '出租屋', 'parking lot', '居民楼'];

/**
 * The evaluation's series generator. The background is real calls (place, date, category) with
 * MO fields drawn uniformly from the same vocabularies and narratives built from the same phrase
 * pools as the series, so neither field alone gives a series away. Each of `series` series picks
 * an anchor at a random background call, a category (burglary or vehicle theft), MO fields and
 * narrative slots (entry phrase, loot, signature, place); its cases fall around the anchor
 * (Gaussian, `scatterM`), on days 1–3 apart, and each field or slot is drawn afresh with
 * probability `noise`. Deterministic for a given `random`.
 */
export function injectSeries(
  background: readonly BackgroundCall[],
  random: () => number,
  options: InjectOptions = {},
): InjectedCase[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const noise = options.noise ?? 0.2;
  const narrative = (slots: Slots) =>
    `${slots.time === 'day' ? '白天' : '夜间'}在${slots.place}，嫌疑人${slots.entryText}，盗走${slots.loot}。${slots.sign}。`;
  const randomSlots = (): Slots => {
    const entry = pick(ENTRY);
    return {
      entry,
      target: pick(TARGET),
      time: pick(TIME),
      entryText: pick(ENTRY_TEXT[entry]),
      loot: pick(LOOT),
      sign: pick(SIGN),
      place: pick(PLACE),
    };
  };
  const toCase = (
    id: string,
    base: Omit<BackgroundCall, 'id'>,
    s: Slots,
    series?: string,
  ): InjectedCase => ({
    id,
    lon: base.lon,
    lat: base.lat,
    day: base.day,
    category: base.category,
    mo: { entry: s.entry, target: s.target, time: s.time },
    text: narrative(s),
    series,
  });
  const out: InjectedCase[] = background.map((b) => toCase(b.id, b, randomSlots()));
  const minSize = options.minSize ?? 3;
  const maxSize = options.maxSize ?? 7;
  const scatter = options.scatterM ?? 400;
  const firstDay = Math.min(...background.map((b) => b.day));
  const lastDay = Math.max(...background.map((b) => b.day));
  for (let k = 0; k < (options.series ?? 25); k++) {
    const anchor = pick(background);
    const slots = randomSlots();
    const category = pick(['BURGLARY', 'MOTOR VEHICLE THEFT']);
    const size = minSize + Math.floor(random() * (maxSize - minSize + 1));
    let day = firstDay + Math.floor(random() * Math.max(1, lastDay - firstDay - 2 * size));
    for (let i = 0; i < size; i++) {
      const s = { ...slots };
      const fresh = randomSlots();
      for (const key of Object.keys(s) as (keyof Slots)[])
        if (random() < noise) Object.assign(s, { [key]: fresh[key] });
      if (!ENTRY_TEXT[s.entry].includes(s.entryText) && random() < 0.5)
        s.entryText = pick(ENTRY_TEXT[s.entry]);
      const [dx, dy] = [gauss(random) * scatter, gauss(random) * scatter];
      const lat = anchor.lat + dy / 111_320;
      const lon = anchor.lon + dx / (111_320 * Math.cos((anchor.lat * Math.PI) / 180));
      out.push(toCase(`S${k + 1}-${i + 1}`, { lon, lat, day, category }, s, `S${k + 1}`));
      day += 1 + Math.floor(random() * 3);
    }
  }
  return out;
}

interface Slots {
  entry: (typeof ENTRY)[number];
  target: (typeof TARGET)[number];
  time: (typeof TIME)[number];
  entryText: string;
  loot: string;
  sign: string;
  place: string;
}

function gauss(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
