import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { TypedApp } from '../http/typed-app.ts';
import type { FastifyReply } from 'fastify';
import type { ServerContext } from '../context.ts';

/** Where `npm run build:web` puts the console (packages/web/dist); JIEFANG_WEB_DIST overrides. */
export const DEFAULT_WEB_DIST = resolve(
  fileURLToPath(new URL('.', import.meta.url)),
  '../../../web/dist',
);

export interface WebAppOptions {
  /** The built app's folder (with index.html); default DEFAULT_WEB_DIST. */
  root?: string;
}

/** What webAppRoutes leaves in ctx.services.webApp when it serves the console. */
export interface WebAppService {
  root: string;
}

/** Vite names built assets by content hash: they never change, so browsers keep them. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The console (packages/web) at `/`: the built files with @fastify/static, and index.html for
 * every other GET outside /api/ so that the app's own paths load it (SPA fallback). These are
 * public like login and /health — the files hold no data; every /api/ call stays authenticated.
 * Paths with a file extension that do not exist stay 404 (a stale asset must not turn into HTML),
 * and /api/ paths keep the API's JSON 404.
 *
 * Without a build (no index.html) nothing is registered and `ctx.services.webApp` stays unset,
 * so the server's status page can keep `/`. Files are listed once at start: restart the server
 * after rebuilding the app.
 */
export function webAppRoutes(app: TypedApp, ctx: ServerContext, options: WebAppOptions = {}): void {
  const root = resolve(options.root ?? process.env.JIEFANG_WEB_DIST ?? DEFAULT_WEB_DIST);
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    app.log.warn(`no web console at ${root}: run \`npm run build:web\` to serve it at /`);
    return;
  }
  ctx.services.webApp = { root } satisfies WebAppService;

  void app.register(fastifyStatic, {
    root,
    prefix: '/',
    // One route per built file, found at start: nothing outside the build can be asked for.
    wildcard: false,
    // `/` and other app paths are answered by the fallback below, with no-cache.
    index: false,
    schemaHide: true,
    serveDotFiles: false,
    cacheControl: false,
    setHeaders(response, path) {
      response.setHeader(
        'cache-control',
        path.includes(`${join(root, 'assets')}`) ? IMMUTABLE : 'no-cache',
      );
    },
  });

  const sendApp = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html', root);

  app.get('/*', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0];
    if (path === '/api' || path.startsWith('/api/') || /\.[A-Za-z0-9]+$/.test(path)) {
      return reply.callNotFound();
    }
    return sendApp(reply);
  });
}
