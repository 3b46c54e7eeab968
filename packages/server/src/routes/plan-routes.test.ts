import { DEFAULT_RESPONSE_PLANS } from '@jiefang/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

const plan = {
  name: 'Fight: two emergency units, police within three minutes',
  categoryCode: 'fight',
  priorities: [1, 2],
  preemptLowerPriority: true,
  tiers: [
    { tier: 1, units: [{ kinds: ['community'], count: 2, profile: 'walk' }] },
    {
      tier: 2,
      targetSeconds: 180,
      acceptTimeoutSeconds: 25,
      units: [{ kinds: ['police'], count: 1 }],
    },
  ],
};

describe('response plan routes', () => {
  let server: TestServer;
  const as = async (username: string) => ({ cookie: await server.cookie(username) });
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('shows the built-in 1-3-5 plans while none is stored', async () => {
    const response = await server.app.inject({
      url: '/api/v1/plans',
      headers: await as('analyst'),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().map((p: { id: string }) => p.id)).toEqual(
      DEFAULT_RESPONSE_PLANS.map((p) => p.id),
    );
    expect(response.json().every((p: { builtIn: boolean }) => p.builtIn)).toBe(true);
  });

  it('creates, replaces and retires a plan', async () => {
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/v1/plans',
      headers: { ...(await as('admin')), 'idempotency-key': 'plan-fight-once' },
      payload: { id: 'plan-fight', orgId: 'district', ...plan },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: 'plan-fight', orgId: 'district', version: 1 });
    expect(created.json().tiers[0]).toMatchObject({ targetSeconds: 60, acceptTimeoutSeconds: 20 });

    const listed = await server.app.inject({
      url: '/api/v1/plans',
      headers: await as('dispatcher'),
    });
    const listedPlans = listed.json() as { id: string; builtIn: boolean }[];
    expect(listedPlans[0].id).toBe('plan-fight');
    expect(listedPlans.slice(1).every((p) => p.builtIn)).toBe(true);

    const replaced = await server.app.inject({
      method: 'PUT',
      url: '/api/v1/plans/plan-fight',
      headers: { ...(await as('admin')), 'if-match': '"1"' },
      payload: { ...plan, name: 'Fight (revised)', priorities: [1] },
    });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({ name: 'Fight (revised)', priorities: [1], version: 2 });

    const retired = await server.app.inject({
      method: 'POST',
      url: '/api/v1/plans/plan-fight/retire',
      headers: await as('admin'),
      payload: { reason: 'merged into the city plan' },
    });
    expect(retired.statusCode).toBe(200);
    expect(retired.json().retired).toBe(true);
    const afterRetire = await server.app.inject({
      url: '/api/v1/plans',
      headers: await as('dispatcher'),
    });
    expect(afterRetire.json()[0].builtIn).toBe(true);
    const withRetired = await server.app.inject({
      url: '/api/v1/plans?includeRetired=true',
      headers: await as('dispatcher'),
    });
    const stored = (withRetired.json() as { id: string; builtIn: boolean }[]).filter(
      (p) => !p.builtIn,
    );
    expect(stored.map((p) => p.id)).toEqual(['plan-fight']);
  });

  it('reports core validation errors with the field, and changes nothing', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/plans',
      headers: await as('admin'),
      payload: {
        id: 'plan-bad',
        ...plan,
        tiers: [{ tier: 1, units: [{ kinds: ['police'], count: 0 }] }],
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'ERR_VALIDATION',
      field: 'tiers[0].units[0].count',
    });
    expect(await server.store.get('response_plan', 'plan-bad')).toBeUndefined();
    const unknownField = await server.app.inject({
      method: 'POST',
      url: '/api/v1/plans',
      headers: await as('admin'),
      payload: { ...plan, colour: 'red' },
    });
    expect(unknownField.json().error.field).toBe('colour');
  });

  it('checks role and scope', async () => {
    const dispatcher = await server.app.inject({
      method: 'POST',
      url: '/api/v1/plans',
      headers: await as('dispatcher'),
      payload: plan,
    });
    expect(dispatcher.statusCode).toBe(403);
    expect(
      (await server.app.inject({ url: '/api/v1/plans', headers: await as('responder') }))
        .statusCode,
    ).toBe(403);
    const missing = await server.app.inject({
      method: 'PUT',
      url: '/api/v1/plans/no-such-plan',
      headers: await as('admin'),
      payload: plan,
    });
    expect(missing.statusCode).toBe(404);
    const missingForDispatcher = await server.app.inject({
      method: 'PUT',
      url: '/api/v1/plans/no-such-plan',
      headers: await as('dispatcher'),
      payload: plan,
    });
    expect(missingForDispatcher.statusCode).toBe(403);
  });
});
