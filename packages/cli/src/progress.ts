import { SingleBar, Presets } from 'cli-progress';
import type { ProgressListener } from '@jiefang/routing';

/**
 * A progress bar on an interactive terminal, nothing otherwise (CI logs and pipes stay clean).
 */
export function terminalProgress(label: string): { listener?: ProgressListener; stop(): void } {
  if (!process.stderr.isTTY) return { stop() {} };
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {mb} / {totalMb} MB`,
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    listener(bytes, total) {
      const payload = { mb: (bytes / 1e6).toFixed(1), totalMb: (total / 1e6).toFixed(1) };
      if (!started) {
        bar.start(total, bytes, payload);
        started = true;
      } else bar.update(bytes, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
