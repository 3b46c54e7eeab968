import { linkScore, type CaseRecord, type LinkOptions, type LinkScore } from './link-score.ts';

export interface LinkSuggestion extends LinkScore {
  id: string;
}

export interface SuggestOptions extends LinkOptions {
  /** Only cases within this distance (default 3 km) … */
  maxMetres?: number;
  /** … and this many days (default 30) are candidates. */
  maxDays?: number;
  /** Suggestions returned (default 10). */
  limit?: number;
  /** Suggestions below this score are not made (default 0). */
  minScore?: number;
}

/** Buckets cases by ~1 km squares so candidates come from the neighbouring squares only. */
export class CaseIndex {
  private readonly buckets = new Map<string, CaseRecord[]>();
  private static readonly DEG = 0.01;

  constructor(readonly cases: readonly CaseRecord[]) {
    for (const c of cases) {
      const key = CaseIndex.key(c.lon, c.lat);
      const list = this.buckets.get(key);
      if (list) list.push(c);
      else this.buckets.set(key, [c]);
    }
  }

  private static key(lon: number, lat: number): string {
    return `${Math.floor(lon / CaseIndex.DEG)}:${Math.floor(lat / CaseIndex.DEG)}`;
  }

  /**
   * Candidate links for `target` by space–time proximity, scored and ranked best first (ties by
   * id), the target itself left out.
   */
  suggest(target: CaseRecord, options: SuggestOptions = {}): LinkSuggestion[] {
    const maxMetres = options.maxMetres ?? 3000;
    const maxDays = options.maxDays ?? 30;
    const reach = Math.ceil(maxMetres / 700);
    const bx = Math.floor(target.lon / CaseIndex.DEG);
    const by = Math.floor(target.lat / CaseIndex.DEG);
    const out: LinkSuggestion[] = [];
    for (let dx = -reach; dx <= reach; dx++)
      for (let dy = -reach; dy <= reach; dy++)
        for (const c of this.buckets.get(`${bx + dx}:${by + dy}`) ?? []) {
          if (c.id === target.id || Math.abs(c.day - target.day) > maxDays) continue;
          const s = linkScore(target, c, options);
          if (-Math.log(s.parts.space) * (options.spaceScaleM ?? 1000) > maxMetres) continue;
          if (s.score < (options.minScore ?? 0)) continue;
          out.push({ id: c.id, ...s });
        }
    out.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    return out.slice(0, options.limit ?? 10);
  }
}
