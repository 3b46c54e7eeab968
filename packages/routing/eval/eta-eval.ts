/**
 * npm run eval:eta -- --osm FILE --train FILE --test FILE [--folds 5] [--json]
 *
 * Builds the drive graph from the OSM file, chooses the calibration's settings by k-fold
 * cross-validation on --train (days kept whole), fits on all of --train, and predicts every kept
 * drive of --test. Rows with suspect_timing = 1, or snapped more than 100 m from the road at
 * either end, are dropped and counted. The last line is one JSON object.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CityRouter, DEFAULT_PROFILES, importOsm } from '../src/index.ts';
import { keepNearRoad } from '../src/calibration/keep-near-road.ts';
import { accuracy } from '../src/calibration/accuracy.ts';
import { calibrateProfile, predictDrives } from '../src/calibration/calibrate.ts';
import { selectFitOptions } from '../src/calibration/select-fit-options.ts';
import { identityModel } from '../src/calibration/travel-time-model.ts';
import { parseDrivesCsv } from '../src/calibration/parse-drives-csv.ts';
import { fitStraightLine, predictStraightLine } from '../src/calibration/straight-line-model.ts';

const PROFILE = 'drive';

const { values } = parseArgs({
  options: {
    osm: { type: 'string' },
    train: { type: 'string' },
    test: { type: 'string' },
    folds: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
  },
});
if (values.osm === undefined || values.train === undefined || values.test === undefined) {
  console.error(
    'usage: npm run eval:eta -- --osm FILE --train FILE --test FILE [--folds 5] [--json]',
  );
  process.exit(2);
}
const folds = Number(values.folds);
if (!Number.isInteger(folds) || folds < 2) {
  console.error(`--folds must be an integer of at least 2, got ${values.folds}`);
  process.exit(2);
}
const log = (line: string) => {
  if (!values.json) console.log(line);
  else console.error(line);
};

const city = await importOsm(values.osm, { profiles: [DEFAULT_PROFILES.drive] });
const router = new CityRouter(city);

function load(path: string) {
  const parsed = parseDrivesCsv(readFileSync(path, 'utf8'), path);
  const { kept, farFromRoad } = keepNearRoad(router, PROFILE, parsed.drives);
  return { drives: kept, dropped: parsed.suspect + farFromRoad };
}

const train = load(values.train);
const test = load(values.test);
log(
  `train: ${train.drives.length} drives (${train.dropped} dropped); test: ${test.drives.length} (${test.dropped} dropped)`,
);

const started = performance.now();
const selection = selectFitOptions(city, PROFILE, train.drives, folds);
for (const candidate of selection.candidates) {
  log(
    `cv ${folds}-fold  lambda ${candidate.options.lambda}  terms ${candidate.options.terms.join(',')}  median ${candidate.cv.after.median_abs_pct_err.toFixed(4)}  spearman ${candidate.cv.after.spearman.toFixed(4)}`,
  );
}
const chosen = selection.best;
log(
  `chosen by cross-validation on train: lambda ${chosen.options.lambda}, terms ${chosen.options.terms.join(',')}`,
);
const model = calibrateProfile(city, PROFILE, train.drives, chosen.options);
log(`model: ${JSON.stringify(model)}`);

const observed = test.drives.map((d) => d.observedSeconds);
const round = (a: ReturnType<typeof accuracy>) => ({
  median_abs_pct_err: Number(a.median_abs_pct_err.toFixed(4)),
  p90_abs_pct_err: Number(a.p90_abs_pct_err.toFixed(4)),
  spearman: Number(a.spearman.toFixed(4)),
});
const raw = accuracy(predictDrives(city, identityModel(PROFILE), test.drives), observed);
const calibrated = accuracy(predictDrives(city, model, test.drives), observed);
const line = fitStraightLine(train.drives, chosen.options.huberDelta);
const straight = accuracy(
  test.drives.map((d) => predictStraightLine(line, d)),
  observed,
);
log(`fit and selection ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(
  JSON.stringify({
    n_train: train.drives.length,
    n_test: test.drives.length,
    dropped: test.dropped,
    raw: round(raw),
    calibrated: round(calibrated),
    straight_line: round(straight),
    dropped_train: train.dropped,
    cv_on_train: {
      folds,
      raw: round(chosen.cv.before),
      calibrated: round(chosen.cv.after),
    },
  }),
);
