import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerContext } from '../context.ts';
import { webAppRoutes } from './web-app-routes.ts';

/** A built app in a temp folder, served the way createServer serves packages/web/dist. */
function builtApp(): string {
  const root = mkdtempSync(join(tmpdir(), 'jiefang-web-dist-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  return root;
}

describe('webAppRoutes', () => {
  let app: FastifyInstance;
  const ctx = { services: {} } as ServerContext;

  beforeAll(async () => {
    app = Fastify();
    app.get('/api/v1/units', async () => [{ id: 'u1' }]);
    // The server's own JSON 404 (app.ts), which /api/ paths and missing files must keep.
    app.setNotFoundHandler((_request, reply) => {
      void reply.status(404).send({ error: { code: 'ERR_ROUTE_NOT_FOUND', message: 'no route' } });
    });
    webAppRoutes(app, ctx, { root: builtApp() });
    await app.ready();
  });

  afterAll(() => app.close());

  it('serves the app at / without caching, and says it does', async () => {
    const response = await app.inject({ url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.body).toContain('<div id="root">');
    expect(ctx.services.webApp).toBeDefined();
  });

  it('serves hashed assets as immutable', async () => {
    const response = await app.inject({ url: '/assets/index-abc123.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers the app for its own paths (SPA fallback)', async () => {
    const response = await app.inject({ url: '/incidents/42?tab=timeline' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<div id="root">');
  });

  it('keeps 404 for missing files and the API JSON 404 for /api/ paths', async () => {
    const missingFile = await app.inject({ url: '/assets/index-old999.js' });
    expect(missingFile.statusCode).toBe(404);
    const api = await app.inject({ url: '/api/v1/nothing-here' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: { code: 'ERR_ROUTE_NOT_FOUND' } });
    expect((await app.inject({ url: '/api/v1/units' })).json()).toEqual([{ id: 'u1' }]);
  });

  it('registers nothing without a build', async () => {
    const bare = Fastify();
    const bareCtx = { services: {} } as ServerContext;
    webAppRoutes(bare, bareCtx, { root: mkdtempSync(join(tmpdir(), 'jiefang-no-dist-')) });
    await bare.ready();
    expect((await bare.inject({ url: '/' })).statusCode).toBe(404);
    expect(bareCtx.services.webApp).toBeUndefined();
    await bare.close();
  });
});
