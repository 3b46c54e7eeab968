import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

describe('Prometheus metrics', () => {
  let server: TestServer;
  let endpoint: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    server = await startTestServer();
    server.placeUnits();
    server.metrics.attach({
      liveSockets: () => 3,
      pendingTrackFixes: () => server.positions.pendingFixes,
    });
    endpoint = await server.metrics.listen('127.0.0.1', 0);
  });
  afterAll(async () => {
    await endpoint.close();
    await server.close();
  });

  const scrape = async () => {
    const response = await fetch(endpoint.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };
  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(series));
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
  };

  it('counts requests by route pattern, events by their lag, sockets, queued fixes and the WAL', async () => {
    const incident = await server.createIncident(server.seed.startPositions.get('eu-1')!);
    await server.app.inject({
      method: 'GET',
      url: `/api/v1/incidents/${incident.id}`,
      headers: { cookie: await server.cookie('dispatcher') },
    });
    const text = await scrape();
    expect(
      value(
        text,
        'jiefang_http_request_duration_seconds_count{method="GET",route="/api/v1/incidents/:id",status="200"}',
      ),
    ).toBe(1);
    expect(text).not.toContain(incident.id); // one series per route, never per id
    expect(value(text, 'jiefang_event_stream_lag_seconds_count')).toBeGreaterThan(0);
    expect(value(text, 'jiefang_live_sockets')).toBe(3);
    expect(value(text, 'jiefang_track_queue_fixes')).toBe(server.positions.pendingFixes);
    expect(value(text, 'jiefang_sqlite_wal_bytes')).toBeGreaterThan(0);
    expect(value(text, 'jiefang_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('serves nothing but GET /metrics', async () => {
    expect((await fetch(endpoint.url.replace('/metrics', '/api/v1/units'))).status).toBe(404);
  });
});
