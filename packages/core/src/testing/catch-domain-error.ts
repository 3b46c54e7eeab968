import { DomainError } from '../errors.ts';

/** Runs `fn` and returns the DomainError it throws, so tests can assert code, field and message. */
export function catchDomainError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, but nothing was thrown');
}
