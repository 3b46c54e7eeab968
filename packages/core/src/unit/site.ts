import { checkLonLat, type LonLat } from '../geo/coordinates.ts';
import { ProblemList } from '../errors.ts';
import { checkLocalNames, type LocalNames } from '../shared/local-names.ts';

/** Places where emergency units are stationed (Guangzhou: malls, schools, markets, villages, shops). */
export type SiteKind =
  | 'mall'
  | 'school'
  | 'market'
  | 'hospital'
  | 'bank'
  | 'station'
  | 'village'
  | 'shop'
  | 'office'
  | 'other';

export const SITE_KINDS: readonly SiteKind[] = [
  'mall',
  'school',
  'market',
  'hospital',
  'bank',
  'station',
  'village',
  'shop',
  'office',
  'other',
];

export interface Site {
  id: string;
  /** Shown in recommendation reasons: "community unit at 中央商场". */
  name: string;
  /** The name in each console language (from OSM `name:zh` / `name:en`, or pinyin). */
  localNames?: LocalNames;
  kind: SiteKind;
  orgId: string;
  location: LonLat;
  address?: string;
  /** Units stationed here. */
  unitIds: string[];
}

export function validateSite(site: unknown): Site {
  const problems = new ProblemList();
  if (typeof site !== 'object' || site === null) {
    problems.add('site', 'is required');
    problems.throwIfAny('site');
  }
  const s = site as Record<string, unknown>;
  for (const field of ['id', 'name', 'orgId'] as const) {
    if (typeof s[field] !== 'string' || (s[field] as string).trim() === '') {
      problems.add(field, 'is required');
    }
  }
  checkLocalNames(s.localNames, problems);
  if (!SITE_KINDS.includes(s.kind as SiteKind)) {
    problems.add('kind', `must be one of ${SITE_KINDS.join(', ')}`);
  }
  checkLonLat(s.location, 'location', problems);
  if (!Array.isArray(s.unitIds) || s.unitIds.some((id) => typeof id !== 'string')) {
    problems.add('unitIds', 'must be a list of unit ids');
  }
  problems.throwIfAny('site');
  return site as Site;
}
