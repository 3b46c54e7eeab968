#!/usr/bin/env node
// Builds the web console (packages/web/dist) when it is missing or older than its sources, so
// `npm start` always serves the current app. Usage:
//   node packages/web/scripts/ensure-built.mjs [--force] [--quiet]
// or, from code: `await ensureWebBuilt({ force, log })` (the e2e harness does this).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const webRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(webRoot, '../..');
const builtIndex = join(webRoot, 'dist', 'index.html');

/** Inputs of the build: a change to any of them makes dist stale. */
const INPUTS = [
  join(webRoot, 'src'),
  join(webRoot, 'index.html'),
  join(webRoot, 'public'),
  join(webRoot, 'vite.config.ts'),
  join(webRoot, 'package.json'),
  join(repoRoot, 'package-lock.json'),
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    // Tests do not end up in the bundle.
    if (/\.test\.tsx?$/.test(entry)) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Why dist must be (re)built, or undefined when it is current. */
export function staleReason() {
  if (!existsSync(builtIndex)) return 'packages/web/dist does not exist';
  const built = statSync(builtIndex).mtimeMs;
  const newest = Math.max(...INPUTS.map(newestMtime));
  return newest > built ? 'sources changed since the last build' : undefined;
}

/** Runs `vite build` for packages/web if needed (or always with `force`); returns true if it built. */
export async function ensureWebBuilt({ force = false, log = console.log } = {}) {
  const reason = force ? 'forced' : staleReason();
  if (!reason) return false;
  log(`building the web console (${reason}) …`);
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile: join(webRoot, 'vite.config.ts'), root: webRoot, logLevel: 'warn' });
  log(`web console built in ${((Date.now() - started) / 1000).toFixed(1)} s → packages/web/dist`);
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const quiet = args.includes('--quiet');
  try {
    const built = await ensureWebBuilt({
      force: args.includes('--force'),
      log: quiet ? () => {} : (line) => console.log(line),
    });
    if (!built && !quiet) console.log('web console is up to date (packages/web/dist)');
  } catch (error) {
    console.error(`web console build failed: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  }
}
