import type { JiefangServer } from '../src/app.ts';

/**
 * POST /api/v1/incidents through the whole HTTP stack (schema validation, authorisation,
 * duplicate check, one durable SQLite transaction), sequentially, after a warm-up.
 */
export async function measureIncidentCreation(
  server: JiefangServer,
  token: string,
  log: (line: string) => void,
  count = 400,
): Promise<{ create_incident_p50_ms: number; p99_ms: number }> {
  const drive = server.ctx.router.graph('drive');
  const samples: number[] = [];
  for (let i = 0; i < count + 50; i++) {
    const v = (i * 104729) % drive.nodeCount;
    const started = performance.now();
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': `bench-incident-${i}` },
      payload: {
        source: 'call',
        categoryCode: 'fight',
        location: { lon: drive.nodeLon[v], lat: drive.nodeLat[v] },
        description: `benchmark incident ${i}`,
        reporter: { name: 'Bench Caller', phone: '555-0100' },
      },
    });
    const elapsed = performance.now() - started;
    if (response.statusCode !== 201)
      throw new Error(`create incident: ${response.statusCode} ${response.body}`);
    if (i >= 50) samples.push(elapsed);
  }
  samples.sort((a, b) => a - b);
  const p50 = samples[Math.floor(samples.length * 0.5)];
  const p99 = samples[Math.floor(samples.length * 0.99)];
  log(`create incident (SQLite, durable): p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`);
  return {
    create_incident_p50_ms: Math.round(p50 * 1000) / 1000,
    p99_ms: Math.round(p99 * 1000) / 1000,
  };
}
