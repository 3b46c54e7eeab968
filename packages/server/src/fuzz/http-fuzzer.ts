import fc, { type Arbitrary } from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { documentedErrorStatuses, errorBodyProblem } from '../http/documented-errors.ts';
import { malformedValue, toJsonText, withProperty } from './malformed-value.ts';
import { validValue, type JsonSchema, type ValueHints } from './schema-arbitrary.ts';

/** One operation of the OpenAPI document. */
interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  query?: JsonSchema;
  body?: JsonSchema;
  /** The operation declares the Idempotency-Key header. */
  idempotent: boolean;
}

export interface FuzzTarget {
  app: FastifyInstance;
  /** Session cookie of a user, logging in again when asked (a fuzzed logout ends a session). */
  cookie(username: string, fresh?: boolean): Promise<string | undefined>;
  usernames: readonly string[];
  hints: ValueHints;
}

export interface Finding {
  request: string;
  status: number;
  problem: string;
  body: string;
}

export interface FuzzReport {
  requests: number;
  by_status: Record<string, number>;
  status_5xx: number;
  undocumented_error_bodies: number;
  /** Idempotency-Key broken: a resent request answered otherwise, a reused key not refused. */
  idempotency_violations: number;
  /** Keys reused with another body after a first request that succeeded. */
  idempotency_probes: number;
  findings: Finding[];
}

/** What each generated request varies, besides valid bodies and queries. */
const VARIANTS = [
  'valid',
  'valid',
  'valid',
  'malformed_field',
  'malformed_field',
  'missing_field',
  'malformed_query',
  'bad_id',
  'bad_if_match',
  'wrong_content_type',
  'broken_json',
  'huge_body',
  'anonymous',
  'garbage_token',
  'reused_idempotency_key',
] as const;
type Variant = (typeof VARIANTS)[number];

const BAD_IDS = [
  '',
  ' ',
  '..',
  '%2e%2e%2f',
  'x'.repeat(101),
  'x'.repeat(5000),
  '%00',
  '键'.repeat(50),
  "1' OR '1'='1",
];
const BAD_IF_MATCH = ['abc', '-1', '0', '999999999', '1e999', 'Infinity', '', 'W/"1"', '1.5'];
const IDEMPOTENCY_KEYS = ['fuzz-key-1', 'fuzz-key-2', 'fuzz-key-3'];

/**
 * Requests generated from the OpenAPI document: every operation, as every demo role and as
 * nobody, with valid and malformed variants. Each answer must be below 500, and each error answer
 * must be a documented `{error:{code,message}}` with its documented status.
 */
