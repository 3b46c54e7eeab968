import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StoreErrorCode } from './errors.ts';

describe('StoreErrorCode', () => {
  const errorsMd = readFileSync(new URL('../ERRORS.md', import.meta.url), 'utf8');

  it.each(Object.values(StoreErrorCode))('%s is documented in ERRORS.md', (code) => {
    expect(errorsMd).toContain(`\`${code}\``);
  });

  it('documents no code that does not exist', () => {
    const documented = [...errorsMd.matchAll(/`(ERR_[A-Z_]+)`/g)].map((m) => m[1]);
    const known = new Set<string>(Object.values(StoreErrorCode));
    expect(documented.filter((code) => !known.has(code))).toEqual([]);
  });
});
