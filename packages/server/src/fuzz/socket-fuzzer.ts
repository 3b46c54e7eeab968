import fc, { type Arbitrary } from 'fast-check';
import WebSocket from 'ws';
import { documentedErrorStatuses } from '../http/documented-errors.ts';
import type { Finding, FuzzTarget } from './http-fuzzer.ts';
import { malformedValue, toJsonText } from './malformed-value.ts';

export interface SocketFuzzReport {
  frames: number;
  replies: number;
  undocumented_error_frames: number;
  unexpected_closes: number;
  findings: Finding[];
}

/** Close codes the live hub uses on purpose (LIVE.md): anything else is a finding. */
const EXPECTED_CLOSES = new Set([1000, 1001, 1005, 1009, 1013, 4401]);
const ROLES = ['admin', 'dispatcher', 'responder', 'grid', 'analyst'];

/**
 * The live socket's frames, fuzzed per role: well-formed messages with malformed fields,
 * non-JSON text, binary frames, deep nesting and oversize frames. Every `error` reply must carry a
 * documented code, and the hub may close a socket only with the codes LIVE.md names.
 */
export async function fuzzLiveSocket(
  target: FuzzTarget,
  options: { url: string; framesPerRole: number; seed: number },
): Promise<SocketFuzzReport> {
  const documented = documentedErrorStatuses();
  const report: SocketFuzzReport = {
    frames: 0,
    replies: 0,
    undocumented_error_frames: 0,
    unexpected_closes: 0,
    findings: [],
  };
  const frames = frameArbitrary(target);
  for (const [index, role] of ROLES.entries()) {
    const sent = fc.sample(frames, { numRuns: options.framesPerRole, seed: options.seed + index });
    // A fresh login: the HTTP phase may have ended this role's session (a fuzzed password reset
    // or credential revoke answers 2xx, so the HTTP fuzzer never saw a 401 to log in again on).
    let socket = await open(options.url, await target.cookie(role, true), report, documented);
    for (const frame of sent) {
      if (socket.readyState !== WebSocket.OPEN) {
        socket = await open(options.url, await target.cookie(role, true), report, documented);
      }
      socket.send(frame);
      report.frames++;
      // Let the hub answer before the next frame, as a real client's pace would.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.close();
  }
  return report;
}

function open(
  url: string,
  cookie: string | undefined,
  report: SocketFuzzReport,
  documented: Map<string, Set<number>>,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: cookie ? { cookie } : {} });
    socket.on('message', (data) => {
      report.replies++;
      let message: { type?: string; code?: unknown } | undefined;
      try {
        message = JSON.parse(data.toString());
      } catch {
        report.undocumented_error_frames++;
        return;
      }
      if (
        message?.type === 'error' &&
        !(typeof message.code === 'string' && documented.has(message.code))
      ) {
        report.undocumented_error_frames++;
        if (report.findings.length < 50) {
          report.findings.push({
            request: 'live frame',
            status: 0,
            problem: 'undocumented error frame',
            body: data.toString().slice(0, 300),
          });
        }
      }
    });
    socket.on('close', (code) => {
      if (EXPECTED_CLOSES.has(code)) return;
      report.unexpected_closes++;
      if (report.findings.length < 50) {
        report.findings.push({
          request: 'live socket',
          status: code,
          problem: 'unexpected close code',
          body: '',
        });
      }
    });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function frameArbitrary(target: FuzzTarget): Arbitrary<string | Buffer> {
  const { point, ids } = target.hints;
  const unitId = ids.length > 0 ? fc.constantFrom(...ids) : fc.string();
  const number = fc.oneof(fc.double(), malformedValue({ type: 'number' }));
  const fix = fc.record({
    unitId,
    lon: fc.oneof(fc.constant(point.lon), number),
    lat: fc.oneof(fc.constant(point.lat), number),
    at: fc.oneof(fc.constant(Date.now()), number),
    accuracyM: fc.oneof(fc.constant(5), number),
  });
  const json = fc.oneof(
    fc.record({
      type: fc.constant('subscribe'),
      bbox: fc.oneof(fc.array(number, { maxLength: 5 }), malformedValue({ type: 'array' })),
      lastSeq: fc.option(number),
    }),
    fc.record({
      type: fc.constant('device'),
      unitId: fc.oneof(unitId, malformedValue({ type: 'string' })),
    }),
    fix.map((f) => ({ type: 'position', ...f, id: 'x' })),
    fc.record({
      type: fc.constant('positions'),
      fixes: fc.oneof(
        fc.array(fix, { maxLength: 5 }),
        malformedValue({ type: 'array', maxItems: 1000 }),
      ),
    }),
    fc.jsonValue({ maxDepth: 3 }),
    fc.record({ type: fc.string() }),
  );
  return fc.oneof(
    { weight: 8, arbitrary: json.map(toJsonText) },
    { weight: 1, arbitrary: fc.string({ maxLength: 50 }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
    {
      weight: 1,
      arbitrary: fc.constant(
        '{"type":"subscribe","bbox":' + '['.repeat(10_000) + ']'.repeat(10_000) + '}',
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constant(JSON.stringify({ type: 'positions', fixes: 'x'.repeat(300 * 1024) })),
    },
  );
}
