import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { launchChromium } from '../e2e/chromium.ts';
import { latencyPercentile } from '@jiefang/core/latency-percentiles';
import type { BenchOptions, BenchSample } from './page/bench-page.ts';
import { serveDirectory } from './static-server.ts';

/**
 * `npm run bench:web [-- --json] [-- --units N --batches N]`: the main-thread cost of applying
 * one batch of position updates for 20,000 units in headless Chromium (see page/bench-page.ts
 * for what a sample measures). Prints the breakdown, then as the last line
 * `{"batch_20000_ms": <median>, "apply_20000_ms": <median>, "parse_20000_ms": <median>}`:
 * `batch_` is the whole main-thread cost from the frame's text (JSON.parse included), `apply_`
 * the same without the parse (what `batch_` measured before the parse was counted), `parse_`
 * the JSON.parse alone.
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
  const samples = await page.evaluate(
    (o) =>
      (window as unknown as { runBench: (o: BenchOptions) => Promise<BenchSample[]> }).runBench(o),
    options,
  );
  const at = (key: keyof BenchSample, q: number) =>
    round(
      latencyPercentile(
        samples.map((s) => s[key]),
        q,
      ),
    );
  const pick = (key: keyof BenchSample) => at(key, 0.5);
  log(
    `median per batch: total ${pick('totalMs')} ms main thread = frame JSON.parse ${pick('parseMs')} ms + apply ${pick('applyMs')} ms` +
      ` (sync ${pick('syncMs')} ms, of which map layers ${pick('layersMs')} ms); worker done after ${pick('workerMs')} ms`,
  );
  log(`max total ${at('totalMs', 1)} ms over ${samples.length} batches`);
  const n = options.units;
  const report = {
    [`batch_${n}_ms`]: pick('totalMs'),
    [`apply_${n}_ms`]: pick('applyMs'),
    [`parse_${n}_ms`]: pick('parseMs'),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
} finally {
  await browser.close();
  server.close();
  rmSync(outDir, { recursive: true, force: true });
}
