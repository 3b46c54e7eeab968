import { parseCliArgs } from '../arguments.ts';
import { readGraphFile } from '@jiefang/routing';
import { CliUsageError } from '../cli-error.ts';
import { emit } from '../output.ts';

export const infoUsage = `jiefang info <city.graph> [--json]
  Prints what a graph file holds: its source, fingerprint, profiles and sizes.`;

export function infoCommand(argv: string[]): number {
  const { values, positionals } = parseCliArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) throw new CliUsageError(`expected one graph file\n${infoUsage}`);
  const started = performance.now();
  const city = readGraphFile(positionals[0]);
  const loadMs = performance.now() - started;
  const summary = {
    source: city.meta.source,
    source_sha256: city.meta.sourceSha256,
    profiles_sha256: city.meta.profilesSha256,
    built_at: city.meta.builtAt,
    bbox: city.meta.bbox,
    load_ms: Math.round(loadMs * 10) / 10,
    places: city.places.length,
    profiles: city.profiles.map((p) => ({
      profile: p.profile,
      nodes: p.nodeCount,
      edges: p.edgeCount,
    })),
  };
  emit(values.json, summary, () =>
    [
      `${positionals[0]}: built ${summary.built_at} from ${summary.source}`,
      `  loaded in ${summary.load_ms} ms; bbox ${summary.bbox.map((v) => v.toFixed(4)).join(', ')}`,
      ...summary.profiles.map(
        (p) => `  ${p.profile.padEnd(6)} ${p.nodes} vertices, ${p.edges} edges`,
      ),
      `  ${summary.places} named places`,
    ].join('\n'),
  );
  return 0;
}
