import { Type, type Static } from 'typebox';

/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2), JSON format: field names, the
 * `open`/`closed` status values and the error list `[{code, description}]` follow the spec, so a
 * city's 311/12345 system reads them as it reads any GeoReport server.
 */
const Open311Decimal = Type.String({ pattern: '^-?[0-9]{1,3}(\\.[0-9]+)?$' });
const Open311ApiKey = Type.Optional(Type.String({ minLength: 1, maxLength: 200 }));

export const Open311Error = Type.Array(
  Type.Object({ code: Type.Integer(), description: Type.String() }),
  { description: 'GeoReport v2 error list' },
);
export const open311Errors = {
  400: Open311Error,
  401: Open311Error,
  403: Open311Error,
  404: Open311Error,
};

export const Open311Service = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Type.String(),
  metadata: Type.Boolean(),
  type: Type.Literal('realtime'),
  keywords: Type.String(),
  group: Type.String(),
});

export const Open311ServiceRequest = Type.Object({
  service_request_id: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  status_notes: Type.Union([Type.String(), Type.Null()]),
  service_name: Type.String(),
  service_code: Type.String(),
  description: Type.String(),
  agency_responsible: Type.Union([Type.String(), Type.Null()]),
  service_notice: Type.Union([Type.String(), Type.Null()]),
  requested_datetime: Type.String(),
  updated_datetime: Type.String(),
  expected_datetime: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  address_id: Type.Union([Type.String(), Type.Null()]),
  zipcode: Type.Union([Type.String(), Type.Null()]),
  lat: Type.Union([Type.Number(), Type.Null()]),
  long: Type.Union([Type.Number(), Type.Null()]),
  media_url: Type.Union([Type.String(), Type.Null()]),
});

export const Open311RequestBody = Type.Object(
  {
    api_key: Open311ApiKey,
    service_code: Type.String({ minLength: 1, maxLength: 100 }),
    lat: Type.Optional(Open311Decimal),
    long: Type.Optional(Open311Decimal),
    address_string: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    address_id: Type.Optional(Type.String({ maxLength: 100 })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
    device_id: Type.Optional(Type.String({ maxLength: 100 })),
    account_id: Type.Optional(Type.String({ maxLength: 100 })),
    first_name: Type.Optional(Type.String({ maxLength: 100 })),
    last_name: Type.Optional(Type.String({ maxLength: 100 })),
    phone: Type.Optional(Type.String({ pattern: '^[0-9+ -]{3,30}$' })),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    media_url: Type.Optional(Type.String({ format: 'uri', maxLength: 500 })),
  },
  // `attribute[code]` fields are allowed by the spec; no service here has attributes.
  { additionalProperties: Type.String({ maxLength: 1000 }) },
);

export const Open311ListQuery = Type.Object(
  {
    api_key: Open311ApiKey,
    service_request_id: Type.Optional(Type.String({ maxLength: 4000 })),
    service_code: Type.Optional(Type.String({ maxLength: 100 })),
    start_date: Type.Optional(Type.String({ format: 'date-time' })),
    end_date: Type.Optional(Type.String({ format: 'date-time' })),
    status: Type.Optional(Type.String({ pattern: '^(open|closed)(,(open|closed))?$' })),
  },
  { additionalProperties: false },
);

export const Open311KeyQuery = Type.Object(
  { api_key: Open311ApiKey },
  { additionalProperties: false },
);

export type Open311RequestFields = Static<typeof Open311RequestBody>;
export type Open311ServiceRequestView = Static<typeof Open311ServiceRequest>;

/** GET /open311/v2/services/{code}.json */
export const Open311ServiceParams = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 100 }),
});
export const Open311ServiceDefinition = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(Type.Object({})),
});

/** GET /open311/v2/requests/{id}.json */
export const Open311RequestParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100 }),
});

/** POST /open311/v2/requests.json answers a list of one. */
export const Open311Submitted = Type.Array(
  Type.Object({
    service_request_id: Type.String(),
    service_notice: Type.Union([Type.String(), Type.Null()]),
    account_id: Type.Union([Type.String(), Type.Null()]),
  }),
);
