// Hot paths of a forecast on the real Portland August calls: the KDE bandwidth search, the SEPP
// EM fit and one full validated selection (all calls, 7-day horizon). One JSON line last.
import { readNijFile } from '../src/io.ts';
import { Grid, kdeBandwidthByCv, nijEvents, fitSepp, selectByValidation } from '../src/index.ts';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const file =
  process.argv[2] ??
  join(
    fileURLToPath(new URL('../../../..', import.meta.url)),
    'shared/data/portland-nij-cfs/NIJ2016_AUG01_AUG31_USE.csv',
  );
const calls = readNijFile(file);
const until = Math.min(...calls.map((c) => c.day)) + 21;
const history = nijEvents(calls, 'all').filter((e) => e.t < until);
const grid = Grid.covering({ cellSize: 250, rotationDeg: 0 }, history);
const time = (f: () => unknown) => {
  const t0 = performance.now();
  f();
  return Math.round(performance.now() - t0);
};
const report = {
  events: history.length,
  cells: grid.size,
  kde_cv_ms: time(() => kdeBandwidthByCv({ history, grid, from: until, horizon: 7 })),
  sepp_fit_ms: time(() => fitSepp({ history, grid, from: until, horizon: 7 })),
  selection_ms: time(() => selectByValidation(history, until, 7, 0.75)),
};
process.stdout.write(`${JSON.stringify(report)}\n`);
