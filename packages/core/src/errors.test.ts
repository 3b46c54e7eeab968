import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError, DomainErrorCode, ProblemList } from './errors.ts';

describe('DomainError codes', () => {
  const doc = readFileSync(new URL('../ERRORS.md', import.meta.url), 'utf8');

  it.each(Object.values(DomainErrorCode))('%s is documented in ERRORS.md', (code) => {
    expect(doc).toContain(`\`${code}\``);
  });

  it('codes are unique and ERR_-prefixed', () => {
    const codes = Object.values(DomainErrorCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^ERR_[A-Z_]+$/);
  });
});

describe('ProblemList', () => {
  it('throws nothing when empty', () => {
    expect(() => new ProblemList().throwIfAny('thing')).not.toThrow();
  });

  it('reports the first field and keeps every problem', () => {
    const problems = new ProblemList();
    problems.add('a', 'is required');
    problems.add('b', 'must be positive');
    try {
      problems.throwIfAny('thing');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      const e = error as DomainError;
      expect(e.code).toBe('ERR_VALIDATION');
      expect(e.field).toBe('a');
      expect(e.message).toBe('invalid thing: a is required (and 1 more)');
      expect(e.problems).toEqual([
        { field: 'a', message: 'is required' },
        { field: 'b', message: 'must be positive' },
      ]);
    }
  });
});
