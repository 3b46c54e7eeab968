/**
 * `npm run fuzz -- [--requests N] [--seed S] [--json]`: fuzzes the API and the live socket of a
 * demo server (see run-fuzz.ts). Findings go to stderr; the last stdout line is the JSON summary.
 */
import { parseArgs } from 'node:util';
import { runFuzz } from './run-fuzz.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
  },
});
const requests = Number(values.requests);
const seed = Number(values.seed);
if (!Number.isSafeInteger(requests) || requests < 1 || !Number.isSafeInteger(seed)) {
  console.error('usage: npm run fuzz -- [--requests N ≥ 1] [--seed S] [--json]');
  process.exit(2);
}
const started = Date.now();
const summary = await runFuzz({
  requests,
  seed,
  onProgress: (done) => process.stderr.write(`fuzz: ${done}/${requests} requests\n`),
});
for (const finding of summary.findings) console.error(JSON.stringify(finding));
const { findings, ...counts } = summary;
const line = {
  ...counts,
  findings: findings.length,
  seconds: Math.round((Date.now() - started) / 1000),
};
console.log(values.json ? JSON.stringify(line) : JSON.stringify(line, null, 2));
const failures =
  summary.status_5xx +
  summary.crashes +
  summary.undocumented_error_bodies +
  summary.idempotency_violations;
process.exit(failures > 0 ? 1 : 0);
