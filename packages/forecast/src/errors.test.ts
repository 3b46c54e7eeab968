import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ForecastErrorCode } from './errors.ts';

describe('ForecastErrorCode', () => {
  it('is documented one for one in ERRORS.md', () => {
    const doc = readFileSync(new URL('../ERRORS.md', import.meta.url), 'utf8');
    const documented = [...doc.matchAll(/`(ERR_[A-Z_]+)`/g)].map((m) => m[1]);
    expect(new Set(documented)).toEqual(new Set(Object.values(ForecastErrorCode)));
  });
});
