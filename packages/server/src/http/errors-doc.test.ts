import { DomainError, DomainErrorCode } from '@jiefang/core';
import { RoutingError, RoutingErrorCode } from '@jiefang/routing';
import { StoreError, StoreErrorCode } from '@jiefang/store';
import { describe, expect, it } from 'vitest';
import { documentedErrorStatuses as documentedStatuses } from './documented-errors.ts';
import { toHttpError } from './http-errors.ts';
import { ServerErrorCode } from './server-error.ts';

/**
 * The statuses come from the server's own mapping (toHttpError), not from a copy of it: a code
 * mapped to another status, or newly mapped, fails here until ERRORS.md says so.
 */
const mapped = [
  ...Object.values(DomainErrorCode).map((code) => toHttpError(new DomainError(code, 'x'))),
  ...Object.values(RoutingErrorCode).map((code) => toHttpError(new RoutingError(code, 'x'))),
  ...Object.values(StoreErrorCode).map((code) => toHttpError(new StoreError(code, 'x'))),
]
  .filter(({ status }) => status !== 500)
  .map(({ status, body }) => [body.error.code, status] as const);

describe('ERRORS.md', () => {
  const documented = documentedStatuses();

  it.each(Object.values(ServerErrorCode))('documents the server code %s', (code) => {
    expect(documented.has(code), `${code} is missing from packages/server/ERRORS.md`).toBe(true);
  });

  it.each(mapped)('documents %s with HTTP %s', (code, status) => {
    expect(documented.get(code), `${code} is missing from packages/server/ERRORS.md`).toBeDefined();
    expect([...documented.get(code)!]).toContain(status);
  });

  it('covers every core code (core errors always reach the client)', () => {
    const coreCodes = Object.values(DomainErrorCode);
    expect(mapped.map(([code]) => code)).toEqual(expect.arrayContaining(coreCodes));
  });

  it('documents no code the server cannot answer with', () => {
    const known = new Set<string>([
      ...Object.values(ServerErrorCode),
      ...mapped.map(([code]) => code),
    ]);
    expect([...documented.keys()].filter((code) => !known.has(code))).toEqual([]);
  });
});
