// The answering side of job-thread.ts, shared by the patrol threads: each `{ id, job }` message
// is answered `{ id, result }`, or `{ id, error }` with the thrown error's message, code and
// field (which JobThread turns into a JobRefused naming them).
import { parentPort } from 'node:worker_threads';

export function answerJobs(run) {
  parentPort.on('message', ({ id, job }) => {
    try {
      parentPort.postMessage({ id, result: run(job) });
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
}
