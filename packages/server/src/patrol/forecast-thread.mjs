// The forecast thread (see job-thread.ts). Plain JavaScript: a worker thread does not
// inherit the TypeScript loader the rest of the code runs under, so it registers tsx first.
import { register } from 'tsx/esm/api';
import { answerJobs } from './answer-jobs.mjs';

register();
const { forecastFromPoints } = await import('@jiefang/forecast');

answerJobs((job) => forecastFromPoints(job.points, job.until, job.horizon, job.areaSqMi));
