import { AjvCompiler } from '@fastify/ajv-compiler';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';
import type { FastifySchemaValidationError } from 'fastify/types/schema.js';

/**
 * Request validation with two rules Fastify's default leaves out:
 *
 * - **Bodies are not coerced.** JSON already carries types; coercion turned `true` into priority 1,
 *   `null` into longitude 0 and `"Infinity"` into Infinity. Query strings and path parameters
 *   arrive as text, so they are still coerced to the schema's number and boolean types.
 * - **Numbers must be finite.** A schema without bounds lets Infinity through, a coerced query
 *   `"1e999"` is Infinity and so is `JSON.parse('1e999')`: one such value in a unit's fix once
 *   broke the unit list for every dispatcher.
 *
 * Errors come back in Ajv's own shape, so the error mapping names the field as for any other
 * schema failure.
 */
export function jiefangValidatorCompiler(): FastifySchemaCompiler<FastifySchema> {
  const factory = AjvCompiler();
  const shared = { removeAdditional: false, allErrors: true, useDefaults: true } as const;
  const strict = factory({}, { customOptions: { ...shared, coerceTypes: false } });
  const coercing = factory({}, { customOptions: { ...shared, coerceTypes: 'array' } });
  return (routeSchema) => {
    const compile = routeSchema.httpPart === 'body' ? strict : coercing;
    const validate: ValidateFunction = compile(routeSchema);
    const checked: ValidateFunction = (data: unknown): boolean => {
      if (!validate(data)) {
        checked.errors = validate.errors;
        return false;
      }
      const path = nonFinitePath(data, '');
      if (path === undefined) {
        checked.errors = null;
        return true;
      }
      checked.errors = [
        {
          instancePath: path,
          schemaPath: '#/finite',
          keyword: 'finite',
          params: {},
          message: 'must be a finite number',
        },
      ];
      return false;
    };
    return checked;
  };
}

interface ValidateFunction {
  (data: unknown): boolean;
  errors?: FastifySchemaValidationError[] | null;
}

/** The JSON pointer of the first non-finite number inside `value`, or undefined. */
export function nonFinitePath(value: unknown, path: string): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nonFinitePath(value[i], `${path}/${i}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    const found = nonFinitePath((value as Record<string, unknown>)[key], `${path}/${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}
