/**
 * Every failure core reports on purpose is a DomainError with a stable code. Callers (server,
 * CLI, web) branch on `code` and show `field` next to the input that failed, never parse the
 * message. Each code is documented in packages/core/ERRORS.md; a test keeps that list complete.
 */
export const DomainErrorCode = {
  /** A command or definition has a missing, malformed or out-of-range field. */
  VALIDATION: 'ERR_VALIDATION',
  /** A state machine was asked for a move it does not allow (e.g. clearing an unaccepted dispatch). */
  ILLEGAL_TRANSITION: 'ERR_ILLEGAL_TRANSITION',
  /** A referenced thing (org, unit, plan, category, aggregate) does not exist. */
  NOT_FOUND: 'ERR_NOT_FOUND',
  /** A create command names an aggregate that already exists. */
  ALREADY_EXISTS: 'ERR_ALREADY_EXISTS',
  /** The user's roles do not grant the action at all. */
  FORBIDDEN: 'ERR_FORBIDDEN',
  /** The roles grant the action, but the target lies outside the user's org subtree or unit. */
  OUT_OF_SCOPE: 'ERR_OUT_OF_SCOPE',
  /** The aggregate changed since the caller read it (optimistic concurrency, raised by stores). */
  VERSION_CONFLICT: 'ERR_VERSION_CONFLICT',
  /** A position report is too old (or from the future) to say where a unit is now. */
  STALE_POSITION: 'ERR_STALE_POSITION',
  /** An incident cannot be closed while units are still on scene (clear them first). */
  UNITS_ON_SCENE: 'ERR_UNITS_ON_SCENE',
} as const;

export type DomainErrorCode = (typeof DomainErrorCode)[keyof typeof DomainErrorCode];

/** One failing input, when a validation finds several at once. */
export interface FieldProblem {
  field: string;
  message: string;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** The input field the error is about (dotted path, e.g. 'location.lon'), when there is one. */
    readonly field?: string,
    /** All failing fields of a validation, so a form can mark every one in a single round trip. */
    readonly problems?: readonly FieldProblem[],
  ) {
    super(message);
  }
}

/**
 * Collects field problems so validators report every bad field, then throws one ERR_VALIDATION
 * whose `field` is the first problem (the one a single-field UI should focus).
 */
export class ProblemList {
  private readonly items: FieldProblem[] = [];

  add(field: string, message: string): void {
    this.items.push({ field, message });
  }

  get size(): number {
    return this.items.length;
  }

  throwIfAny(subject: string): void {
    if (this.items.length === 0) return;
    const first = this.items[0];
    const more = this.items.length > 1 ? ` (and ${this.items.length - 1} more)` : '';
    throw new DomainError(
      DomainErrorCode.VALIDATION,
      `invalid ${subject}: ${first.field} ${first.message}${more}`,
      first.field,
      [...this.items],
    );
  }
}

export function validationError(field: string, message: string): DomainError {
  return new DomainError(DomainErrorCode.VALIDATION, `${field} ${message}`, field, [
    { field, message },
  ]);
}

export function illegalTransition(subject: string, from: string, to: string): DomainError {
  return new DomainError(
    DomainErrorCode.ILLEGAL_TRANSITION,
    `${subject} cannot go from ${from} to ${to}`,
    'status',
  );
}

export function notFound(what: string, id: string, field?: string): DomainError {
  return new DomainError(DomainErrorCode.NOT_FOUND, `${what} ${id} does not exist`, field);
}

/** For a command sent to an aggregate that was never created (the server looked it up and found nothing). */
export function noSuchAggregate(what: string, command: string, field: string): DomainError {
  return new DomainError(
    DomainErrorCode.NOT_FOUND,
    `cannot ${command}: the ${what} does not exist`,
    field,
  );
}

export function alreadyExists(what: string, id: string): DomainError {
  return new DomainError(DomainErrorCode.ALREADY_EXISTS, `${what} ${id} already exists`, 'id');
}
