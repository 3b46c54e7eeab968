import { Type } from 'typebox';

/**
 * A union of literal values, so a core constant list becomes a schema whose static type is the
 * core type (TypeBox cannot infer a union from a non-tuple array, so the type is stated once here).
 */
export const literals = <T extends string | number>(
  values: readonly T[],
  options: { description?: string } = {},
) =>
  Type.Unsafe<T>(
    Type.Union(
      values.map((v) => Type.Literal(v)),
      options,
    ),
  );

/** A name in each console language (core's LocalNames), beside the `name` as registered. */
export const LocalNamesSchema = Type.Object(
  {
    zh: Type.String({ minLength: 1, maxLength: 200 }),
    en: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

/** Shared request/response schemas; routes build on these so the OpenAPI document stays uniform. */
export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'stable error code, see ERRORS.md' }),
      message: Type.String(),
      field: Type.Optional(Type.String({ description: 'the failing input' })),
      problems: Type.Optional(
        Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
      ),
    }),
  },
  { $id: 'ErrorResponse', description: 'every 4xx and 5xx answer' },
);

/** The error answers every authenticated route can give. */
export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
};

export const Id = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' });
export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

export const Longitude = Type.Number({ minimum: -180, maximum: 180 });
export const Latitude = Type.Number({ minimum: -90, maximum: 90 });
export const LonLat = Type.Object(
  { lon: Longitude, lat: Latitude },
  { additionalProperties: false },
);

/** Create commands accept an Idempotency-Key header: a retried request creates nothing twice. */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 200 })),
});

/** Updates may carry If-Match with the version the client read (optimistic concurrency). */
export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ pattern: '^"?[0-9]+"?$' })),
});

/**
 * Steps a device may queue while offline and send again (a responder's dispatch and status
 * steps): If-Match and an Idempotency-Key, so a resent step is answered, never applied twice.
 */
export const StepHeaders = Type.Object({
  ...IfMatchHeaders.properties,
  ...IdempotencyHeaders.properties,
});

/** An export answered as CSV text (the route sets text/csv and a file name). */
export const CsvFile = Type.Unsafe<string>({ type: 'string', description: 'text/csv' });

/** An export answered as an XLSX workbook. */
export const XlsxFile = Type.Unsafe<Buffer>({
  type: 'string',
  format: 'binary',
  description: 'XLSX',
});
