import { BasemapStyleQuery } from '@jiefang/contract';
import { Type } from 'typebox';
import type { TypedApp } from '../http/typed-app.ts';
import type { FastifyRequest } from 'fastify';
import { buildBasemapStyle } from '../basemap/basemap-style.ts';
import { TileService } from '../basemap/tile-service.ts';
import type { ServerContext } from '../context.ts';
import { ServerError, ServerErrorCode } from '../http/server-error.ts';

/** Tiles change only when the city is imported again; ETags catch that within the hour. */
const TILE_CACHE_CONTROL = 'private, max-age=3600';
const TILE_PATH = '/api/v1/tiles/:z/:x/:y.pbf';

/**
 * The tile service of this server: `ctx.services.basemap` when the composition root loaded one
 * (`ctx.services.basemap = await TileService.load(config.basemap)`), else loaded here on first
 * use from `config.basemap` when that is set.
 */
function tileServiceOf(ctx: ServerContext): Promise<TileService> | TileService {
  const loaded = ctx.services.basemap;
  if (loaded instanceof TileService) return loaded;
  const path = ctx.config.basemap;
  if (typeof path !== 'string' || path === '') {
    throw new ServerError(
      ServerErrorCode.ROUTE_NOT_FOUND,
      404,
      'this server has no basemap: import the city with `jiefang import` and start the server with its .basemap.json.gz',
    );
  }
  let loading = ctx.services.basemapLoading;
  if (loading === undefined) {
    loading = TileService.load(path).then((service) => {
      ctx.services.basemap = service;
      return service;
    });
    // A failed load is retried by the next request rather than cached.
    loading.catch(() => delete ctx.services.basemapLoading);
    ctx.services.basemapLoading = loading;
  }
  return loading;
}

/** The request's own origin, so that tile URLs in the style point back at this server. */
function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/**
 * The offline basemap: Mapbox Vector Tiles cut from the city's OSM data, and the MapLibre style
 * that draws them. Authenticated like every route (MapLibre's same-origin requests carry the
 * session cookie); the data itself is OpenStreetMap's.
 */
export function basemapRoutes(app: TypedApp, ctx: ServerContext): void {
  app.get(
    TILE_PATH,
    {
      schema: {
        tags: ['basemap'],
        summary: 'A vector tile of the city basemap (Mapbox Vector Tile 2.1; 204 where empty)',
        params: Type.Object({ z: Type.String(), x: Type.String(), y: Type.String() }),
      },
    },
    async (request, reply) => {
      const { z, x, y } = request.params;
      const tiles = await tileServiceOf(ctx);
      const bytes = tiles.getTile(z, x, y);
      const etag = `"${tiles.revision}"`;
      void reply.header('cache-control', TILE_CACHE_CONTROL).header('etag', etag);
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      if (bytes === null) return reply.status(204).send();
      return reply
        .header('content-type', 'application/vnd.mapbox-vector-tile')
        .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    },
  );

  app.get(
    '/api/v1/basemap/style.json',
    {
      schema: {
        tags: ['basemap'],
        summary: 'MapLibre style (v8) for the city basemap; labels render with local fonts',
        querystring: BasemapStyleQuery,
      },
    },
    async (request, reply) => {
      const tiles = await tileServiceOf(ctx);
      const style = buildBasemapStyle({
        tileUrl: `${originOf(request)}/api/v1/tiles/{z}/{x}/{y}.pbf`,
        bounds: tiles.bounds,
        center: tiles.center,
        maxzoom: tiles.maxZoom,
        language: request.query.lang ?? 'zh-CN',
      });
      // Built from the Host header: never let a shared cache hand it to another host's clients.
      return reply.header('cache-control', 'no-cache').header('vary', 'Host').send(style);
    },
  );
}
