import { CityRouter, readGraphFile, type LonLat } from '@jiefang/routing';
import {
  parseLonLat,
  parseLonLatList,
  parseSeconds,
  parseSecondsList,
  requireOption,
  parseCliArgs,
} from '../arguments.ts';
import { CliUsageError } from '../cli-error.ts';
import { emit, formatSeconds, percent } from '../output.ts';

export const queryUsage = `jiefang route --graph <city.graph> --from <lon,lat> --to <lon,lat> [--profile drive] [--json]
jiefang reach --graph <city.graph> --target <lon,lat> --sources <lon,lat;lon,lat;…> [--limit 300] [--profile drive] [--json]
jiefang isochrone --graph <city.graph> --from <lon,lat> [--seconds 300] [--profile drive] [--json]
jiefang coverage --graph <city.graph> (--sources <lon,lat;…> | --places <kind>) [--thresholds 60,180,300] [--profile drive] [--json]
  --places takes an OSM place kind of the city, e.g. amenity=police.`;

const common = {
  graph: { type: 'string', short: 'g' },
  profile: { type: 'string', short: 'p', default: 'drive' },
  json: { type: 'boolean', default: false },
} as const;

function openRouter(graphPath: string | undefined): CityRouter {
  return new CityRouter(readGraphFile(requireOption(graphPath, '--graph')));
}

export function routeCommand(argv: string[]): number {
  const { values } = parseCliArgs({
    args: argv,
    options: { ...common, from: { type: 'string' }, to: { type: 'string' } },
  });
  const router = openRouter(values.graph);
  const result = router.route(
    parseLonLat(values.from, '--from'),
    parseLonLat(values.to, '--to'),
    values.profile,
  );
  emit(values.json, result, () =>
    [
      `${values.profile}: ${formatSeconds(result.seconds)}, ${(result.metres / 1000).toFixed(2)} km`,
      `  from snapped ${result.from.offRoadMetres.toFixed(0)} m off road, to snapped ${result.to.offRoadMetres.toFixed(0)} m off road`,
    ].join('\n'),
  );
  return 0;
}

export function reachCommand(argv: string[]): number {
  const { values } = parseCliArgs({
    args: argv,
    options: {
      ...common,
      target: { type: 'string' },
      sources: { type: 'string' },
      limit: { type: 'string' },
    },
  });
  const router = openRouter(values.graph);
  const target = parseLonLat(values.target, '--target');
  const sources = parseLonLatList(requireOption(values.sources, '--sources'), '--sources');
  const limit = parseSeconds(values.limit, '--limit', 300);
  const seconds = router.reach(target, sources, values.profile, limit);
  const rows = sources.map((source, i) => ({ source, seconds: seconds[i] }));
  emit(values.json, { limit_s: limit, profile: values.profile, sources: rows }, () =>
    rows.map((r, i) => `  #${i} [${r.source.join(', ')}] ${formatSeconds(r.seconds)}`).join('\n'),
  );
  return 0;
}

export function isochroneCommand(argv: string[]): number {
  const { values } = parseCliArgs({
    args: argv,
    options: { ...common, from: { type: 'string' }, seconds: { type: 'string' } },
  });
  const router = openRouter(values.graph);
  const seconds = parseSeconds(values.seconds, '--seconds', 300);
  const result = router.isochrone(parseLonLat(values.from, '--from'), values.profile, seconds);
  emit(
    values.json,
    result,
    () => `${result.features.length} road stretches within ${formatSeconds(seconds)}`,
  );
  return 0;
}

export function coverageCommand(argv: string[]): number {
  const { values } = parseCliArgs({
    args: argv,
    options: {
      ...common,
      sources: { type: 'string' },
      places: { type: 'string' },
      thresholds: { type: 'string' },
    },
  });
  const router = openRouter(values.graph);
  let sources: LonLat[];
  if (values.sources !== undefined) {
    sources = parseLonLatList(values.sources, '--sources');
  } else if (values.places !== undefined) {
    sources = router.city.places
      .filter((p) => p.kind === values.places)
      .map((p) => [p.lon, p.lat] as const);
    if (sources.length === 0) {
      throw new CliUsageError(`the city has no place of kind '${values.places}'`);
    }
  } else {
    throw new CliUsageError('give --sources <lon,lat;…> or --places <kind>');
  }
  const thresholds = parseSecondsList(values.thresholds, '--thresholds', [60, 180, 300]);
  const result = router.coverage(sources, values.profile, thresholds);
  const summary = {
    profile: result.profile,
    sources: sources.length,
    total_km: result.totalMetres / 1000,
    thresholds: result.thresholds.map((t) => ({
      seconds: t.seconds,
      km: t.metres / 1000,
      share: t.share,
    })),
  };
  emit(values.json, summary, () =>
    [
      `${values.profile} coverage from ${sources.length} sources over ${summary.total_km.toFixed(1)} km of road:`,
      ...summary.thresholds.map(
        (t) =>
          `  within ${formatSeconds(t.seconds).padEnd(10)} ${percent(t.share).padStart(7)}  (${t.km.toFixed(1)} km)`,
      ),
    ].join('\n'),
  );
  return 0;
}
