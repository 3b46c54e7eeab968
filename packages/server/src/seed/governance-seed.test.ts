import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';
import { seedGovernance } from './governance-seed.ts';

describe('seedGovernance (the demo)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  }, 60_000);
  afterAll(async () => server?.close());

  it('adds the departments, routes by them, and issues a working Open311 api_key', async () => {
    const { open311ApiKey } = await seedGovernance(server.ctx);
    expect(server.ctx.world.orgs.get('dept-housing')?.value.kind).toBe('department');
    const services = await server.app.inject({
      url: `/open311/v2/services.json?api_key=${open311ApiKey}`,
    });
    expect(services.statusCode).toBe(200);
    const routing = await server.app.inject({
      url: '/api/v1/cases/routing?categoryCode=housing_repair&orgId=station-1',
      headers: { cookie: await server.cookie('dispatcher') },
    });
    expect(routing.json().routing.departmentId).toBe('dept-housing');
    // A second start adds nothing twice and issues a new key.
    const again = await seedGovernance(server.ctx);
    expect(again.open311ApiKey).not.toBe(open311ApiKey);
  });
});
