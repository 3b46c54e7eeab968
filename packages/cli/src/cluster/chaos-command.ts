import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeGraphFile } from '@jiefang/routing';
import { clusterResources } from '@jiefang/server/cluster-resources';
import { demoCityGraph } from '@jiefang/server/test-support';
import { runChaos } from './chaos-run.ts';

/*
 * npm run chaos -- [--json] [--seconds 90] [--kill-every 20] [--nodes 3] [--workers 6]
 *                  [--db postgres://…] [--bus nats://…]
 * Without --db/--bus: a fresh schema on JIEFANG_TEST_POSTGRES_URL and a fresh stream on
 * JIEFANG_TEST_NATS_URL (CI's servers), dropped afterwards. Prints the report as the last line.
 */
const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '90' },
    'kill-every': { type: 'string', default: '20' },
    nodes: { type: 'string', default: '3' },
    workers: { type: 'string', default: '6' },
    db: { type: 'string' },
    bus: { type: 'string' },
  },
});
const number = (name: string, text: string, min: number, max: number) => {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) {
    process.stderr.write(`chaos: --${name} must be ${min}-${max}, got '${text}'\n`);
    process.exit(2);
  }
  return value;
};
const seconds = number('seconds', values.seconds, 5, 3600);
const killEverySeconds = number('kill-every', values['kill-every'], 2, 3600);
const nodes = number('nodes', values.nodes, 2, 8);
const workers = number('workers', values.workers, 1, 64);

const own = values.db && values.bus ? undefined : clusterResources();
const directory = mkdtempSync(join(tmpdir(), 'jiefang-chaos-'));
const cityGraph = join(directory, 'city.graph');
try {
  writeGraphFile(cityGraph, await demoCityGraph());
  const report = await runChaos({
    nodes,
    seconds,
    killEverySeconds,
    workers,
    databaseUrl: values.db ?? own!.databaseUrl,
    busUrl: values.bus ?? own!.busUrl,
    cityGraph,
    log: values.json ? undefined : (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${JSON.stringify(report)}\n`);
} finally {
  await own?.cleanup();
  rmSync(directory, { recursive: true, force: true });
}
