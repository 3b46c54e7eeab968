import { parseArgs } from 'node:util';
import { CATEGORIES, type Category } from '../calls/category.ts';
import type { NijCall } from '../calls/nij-calls.ts';
import { nijEvents } from '../calls/nij-events.ts';
import { readNijFile } from '../calls/read-nij-file.ts';
import { ForecastError, ForecastErrorCode } from '../errors.ts';
import { expandRepeatedOption } from '../calls/repeat-option.ts';
import { scoreHotspots, studyAreaSqFt, type HotspotScore } from '../score/hotspot-scores.ts';
import { forecastHotspots } from '../select/forecast-hotspots.ts';
import { METHODS, type MethodName } from '../select/methods.ts';
import { selectByValidation, type Selection } from '../select/select-by-validation.ts';

export interface CategoryResult {
  scores: Record<MethodName | 'chosen', HotspotScore & { method?: MethodName }>;
  selection: Selection;
}

export interface HotspotEvaluation {
  area_sq_mi: number;
  categories: Record<Category, CategoryResult>;
  /** First day of the test period and its length in days. */
  from: number;
  horizon: number;
}

/**
 * Trains every method on `train` only (validation folds inside it choose grids and parameters),
 * forecasts the test period and scores each against `test`.
 */
export function evaluateHotspots(
  train: readonly NijCall[],
  test: readonly NijCall[],
  areaSqMi: number,
  categories: readonly Category[] = CATEGORIES,
): HotspotEvaluation {
  if (train.length === 0 || test.length === 0)
    throw new ForecastError(ForecastErrorCode.NO_HISTORY, 'a training or test file holds no call');
  const lastTrain = Math.max(...train.map((c) => c.day));
  const from = Math.min(...test.map((c) => c.day));
  const horizon = Math.max(...test.map((c) => c.day)) - from + 1;
  if (lastTrain >= from)
    throw new ForecastError(
      ForecastErrorCode.INVALID_ARGUMENT,
      'the training calls must all precede the test period',
      'train',
    );
  const area = studyAreaSqFt(train);
  const result = {} as Record<Category, CategoryResult>;
  for (const category of categories) {
    const history = nijEvents(train, category);
    const truth = nijEvents(test, category);
    const selection = selectByValidation(history, lastTrain + 1, horizon, areaSqMi);
    const scores = {} as CategoryResult['scores'];
    for (const method of METHODS) {
      const forecast = forecastHotspots(
        history,
        selection.perMethod[method].config,
        from,
        horizon,
        areaSqMi,
      );
      scores[method] = scoreHotspots(forecast.grid, forecast.flagged, truth, area);
    }
    scores.chosen = { ...scores[selection.chosen], method: selection.chosen };
    result[category] = { scores, selection };
  }
  return { area_sq_mi: areaSqMi, categories: result, from, horizon };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

export function evalHotspotsCommand(argv: string[]): number {
  const { values } = parseArgs({
    args: expandRepeatedOption(argv, ['train']),
    options: {
      train: { type: 'string', multiple: true },
      test: { type: 'string' },
      'area-sq-mi': { type: 'string', default: '0.75' },
      category: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.train?.length || values.test === undefined)
    throw new ForecastError(
      ForecastErrorCode.INVALID_ARGUMENT,
      'usage: eval:hotspots --train FILE… --test FILE [--area-sq-mi 0.75] [--json]',
      'train',
    );
  const areaSqMi = Number(values['area-sq-mi']);
  const categories = (values.category ?? [...CATEGORIES]).map((c) => {
    if (!(CATEGORIES as readonly string[]).includes(c))
      throw new ForecastError(
        ForecastErrorCode.INVALID_ARGUMENT,
        `unknown category ${c}`,
        'category',
      );
    return c as Category;
  });
  const train = values.train.flatMap((f) => readNijFile(f));
  const test = readNijFile(values.test);
  const evaluation = evaluateHotspots(train, test, areaSqMi, categories);
  const line: Record<string, Record<string, Record<string, number | string>>> = {};
  for (const category of categories) {
    const { scores, selection } = evaluation.categories[category];
    line[category] = {};
    for (const [name, s] of Object.entries(scores))
      line[category][name] = {
        hit_rate: round(s.hit_rate),
        pai: round(s.pai),
        pei: round(s.pei),
        ...(s.method ? { method: s.method } : {}),
      };
    if (!values.json) {
      for (const m of METHODS) {
        const v = selection.perMethod[m];
        process.stdout.write(
          `${category} ${m}: cell ${v.config.grid.cellSize} ft, rotation ${v.config.grid.rotationDeg}°` +
            `${v.config.promap ? `, bandwidth ${v.config.promap.bandwidthFt} ft, ${v.config.promap.weeks} wk` : ''}` +
            `, validation hit rate ${round(v.hitRate)}; test hit rate ${round(scores[m].hit_rate)}\n`,
        );
      }
      process.stdout.write(`${category}: chosen ${selection.chosen}\n`);
    }
  }
  process.stdout.write(`${JSON.stringify({ area_sq_mi: areaSqMi, categories: line })}\n`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    process.exitCode = evalHotspotsCommand(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof ForecastError)) throw error;
    process.stderr.write(`eval:hotspots: ${error.message} [${error.code}]\n`);
    process.exitCode = 2;
  }
}
