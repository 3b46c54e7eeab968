import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  expandRepeatedOption,
  forecastFromCalls,
  isCategory,
  parseDay,
  parseHorizon,
} from '@jiefang/forecast';
import { readNijFile } from '@jiefang/forecast/io';
import { CliUsageError } from '../cli-error.ts';
import { requireOption } from '../arguments.ts';
import { forecastUsage } from './forecast-usage.ts';

export function forecastCommand(argv: string[]): number {
  const { values } = parseArgs({
    args: expandRepeatedOption(argv, ['calls']),
    options: {
      calls: { type: 'string', multiple: true },
      until: { type: 'string' },
      horizon: { type: 'string', default: '7d' },
      category: { type: 'string', default: 'all' },
      'area-sq-mi': { type: 'string', default: '0.75' },
      out: { type: 'string' },
    },
  });
  if (!values.calls?.length) throw new CliUsageError(`--calls is required\n${forecastUsage}`);
  const category = values.category;
  if (!isCategory(category))
    throw new CliUsageError(`--category must be all, street, burglary or vehicle_theft`);
  const until = parseDay(requireOption(values.until, '--until'), 'until');
  const horizon = parseHorizon(values.horizon, until);
  const out = requireOption(values.out, '--out');
  const calls = values.calls.flatMap((file) => readNijFile(file));
  const { selection, geojson } = forecastFromCalls(
    calls,
    category,
    until,
    horizon,
    Number(values['area-sq-mi']),
  );
  writeFileSync(out, `${JSON.stringify(geojson)}\n`);
  const chosen = selection.perMethod[selection.chosen];
  process.stdout.write(
    `${out}: ${geojson.features.length} cells of ${chosen.config.grid.cellSize} ft at ` +
      `${chosen.config.grid.rotationDeg}°, ${category} ${geojson.properties.from} … ` +
      `${geojson.properties.until} by ${selection.chosen} (validated hit rate ` +
      `${chosen.hitRate.toFixed(3)} over ${selection.folds.length} folds)\n`,
  );
  return 0;
}
