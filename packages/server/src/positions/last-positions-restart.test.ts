import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

/**
 * What the recommendation for a fresh call at `site-1` offers: tier and road ETA of each pick
 * (units at the same spot tie, and which of them comes first is not what this test is about).
 */
async function recommendedUnits(server: TestServer): Promise<string[]> {
  const site = server.ctx.world.sites.get('site-1')!.value;
  const incident = await server.createIncident(site.location);
  const response = await server.app.inject({
    method: 'GET',
    url: `/api/v1/incidents/${incident.id}/recommendation`,
    headers: { cookie: await server.cookie('dispatcher') },
  });
  expect(response.statusCode).toBe(200);
  const body = response.json() as {
    tiers: { tier: number; candidates: { unitId: string; etaSeconds: number }[] }[];
  };
  return body.tiers.flatMap((t) =>
    t.candidates.map((c) => `${t.tier}:${Math.round(c.etaSeconds)}`),
  );
}

describe('last known positions across a restart', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('recommends right after a restart, before any phone reports again', async () => {
    const databaseUrl = join(mkdtempSync(join(tmpdir(), 'jiefang-restart-')), 'test.db');
    const first = await startTestServer({ databaseUrl });
    servers.push(first);
    first.placeUnits();
    const before = await recommendedUnits(first);
    expect(before.length).toBeGreaterThan(0);
    await first.close();
    servers.pop();

    // Without the persisted last positions a fresh server knows no unit's position.
    const fresh = await startTestServer();
    servers.push(fresh);
    expect(await recommendedUnits(fresh)).toEqual([]);

    const restarted = await startTestServer({ databaseUrl });
    servers.push(restarted);
    expect(restarted.positions.positions.size).toBe(first.seed.startPositions.size);
    expect(await recommendedUnits(restarted)).toEqual(before);
  });
});
