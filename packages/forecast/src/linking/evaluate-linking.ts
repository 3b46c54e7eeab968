import type { InjectedCase } from './inject-series.ts';
import { CaseIndex, type SuggestOptions } from './suggest-links.ts';

export interface LinkingEvaluation {
  precision_at_10: number;
  recall: number;
  series: number;
  series_cases: number;
  background_cases: number;
}

/**
 * For every injected case, the linker's top 10 suggestions among all cases.
 * precision_at_10 = mean over injected cases of (same-series cases among the top k) / k, with
 * k = min(10, series size − 1) so a perfect linker scores 1 on series smaller than 11;
 * recall = share of the series' case pairs that appear in either case's top 10.
 */
export function evaluateLinking(
  cases: readonly InjectedCase[],
  options: SuggestOptions = {},
): LinkingEvaluation {
  const index = new CaseIndex(cases);
  const bySeries = new Map<string, InjectedCase[]>();
  for (const c of cases)
    if (c.series !== undefined) bySeries.set(c.series, [...(bySeries.get(c.series) ?? []), c]);
  const found = new Set<string>();
  let precision = 0;
  let queries = 0;
  for (const members of bySeries.values())
    for (const q of members) {
      const k = Math.min(10, members.length - 1);
      if (k === 0) continue;
      const suggestions = index.suggest(q, { ...options, limit: 10 });
      const same = new Set(members.map((m) => m.id));
      precision += suggestions.slice(0, k).filter((s) => same.has(s.id)).length / k;
      queries++;
      for (const s of suggestions) if (same.has(s.id)) found.add([q.id, s.id].sort().join('|'));
    }
  let pairs = 0;
  for (const members of bySeries.values()) pairs += (members.length * (members.length - 1)) / 2;
  const seriesCases = [...bySeries.values()].reduce((n, m) => n + m.length, 0);
  return {
    precision_at_10: queries > 0 ? precision / queries : 0,
    recall: pairs > 0 ? found.size / pairs : 0,
    series: bySeries.size,
    series_cases: seriesCases,
    background_cases: cases.length - seriesCases,
  };
}
