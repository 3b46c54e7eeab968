import { buildBasemapFile } from '@jiefang/basemap';
import { importOsm, loadProfilesFile, writeGraphFile } from '@jiefang/routing';
import { requireOption, parseCliArgs } from '../arguments.ts';
import { CliUsageError } from '../cli-error.ts';
import { emit } from '../output.ts';
import { terminalProgress } from '../progress.ts';

export const importUsage = `jiefang import <osm-file> --out <city.graph> [--profiles <profiles.json>] [--json]
  Builds the routing graph of every profile (drive, walk, bike) from an .osm.pbf, .osm or
  .osm.gz file (sorted or not) into one versioned graph file, and the offline basemap
  (roads, water, buildings, places) into <city.graph>.basemap.json.gz beside it.`;

export async function importCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      profiles: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new CliUsageError(`expected one OSM file\n${importUsage}`);
  const out = requireOption(values.out, '--out');
  const profiles = values.profiles === undefined ? undefined : loadProfilesFile(values.profiles);
  const progress = terminalProgress('import');
  const started = performance.now();
  let city;
  try {
    city = await importOsm(positionals[0], { profiles, onProgress: progress.listener });
  } finally {
    progress.stop();
  }
  const bytes = writeGraphFile(out, city);
  const basemapPath = basemapPathOf(out);
  const basemap = await buildBasemapFile(positionals[0], basemapPath);
  const importMs = performance.now() - started;
  const summary = {
    out,
    bytes,
    import_ms: Math.round(importMs),
    source: city.meta.source,
    bbox: city.meta.bbox,
    places: city.places.length,
    basemap: { path: basemapPath, ...basemap },
    profiles: city.profiles.map((p) => ({
      profile: p.profile,
      nodes: p.nodeCount,
      edges: p.edgeCount,
    })),
  };
  emit(values.json, summary, () =>
    [
      `wrote ${out} (${(bytes / 1e6).toFixed(1)} MB) in ${(importMs / 1000).toFixed(1)} s`,
      ...summary.profiles.map(
        (p) => `  ${p.profile.padEnd(6)} ${p.nodes} vertices, ${p.edges} edges`,
      ),
      `  ${summary.places} named places`,
      `  basemap ${basemapPath}`,
    ].join('\n'),
  );
  return 0;
}

/** Where `jiefang import` puts a graph's basemap, and where `jiefang serve` looks for it. */
export function basemapPathOf(graphPath: string): string {
  return `${graphPath}.basemap.json.gz`;
}
