import { charNgrams, cosine } from './text-similarity.ts';

/** A case as the linker sees it. */
export interface CaseRecord {
  id: string;
  lon: number;
  lat: number;
  /** Days (any fixed epoch; fractions are times of day). */
  day: number;
  category: string;
  /** Modus operandi fields (entry method, target, time of night, …); absent = unknown. */
  mo: Record<string, string | undefined>;
  /** Narrative, any language. */
  text: string;
}

export interface LinkScore {
  score: number;
  parts: { space: number; time: number; category: number; mo: number; text: number };
}

export interface LinkOptions {
  /** Distance at which the space part falls to 1/e, metres (default 1,000). */
  spaceScaleM?: number;
  /** Gap at which the time part falls to 1/e, days (default 14). */
  timeScaleDays?: number;
}

/**
 * Fixed a priori (not fitted to any evaluation): MO and narrative say most about a series,
 * place and time next, category least (series of one crime type are common, but so is the type).
 */
export const LINK_WEIGHTS = { space: 0.2, time: 0.15, category: 0.1, mo: 0.3, text: 0.25 };

const metres = (a: CaseRecord, b: CaseRecord) => {
  const k = Math.PI / 180;
  const x = (b.lon - a.lon) * k * Math.cos(((a.lat + b.lat) / 2) * k);
  return Math.hypot(x, (b.lat - a.lat) * k) * 6_371_000;
};

/** Text n-grams cached per case: scoring one case against thousands reuses them. */
const grams = new WeakMap<CaseRecord, Map<string, number>>();
function gramsOf(c: CaseRecord): Map<string, number> {
  let g = grams.get(c);
  if (g === undefined) grams.set(c, (g = charNgrams(c.text)));
  return g;
}

/** How likely two cases are the same series: a weighted sum of five parts, each 0–1. */
export function linkScore(a: CaseRecord, b: CaseRecord, options: LinkOptions = {}): LinkScore {
  const space = Math.exp(-metres(a, b) / (options.spaceScaleM ?? 1000));
  const time = Math.exp(-Math.abs(a.day - b.day) / (options.timeScaleDays ?? 14));
  const category = a.category === b.category ? 1 : 0;
  let known = 0;
  let same = 0;
  for (const [field, value] of Object.entries(a.mo)) {
    const other = b.mo[field];
    if (value === undefined || other === undefined) continue;
    known++;
    if (value === other) same++;
  }
  const mo = known > 0 ? same / known : 0;
  const text = cosine(gramsOf(a), gramsOf(b));
  const parts = { space, time, category, mo, text };
  const w = LINK_WEIGHTS;
  const score = w.space * space + w.time * time + w.category * category + w.mo * mo + w.text * text;
  return { score, parts };
}
