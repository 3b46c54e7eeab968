import fc, { type Arbitrary } from 'fast-check';
import type { JsonSchema } from './schema-arbitrary.ts';

/** Stands for a number that JSON text can carry but JavaScript cannot keep finite. */
export const NON_FINITE = Symbol('non-finite');

/**
 * A value the schema does not accept, of the kinds that broke the server before: the wrong type
 * (strings for numbers, `true` for a priority, `null` for a coordinate), values past a bound,
 * strings past their length, numbers that parse to Infinity, and deep nesting.
 */
export function malformedValue(schema: JsonSchema): Arbitrary<unknown> {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const kinds: Arbitrary<unknown>[] = [
    fc.constantFrom<unknown>(null, true, false, 'Infinity', '1e999', '', 'null', [], {}, -1, 0),
    fc.constant(NON_FINITE),
    deepNesting(),
  ];
  if (type === 'number' || type === 'integer') {
    if (schema.maximum !== undefined) kinds.push(fc.constant(schema.maximum + 1));
    if (schema.minimum !== undefined) kinds.push(fc.constant(schema.minimum - 1));
    kinds.push(fc.constantFrom(1e308, -1e308, 0.5, Number.MAX_SAFE_INTEGER + 2));
  }
  if (type === 'string') {
    const max = schema.maxLength ?? 1000;
    kinds.push(fc.constant('字'.repeat(Math.min(max + 1, 200_000))));
    kinds.push(
      fc.constantFrom('\u0000', '../../etc/passwd', '<script>alert(1)</script>', "' OR 1=1 --"),
    );
  }
  if (type === 'array')
    kinds.push(fc.constant(Array.from({ length: (schema.maxItems ?? 100) + 1 }, () => 1)));
  if (type === 'object') kinds.push(fc.constant({ unexpectedField: 1 }));
  return fc.oneof(...kinds);
}

/** Nesting deeper than JSON.stringify's stack could write: spliced into the text instead. */
class DeepNesting {
  constructor(readonly depth: number) {}
  toJSON(): string {
    return `__DEEP_${this.depth}__`;
  }
}

function deepNesting(): Arbitrary<unknown> {
  return fc.integer({ min: 50, max: 20_000 }).map((depth) => new DeepNesting(depth));
}

/** JSON text in which NON_FINITE becomes `1e999` (JSON.parse reads it as Infinity). */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v === NON_FINITE ? '__NON_FINITE__' : v))
    .replaceAll('"__NON_FINITE__"', '1e999')
    .replace(
      /"__DEEP_(\d+)__"/g,
      (_m, depth: string) => `${'['.repeat(Number(depth))}1${']'.repeat(Number(depth))}`,
    );
}

/** Replaces one property (chosen by the caller) of an object body with a malformed value. */
export function withProperty(body: unknown, name: string, value: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return value;
  return { ...body, [name]: value };
}
