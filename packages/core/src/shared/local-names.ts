import type { ProblemList } from '../errors.ts';

/**
 * A name in each language the console speaks, beside the `name` in the city's own language:
 * a unit, site or org seeded from OSM ("德基广场" / "Deji Plaza") is shown in the reader's.
 */
export interface LocalNames {
  zh: string;
  en: string;
}

/** The name to show in a language: its own there, else the name as registered. */
export function nameIn(
  named: { name: string; localNames?: LocalNames },
  language: 'zh' | 'en',
): string {
  return named.localNames?.[language] ?? named.name;
}

/** The same thing without its translations (after a rename, they name something else). */
export function withoutLocalNames<T extends { localNames?: LocalNames }>(
  named: T,
): Omit<T, 'localNames'> {
  const { localNames: _translations, ...rest } = named;
  return rest;
}

/** Adds a problem unless `value` is absent or a {zh, en} pair of non-empty strings. */
export function checkLocalNames(value: unknown, problems: ProblemList, field = 'localNames'): void {
  if (value === undefined) return;
  const names = value as Partial<Record<string, unknown>> | null;
  const ok =
    typeof names === 'object' &&
    names !== null &&
    typeof names.zh === 'string' &&
    names.zh.trim() !== '' &&
    typeof names.en === 'string' &&
    names.en.trim() !== '';
  if (!ok) problems.add(field, 'must be {zh, en}, both non-empty');
}
