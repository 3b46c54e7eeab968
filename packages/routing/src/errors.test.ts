import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RoutingErrorCode } from './errors.ts';

describe('RoutingErrorCode', () => {
  it('documents every code in ERRORS.md', () => {
    const doc = readFileSync(new URL('../ERRORS.md', import.meta.url), 'utf8');
    for (const code of Object.values(RoutingErrorCode)) expect(doc).toContain(`\`${code}\``);
  });

  it('lists no code in ERRORS.md that the engine does not have', () => {
    const doc = readFileSync(new URL('../ERRORS.md', import.meta.url), 'utf8');
    const documented = [...doc.matchAll(/`(ERR_[A-Z_]+)`/g)].map((m) => m[1]);
    expect(new Set(documented)).toEqual(new Set(Object.values(RoutingErrorCode)));
  });
});
