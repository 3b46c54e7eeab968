import fc, { type Arbitrary } from 'fast-check';

/** The JSON Schema subset TypeBox writes into the OpenAPI document. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
}

/** Fewer items than a schema allows keep requests quick; bounds are still reached sometimes. */
const MAX_GENERATED_ITEMS = 5;
const MAX_GENERATED_TEXT = 40;

/**
 * Values the schema accepts, biased toward its edges (empty strings where allowed, the minimum and
 * maximum, optional fields left out), so that a valid request reaches the handler's own checks.
 */
export function validValue(schema: JsonSchema, hints: ValueHints): Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => validValue(s, hints)));
  if (schema.allOf) return validValue(Object.assign({}, ...schema.allOf) as JsonSchema, hints);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object':
      return objectValue(schema, hints);
    case 'array': {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 3, MAX_GENERATED_ITEMS));
      return fc.array(validValue(schema.items ?? {}, hints), { minLength, maxLength });
    }
    case 'string':
      return stringValue(schema, hints);
    case 'integer':
    case 'number':
      return numberValue(schema, type === 'integer');
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Ids and coordinates a random string would never hit: real ones make handlers go deep. */
export interface ValueHints {
  ids: readonly string[];
  point: { lon: number; lat: number };
}

function objectValue(schema: JsonSchema, hints: ValueHints): Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const record: Record<string, Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) {
    record[name] = named(name, property, hints) ?? validValue(property, hints);
  }
  return fc.record(record, {
    requiredKeys: Object.keys(properties).filter((name) => required.has(name)),
  });
}

/** Field names that carry a place or a reference get realistic values half of the time. */
function named(
  name: string,
  schema: JsonSchema,
  hints: ValueHints,
): Arbitrary<unknown> | undefined {
  const lower = name.toLowerCase();
  if (lower === 'lon' && isNumber(schema))
    return fc.oneof(fc.constant(hints.point.lon), numberValue(schema, false));
  if (lower === 'lat' && isNumber(schema))
    return fc.oneof(fc.constant(hints.point.lat), numberValue(schema, false));
  if ((lower === 'id' || lower.endsWith('id')) && isString(schema) && hints.ids.length > 0)
    return fc.oneof(fc.constantFrom(...hints.ids), stringValue(schema, hints));
  if (lower.endsWith('ids') && schema.type === 'array' && hints.ids.length > 0)
    return fc.array(fc.constantFrom(...hints.ids), {
      minLength: schema.minItems ?? 0,
      maxLength: Math.min(schema.maxItems ?? 3, MAX_GENERATED_ITEMS),
    });
  return undefined;
}

const isNumber = (s: JsonSchema) => s.type === 'number' || s.type === 'integer';
const isString = (s: JsonSchema) => s.type === 'string';

function stringValue(schema: JsonSchema, hints: ValueHints): Arbitrary<string> {
  if (schema.format === 'date-time') {
    return fc
      .date({
        min: new Date('2020-01-01T00:00:00Z'),
        max: new Date('2030-01-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
  }
  if (schema.pattern) {
    return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => fits(s, schema));
  }
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(
    minLength,
    Math.min(schema.maxLength ?? MAX_GENERATED_TEXT, MAX_GENERATED_TEXT),
  );
  const text = fc.string({ minLength, maxLength, unit: 'grapheme' });
  return hints.ids.length > 0
    ? fc.oneof(
        text,
        fc.constantFrom(...hints.ids).filter((s) => fits(s, schema)),
      )
    : text;
}

function fits(text: string, schema: JsonSchema): boolean {
  return text.length >= (schema.minLength ?? 0) && text.length <= (schema.maxLength ?? Infinity);
}

function numberValue(schema: JsonSchema, integer: boolean): Arbitrary<number> {
  const min =
    schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1e6);
  const max =
    schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1e6);
  if (integer) return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}
