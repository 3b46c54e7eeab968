import { parseArgs } from 'node:util';
import { evaluateGovernance } from './governance-eval.ts';

const usage = `npm run eval:governance -- --city nanjing [--days 30] [--seed 1] [--per-day 40] [--json]
  A month of non-police calls, police-only versus fused (departments, mediation, grid workers),
  on the same draws; every case runs core's closed loop. Prints one JSON line last.`;

const { values } = parseArgs({
  options: {
    city: { type: 'string', default: 'nanjing' },
    days: { type: 'string', default: '30' },
    seed: { type: 'string', default: '1' },
    'per-day': { type: 'string', default: '40' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
const positive = (name: string, text: string) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    process.stderr.write(`--${name} must be a positive integer, not ${text}\n${usage}\n`);
    process.exit(2);
  }
  return value;
};
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
if (values.city !== 'nanjing') {
  process.stderr.write(`--city: only nanjing has a governance model\n${usage}\n`);
  process.exit(2);
}
const result = evaluateGovernance({
  days: positive('days', values.days),
  seed: positive('seed', values.seed),
  perDay: positive('per-day', values['per-day']),
});
if (!values.json) {
  const { police_only, fused } = result.police_hours_on_non_police;
  process.stdout.write(
    `cases ${JSON.stringify(result.cases)}\npolice hours on non-police calls: police only ${police_only} h, fused ${fused} h\n`,
  );
}
process.stdout.write(`${JSON.stringify(result)}\n`);
