import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { launchChromium } from '../e2e/chromium.ts';
import type { BenchOptions, BenchSample } from './page/bench-page.ts';
import { serveDirectory } from './static-server.ts';

/**
 * `npm run bench:web [-- --json] [-- --units N --batches N]`: the main-thread cost of applying
 * one batch of position updates for 20,000 units in headless Chromium (see page/bench-page.ts
 * for what a sample measures). Prints the breakdown, then as the last line
 * `{"batch_20000_ms": <median>}`.
 */
const args = process.argv.slice(2);
const json = args.includes('--json');
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const options: BenchOptions = {
  units: option('units', 20_000),
  batches: option('batches', 30),
  warmup: option('warmup', 5),
};

const pageRoot = fileURLToPath(new URL('./page/', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'jiefang-web-bench-'));
const log = (line: string) => {
  if (!json) process.stdout.write(`${line}\n`);
  else process.stderr.write(`${line}\n`);
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round = (value: number) => Math.round(value * 100) / 100;

log(`building the bench page (${pageRoot}) …`);
await build({
  root: pageRoot,
  configFile: false,
  logLevel: 'warn',
  build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  worker: { format: 'es' },
});
const { url, server } = await serveDirectory(outDir);
const browser = await launchChromium();
try {
  const page = await browser.context.newPage();
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  await page.goto(`${url}/index.html`);
  await page.waitForFunction(() => document.title === 'ready');
  log(`${options.units} units, ${options.warmup} warm-up + ${options.batches} measured batches …`);
  const result = await page.evaluate(
    (o) =>
      (
        window as unknown as {
          runBench: (o: BenchOptions) => Promise<{ samples: BenchSample[]; parseMs: number[] }>;
        }
      ).runBench(o),
    options,
  );
  const pick = (key: keyof BenchSample) => round(median(result.samples.map((s) => s[key])));
  log(
    `median per batch: total ${pick('totalMs')} ms main thread (sync ${pick('syncMs')} ms, of which map layers ${pick('layersMs')} ms);` +
      ` worker done after ${pick('workerMs')} ms; frame JSON.parse ${round(median(result.parseMs))} ms (not counted)`,
  );
  log(
    `max total ${round(Math.max(...result.samples.map((s) => s.totalMs)))} ms over ${result.samples.length} batches`,
  );
  const key = `batch_${options.units}_ms`;
  process.stdout.write(`${JSON.stringify({ [key]: pick('totalMs') })}\n`);
} finally {
  await browser.close();
  server.close();
  rmSync(outDir, { recursive: true, force: true });
}
