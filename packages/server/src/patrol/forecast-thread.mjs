// The forecast thread (see job-thread.ts). Plain JavaScript: a worker thread does not
// inherit the TypeScript loader the rest of the code runs under, so it registers tsx first.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { forecastFromPoints } = await import('@jiefang/forecast');

parentPort.on('message', ({ id, job }) => {
  try {
    const result = forecastFromPoints(job.points, job.until, job.horizon, job.areaSqMi);
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({
      id,
      error: {
        message: error instanceof Error ? error.message : String(error),
        code: error?.code,
        field: error?.field,
      },
    });
  }
});
