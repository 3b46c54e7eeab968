import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  calibrationPathOf,
  CityRouter,
  graphFingerprint,
  keepNearRoad,
  parseDrivesCsv,
  readGraphFile,
  runCalibration,
  writeCalibrationFile,
} from '@jiefang/routing';
import { CliUsageError } from '../cli-error.ts';
import { emit, percent } from '../output.ts';

export const calibrateUsage = `jiefang calibrate <city.graph> --drives <drives.csv> [--profile drive] [--folds 5] [--out FILE | --accept] [--json]
  Fits travel times to observed drives (columns of cases-2016.csv), choosing the fit's settings
  by k-fold cross-validation with whole days per fold, and prints the before/after report.
  --out writes the artefact there; --accept writes it beside the graph
  (<city.graph>.calibration.json), where the server and queries pick it up.`;

export function calibrateCommand(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      drives: { type: 'string' },
      profile: { type: 'string', default: 'drive' },
      folds: { type: 'string', default: '5' },
      out: { type: 'string' },
      accept: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1)
    throw new CliUsageError(`expected one graph file\n${calibrateUsage}`);
  if (values.drives === undefined) throw new CliUsageError('--drives is required');
  const folds = Number(values.folds);
  if (!Number.isInteger(folds) || folds < 2 || folds > 50) {
    throw new CliUsageError(`--folds must be an integer from 2 to 50, got '${values.folds}'`);
  }
  if (values.out !== undefined && values.accept) {
    throw new CliUsageError('give --out or --accept, not both');
  }
  const graphPath = positionals[0];
  const city = readGraphFile(graphPath);
  const router = new CityRouter(city);
  router.graph(values.profile);
  const parsed = parseDrivesCsv(readFileSync(values.drives, 'utf8'), values.drives);
  const { kept, farFromRoad } = keepNearRoad(router, values.profile, parsed.drives);
  if (kept.length < folds * 2) {
    throw new CliUsageError(`only ${kept.length} usable drives: too few for ${folds} folds`);
  }
  const artefact = runCalibration({
    city,
    graphFingerprint: graphFingerprint(city),
    profile: values.profile,
    drives: kept,
    folds,
    source: values.drives,
    createdAt: new Date().toISOString(),
  });
  const out = values.accept ? calibrationPathOf(graphPath) : values.out;
  if (out !== undefined) writeCalibrationFile(out, artefact);
  const report = artefact.validation[values.profile];
  emit(
    values.json,
    {
      out: out ?? null,
      fingerprint: artefact.fingerprint,
      dropped: { suspect: parsed.suspect, far_from_road: farFromRoad },
      ...report,
      model: artefact.models[0],
    },
    () =>
      [
        `${kept.length} drives (${parsed.suspect} suspect, ${farFromRoad} beyond 100 m of a road dropped)`,
        `${folds}-fold cross-validation, median abs error ${percent(report.before.median_abs_pct_err)} → ${percent(report.after.median_abs_pct_err)}, Spearman ${report.before.spearman?.toFixed(3) ?? 'n/a'} → ${report.after.spearman?.toFixed(3) ?? 'n/a'}`,
        `model ${JSON.stringify(artefact.models[0])}`,
        out === undefined
          ? 'not written (use --out or --accept)'
          : `wrote ${out} (${artefact.fingerprint})`,
      ].join('\n'),
  );
  return 0;
}
