import type { ProfileGraph } from '@jiefang/routing';
import { apiCall, type ErrorLog, type Samples } from './stats.ts';
import { lcg } from './road-walker.ts';

/** Priority 2 and 3 calls (the bulk of a day shift): no pre-emption between load incidents. */
const CATEGORIES = ['fight', 'theft', 'wanted_person', 'theft', 'fight'];

export interface DispatcherOptions {
  httpUrl: string;
  token: string;
  /** Incidents are placed at random junctions of the drive network. */
  drive: ProfileGraph;
  incidentsPerSecond: number;
  durationS: number;
  errors: ErrorLog;
  intakeToRecommendation: Samples;
  /** dispatch id → time the one-key dispatch was acknowledged. */
  dispatchAcks: Map<string, number>;
  /** incident id → when its one-key dispatch was sent. */
  dispatchSent: Map<string, number>;
  /** The one key was acknowledged: these dispatches went out for the incident. */
  onDispatched?: (incidentId: string, dispatchIds: string[]) => void;
  seed: number;
}

/**
 * The dispatcher's console: at the given rate, take a call (POST /incidents), read the 1-3-5
 * recommendation, and send it with the one key (POST /incidents/:id/dispatch-recommended).
 * Bounded: exactly rate × duration incidents, each call sequence started on schedule whatever
 * the previous one is doing (calls do not wait for each other).
 */
export async function runDispatcher(
  options: DispatcherOptions,
): Promise<{ incidents: number; dispatches: number }> {
  const random = lcg(options.seed + 13);
  const total = Math.max(0, Math.round(options.incidentsPerSecond * options.durationS));
  const gapMs = 1000 / options.incidentsPerSecond;
  const started = Date.now();
  const flows: Promise<void>[] = [];
  let incidents = 0;
  let dispatches = 0;
  const run = `${started.toString(36)}`;
  for (let i = 0; i < total; i++) {
    const wait = started + i * gapMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const node = Math.floor(random() * options.drive.nodeCount);
    const category = CATEGORIES[Math.floor(random() * CATEGORIES.length)];
    flows.push(
      (async () => {
        const created = await call(options, 'POST', '/api/v1/incidents', {
          body: {
            source: 'call',
            categoryCode: category,
            location: { lon: options.drive.nodeLon[node], lat: options.drive.nodeLat[node] },
            description: `load test call ${i}`,
            reporter: { name: 'Caller', phone: `1380000${String(i % 10000).padStart(4, '0')}` },
          },
          headers: { 'idempotency-key': `load-${run}-incident-${i}` },
        });
        if (!created) return;
        incidents++;
        const id = (created.json as { id: string }).id;
        const recommendation = await call(options, 'GET', `/api/v1/incidents/${id}/recommendation`);
        if (!recommendation) return;
        options.intakeToRecommendation.add(Date.now() - created.sentAt);
        options.dispatchSent.set(id, Date.now());
        const sent = await call(options, 'POST', `/api/v1/incidents/${id}/dispatch-recommended`, {
          headers: { 'idempotency-key': `load-${run}-dispatch-${i}` },
        });
        if (!sent) return;
        const ackAt = Date.now();
        const sentDispatches = (sent.json as { dispatches: { id: string }[] }).dispatches;
        for (const dispatch of sentDispatches) {
          options.dispatchAcks.set(dispatch.id, ackAt);
          dispatches++;
        }
        options.onDispatched?.(
          id,
          sentDispatches.map((d) => d.id),
        );
      })(),
    );
  }
  await Promise.all(flows);
  return { incidents, dispatches };
}

async function call(
  options: DispatcherOptions,
  method: 'GET' | 'POST',
  path: string,
  extra: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ json: unknown; sentAt: number } | undefined> {
  const sentAt = Date.now();
  try {
    const response = await apiCall(
      options.httpUrl,
      options.token,
      method,
      path,
      extra.body,
      extra.headers,
    );
    if (response.status >= 300) {
      options.errors.add(
        'dispatcher request',
        `${method} ${path}: ${response.status} ${JSON.stringify(response.json)}`,
      );
      return undefined;
    }
    return { json: response.json, sentAt };
  } catch (error) {
    options.errors.add('dispatcher request', `${method} ${path}: ${String(error)}`);
    return undefined;
  }
}
