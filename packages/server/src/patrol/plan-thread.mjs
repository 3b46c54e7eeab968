// The patrol planner's thread (see patrol-planner.ts): its own CityRouter over the city graph
// the server passed in workerData, so routing and coverage checks never run on the request
// thread. Plain JavaScript: a worker thread does not inherit the TypeScript loader, so it
// registers tsx first.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';
import { answerJobs } from './answer-jobs.mjs';

register();
const { CityRouter } = await import('@jiefang/routing');
const { planFromForecast } = await import('./plan-from-forecast.ts');
const { replanFromForecast } = await import('./replan-from-forecast.ts');
const router = new CityRouter(workerData.city);

answerJobs((job) =>
  job.kind === 'plan'
    ? { kind: 'plan', plan: planFromForecast(router, job.input) }
    : { kind: 'replan', replan: replanFromForecast(router, job.input) },
);
