// Writes a NIJ calls file as one file per 7 days from its first date (the last may be shorter),
// for developing with weekly splits: `tsx split-nij-weeks.ts IN.csv OUT_DIR`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNijCalls } from '../src/calls/nij-calls.ts';

const [input, outDir] = process.argv.slice(2);
const text = readFileSync(input, 'utf8');
const lines = text.split(/\r?\n/);
const calls = parseNijCalls(text, input);
const first = Math.min(...calls.map((c) => c.day));
const weeks = new Map<number, string[]>();
for (const c of calls) {
  const w = Math.floor((c.day - first) / 7);
  if (!weeks.has(w)) weeks.set(w, [lines[0]]);
  weeks.get(w)!.push(lines[c.row]);
}
mkdirSync(outDir, { recursive: true });
for (const [w, rows] of [...weeks].sort((a, b) => a[0] - b[0])) {
  const file = join(outDir, `week${w + 1}.csv`);
  writeFileSync(file, `${rows.join('\n')}\n`);
  console.log(`${file}: ${rows.length - 1} calls`);
}