export async function fuzzHttp(
  target: FuzzTarget,
  options: { requests: number; seed: number; onProgress?: (done: number) => void },
): Promise<FuzzReport> {
  const documentAnswer = await target.app.inject({
    method: 'GET',
    url: '/api/v1/openapi.json',
    headers: { cookie: (await target.cookie('admin')) ?? '' },
  });
  const operations = operationsOf(documentAnswer.json());
  const idempotentOperations = operations.filter((o) => o.idempotent);
  const documented = documentedErrorStatuses();
  const report: FuzzReport = {
    requests: 0,
    by_status: {},
    status_5xx: 0,
    undocumented_error_bodies: 0,
    idempotency_violations: 0,
    idempotency_probes: 0,
    findings: [],
  };
  const random = mulberry32(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const sample = <T>(arbitrary: Arbitrary<T>): T =>
    fc.sample(arbitrary, { numRuns: 1, seed: Math.floor(random() * 2 ** 31) })[0];

  const send = async (
    operation: Operation,
    request: InjectOptions,
    variant: Variant,
    username: string,
  ) => {
    const response = await target.app.inject(request);
    if (response.statusCode === 401 && variant !== 'anonymous' && variant !== 'garbage_token') {
      await target.cookie(username, true); // a fuzzed logout or password change: log in again
    }
    const label = `${request.method} ${String(request.url).slice(0, 160)} [${variant} as ${username}]`;
    observe(report, documented, operation, response, label);
    return { response, label };
  };

  let progressReported = 0;
  for (let i = 0; i < options.requests;) {
    const operation = pick(operations);
    const variant = pick(VARIANTS);
    const username = pick(target.usernames);
    const tools = { pick, sample };
    if (variant === 'reused_idempotency_key') {
      // Among the operations that take a key, as the role most likely to succeed at them: a
      // key is only worth reusing after a request with it succeeded.
      const keyed = pick(idempotentOperations);
      const asAdmin = target.usernames.includes('admin') ? 'admin' : username;
      i += await reuseKey(target, keyed, asAdmin, `fuzz-reuse-${options.seed}-${i}`, {
        ...tools,
        send: (request) => send(keyed, request, variant, asAdmin),
        probed: () => report.idempotency_probes++,
        violation: (finding) => {
          report.idempotency_violations++;
          record(report, finding);
        },
      });
    } else {
      const request = await buildRequest(target, operation, variant, username, tools);
      await send(operation, request, variant, username);
      i++;
    }
    if (Math.floor(i / 1000) > Math.floor(progressReported / 1000)) options.onProgress?.(i);
    progressReported = i;
  }
  return report;
}

/**
 * A valid request with a fresh key, sent again unchanged, then with another body under the same
 * key. When the first succeeded, the resend must answer the same status and resource and the
 * other body must be refused with 422 ERR_IDEMPOTENCY_KEY_REUSED. Returns the requests sent.
 */
async function reuseKey(
  target: FuzzTarget,
  operation: Operation,
  username: string,
  key: string,
  tools: {
    pick: <T>(items: readonly T[]) => T;
    sample: <T>(a: Arbitrary<T>) => T;
    send: (request: InjectOptions) => Promise<{ response: LightResponse; label: string }>;
    /** A key was reused with another body after a successful first request. */
    probed: () => void;
    violation: (finding: Finding) => void;
  },
): Promise<number> {
  const request = await buildRequest(target, operation, 'valid', username, tools);
  // Without If-Match: the second send must be answered from the key, not refused as stale.
  const headers = Object.entries(request.headers ?? {}).filter(([name]) => name !== 'if-match');
  request.headers = { ...Object.fromEntries(headers), 'idempotency-key': key };
  const first = await tools.send(request);
  if (first.response.statusCode >= 300) return 1;
  const again = await tools.send(request);
  if (again.response.statusCode !== first.response.statusCode || idOf(again) !== idOf(first)) {
    tools.violation({
      request: again.label,
      status: again.response.statusCode,
      problem: `resent with its Idempotency-Key: answered ${again.response.statusCode} ${idOf(again) ?? ''}, the first ${first.response.statusCode} ${idOf(first) ?? ''}`,
      body: again.response.body,
    });
  }
  if (!operation.body) return 2;
  const otherBody = toJsonText(tools.sample(validValue(operation.body, target.hints)));
  if (otherBody === request.payload) return 2;
  tools.probed();
  const other = await tools.send({ ...request, payload: otherBody });
  const refused =
    other.response.statusCode === 422 &&
    other.response.body.includes('"ERR_IDEMPOTENCY_KEY_REUSED"');
  if (!refused) {
    tools.violation({
      request: other.label,
      status: other.response.statusCode,
      problem: 'Idempotency-Key reused with another body was not refused',
      body: other.response.body,
    });
  }
  return 3;
}

interface LightResponse {
  statusCode: number;
  body: string;
}

function idOf(answer: { response: LightResponse }): string | undefined {
  try {
    const parsed: unknown = JSON.parse(answer.response.body);
    if (typeof parsed === 'object' && parsed !== null && 'id' in parsed) return String(parsed.id);
  } catch {
    // not JSON: compared by status alone
  }
  return undefined;
}

/** Counts an answer and records what is wrong with it (a 5xx, an undocumented error). */
function observe(
  report: FuzzReport,
  documented: ReturnType<typeof documentedErrorStatuses>,
  operation: Operation,
  response: LightResponse,
  label: string,
): void {
  report.requests++;
  report.by_status[response.statusCode] = (report.by_status[response.statusCode] ?? 0) + 1;
  if (response.statusCode >= 500) {
    report.status_5xx++;
    record(report, {
      request: label,
      status: response.statusCode,
      problem: '5xx',
      body: response.body,
    });
  } else if (response.statusCode >= 400) {
    const problem = errorBodyProblem(
      response.statusCode,
      response.body,
      documented,
      operation.path,
    );
    if (problem) {
      report.undocumented_error_bodies++;
      record(report, {
        request: label,
        status: response.statusCode,
        problem,
        body: response.body,
      });
    }
  }
}

function record(report: FuzzReport, finding: Finding): void {
  if (report.findings.length < 50)
    report.findings.push({ ...finding, body: finding.body.slice(0, 300) });
}

async function buildRequest(
  target: FuzzTarget,
  operation: Operation,
  variant: Variant,
  username: string,
  { pick, sample }: { pick: <T>(items: readonly T[]) => T; sample: <T>(a: Arbitrary<T>) => T },
): Promise<InjectOptions> {
  const headers: Record<string, string> = {};
  if (variant === 'garbage_token')
    headers.authorization = `Bearer ${pick(['x', 'a'.repeat(500), '', 'null'])}`;
  else if (variant !== 'anonymous') {
    const cookie = await target.cookie(username);
    if (cookie) headers.cookie = cookie;
  }
  let path = operation.path;
  for (const name of operation.pathParams) {
    const id =
      variant === 'bad_id'
        ? pick(BAD_IDS)
        : target.hints.ids.length > 0
          ? pick(target.hints.ids)
          : 'x';
    path = path.replace(`{${name}}`, encodeURIComponent(id));
  }
  const query = operation.query
    ? variant === 'malformed_query'
      ? malformedObject(operation.query, sample, pick)
      : sample(validValue(operation.query, target.hints))
    : undefined;
  const url = query ? `${path}?${toQueryString(query)}` : path;
  if (variant === 'bad_if_match') headers['if-match'] = pick(BAD_IF_MATCH);
  else if (sample(fc.boolean()))
    headers['if-match'] = String(sample(fc.integer({ min: 0, max: 5 })));
  if (sample(fc.boolean())) headers['idempotency-key'] = pick(IDEMPOTENCY_KEYS);

  const request: InjectOptions = {
    method: operation.method as InjectOptions['method'],
    url,
    headers,
  };
  if (!operation.body) return request;
  let body: unknown = sample(validValue(operation.body, target.hints));
  if (variant === 'malformed_field') body = malformedObject(operation.body, sample, pick, body);
  if (variant === 'missing_field') body = withoutRequired(operation.body, body, pick);
  if (variant === 'huge_body') body = { filler: 'x'.repeat(2 * 1024 * 1024) };
  headers['content-type'] =
    variant === 'wrong_content_type'
      ? pick(['text/plain', 'application/xml', 'multipart/form-data'])
      : 'application/json';
  request.payload =
    variant === 'broken_json' ? `${toJsonText(body).slice(0, -1)},}` : toJsonText(body);
  return request;
}

function malformedObject(
  schema: JsonSchema,
  sample: <T>(a: Arbitrary<T>) => T,
  pick: <T>(items: readonly T[]) => T,
  base: unknown = {},
): unknown {
  const names = Object.keys(schema.properties ?? {});
  if (names.length === 0 || schema.type !== 'object') return sample(malformedValue(schema));
  const name = pick(names);
  return withProperty(base, name, sample(malformedValue(schema.properties![name])));
}

function withoutRequired(
  schema: JsonSchema,
  body: unknown,
  pick: <T>(items: readonly T[]) => T,
): unknown {
  const required = schema.required ?? [];
  if (required.length === 0 || typeof body !== 'object' || body === null || Array.isArray(body))
    return body;
  const { [pick(required)]: _dropped, ...rest } = body as Record<string, unknown>;
  return rest;
}

function toQueryString(query: unknown): string {
  if (typeof query !== 'object' || query === null) return `q=${encodeURIComponent(String(query))}`;
  return Object.entries(query)
    .map(
      ([key, value]) =>
        `${encodeURIComponent(key)}=${encodeURIComponent(typeof value === 'string' ? value : toJsonText(value))}`,
    )
    .join('&');
}

/** Every HTTP operation of the app's OpenAPI document (the live WebSocket is fuzzed apart). */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      if (path === '/api/v1/live') continue;
      const parameters = operation.parameters ?? [];
      const queryParameters = parameters.filter((p) => p.in === 'query');
      operations.push({
        method: method.toUpperCase(),
        path,
        idempotent: parameters.some((p) => p.in === 'header' && p.name === 'idempotency-key'),
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query:
          queryParameters.length > 0
            ? {
                type: 'object',
                properties: Object.fromEntries(
                  queryParameters.map((p) => [p.name, p.schema ?? {}]),
                ),
                required: queryParameters.filter((p) => p.required).map((p) => p.name),
              }
            : undefined,
        body: operation.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return operations;
}

export interface OpenApiDocument {
  paths?: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
}

/** A small seeded PRNG: the same seed gives the same requests. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
