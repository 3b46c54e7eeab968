import { parseArgs } from 'node:util';
import { evaluateLinking, injectSeries } from '@jiefang/forecast';
import { readNijFile } from '@jiefang/forecast/io';
import { Rng } from '../model/rng.ts';
import { portlandCalls } from '../paths.ts';

/**
 * `npm run eval:linking -- [--calls FILE] [--series 25] [--seed 1] [--json]`: series injected
 * into the real Portland calls (see injectSeries in @jiefang/forecast), then the linker's
 * precision at 10 and recall; one JSON line last.
 */
export function evalLinkingCommand(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      calls: { type: 'string' },
      series: { type: 'string', default: '25' },
      seed: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
    },
  });
  const calls = readNijFile(values.calls ?? portlandCalls());
  const rng = new Rng('eval:linking', Number(values.seed));
  const cases = injectSeries(
    calls.map((c) => ({
      id: `C${c.row}`,
      lon: c.lon,
      lat: c.lat,
      day: c.day,
      category: c.category,
    })),
    () => rng.next(),
    { series: Number(values.series) },
  );
  const started = performance.now();
  const result = evaluateLinking(cases);
  if (!values.json)
    process.stdout.write(
      `${result.series} series (${result.series_cases} cases) in ${result.background_cases} real calls; ` +
        `scored in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
  process.stdout.write(
    `${JSON.stringify({ precision_at_10: round(result.precision_at_10), recall: round(result.recall) })}\n`,
  );
  return 0;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

if (import.meta.url === `file://${process.argv[1]}`)
  process.exitCode = evalLinkingCommand(process.argv.slice(2));
