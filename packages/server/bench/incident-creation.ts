import { latencyPercentile } from '@jiefang/core/latency-percentiles';
import type { JiefangServer } from '../src/app.ts';

/** A dispatcher's browser session against a listening server: base URL and session cookie. */
export interface HttpSession {
  baseUrl: string;
  cookie: string;
}

/** Logs in over HTTP as a browser does and keeps the session cookie the server set. */
export async function logIn(
  baseUrl: string,
  username: string,
  password: string,
): Promise<HttpSession> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200)
    throw new Error(`log in: ${response.status} ${await response.text()}`);
  const session = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('jf_session='));
  if (!session) throw new Error('log in: no jf_session cookie');
  return { baseUrl, cookie: session };
}

/**
 * POST /api/v1/incidents over HTTP as the session's dispatcher, through the whole stack (socket,
 * schema validation, session lookup, org-scope check, duplicate check, one durable SQLite
 * transaction), sequentially, after a warm-up. Returns the latencies and the created ids.
 */
export async function measureIncidentCreation(
  server: JiefangServer,
  session: HttpSession,
  log: (line: string) => void,
  count = 400,
): Promise<{
  figures: { create_incident_p50_ms: number; p99_ms: number };
  incidentIds: string[];
}> {
  const drive = server.ctx.router.graph('drive');
  const samples: number[] = [];
  const incidentIds: string[] = [];
  for (let i = 0; i < count + 50; i++) {
    const v = (i * 104729) % drive.nodeCount;
    const started = performance.now();
    const response = await fetch(`${session.baseUrl}/api/v1/incidents`, {
      method: 'POST',
      headers: {
        cookie: session.cookie,
        'content-type': 'application/json',
        'idempotency-key': `bench-incident-${i}`,
      },
      body: JSON.stringify({
        source: 'call',
        categoryCode: 'fight',
        location: { lon: drive.nodeLon[v], lat: drive.nodeLat[v] },
        description: `benchmark incident ${i}`,
        reporter: { name: 'Bench Caller', phone: '555-0100' },
      }),
    });
    const body = await response.text();
    const elapsed = performance.now() - started;
    if (response.status !== 201) throw new Error(`create incident: ${response.status} ${body}`);
    incidentIds.push((JSON.parse(body) as { id: string }).id);
    if (i >= 50) samples.push(elapsed);
  }
  const p50 = latencyPercentile(samples, 0.5);
  const p99 = latencyPercentile(samples, 0.99);
  log(
    `create incident over HTTP as a station dispatcher (SQLite, durable): p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`,
  );
  return {
    figures: {
      create_incident_p50_ms: Math.round(p50 * 1000) / 1000,
      p99_ms: Math.round(p99 * 1000) / 1000,
    },
    incidentIds,
  };
}

/**
 * GET /api/v1/incidents/:id/recommendation over HTTP as the session's dispatcher: session lookup,
 * the incident's plan lookup, the exclusion of units outside the dispatcher's scope and the
 * response's serialisation are all on the path (the in-process figure has none of them).
 */
export async function measureHttpRecommendation(
  session: HttpSession,
  incidentIds: readonly string[],
  log: (line: string) => void,
  warmup = 30,
): Promise<{ samples: number[]; picks: number }> {
  const samples: number[] = [];
  let picks = 0;
  for (let i = 0; i < incidentIds.length; i++) {
    const started = performance.now();
    const response = await fetch(
      `${session.baseUrl}/api/v1/incidents/${encodeURIComponent(incidentIds[i])}/recommendation`,
      { headers: { cookie: session.cookie } },
    );
    const body = await response.text();
    const elapsed = performance.now() - started;
    if (response.status !== 200) throw new Error(`recommendation: ${response.status} ${body}`);
    if (i >= warmup) samples.push(elapsed);
    const tiers = (JSON.parse(body) as { tiers: { candidates: unknown[] }[] }).tiers;
    picks += tiers.reduce((n, t) => n + t.candidates.length, 0);
  }
  log(
    `recommend over HTTP as a station dispatcher: p50 ${latencyPercentile(samples, 0.5).toFixed(2)} ms, p99 ${latencyPercentile(samples, 0.99).toFixed(2)} ms (${samples.length} requests, ${picks} picks in all)`,
  );
  return { samples, picks };
}
