import { validationError } from '@jiefang/core';
import type { TypedApp } from '../http/typed-app.ts';
import { Type } from 'typebox';
import { caller } from '../auth/authenticate.ts';
import { guard } from '../auth/guard.ts';
import type { ServerContext } from '../context.ts';
import { errorResponses, PlaceHitSchema } from '@jiefang/contract';
import { nearestStreet } from '../search/nearest-street.ts';
import { DEFAULT_SEARCH_LIMIT, normaliseName, PlaceSearch } from '../search/place-search.ts';

export const MAX_SEARCH_LIMIT = 50;

/** The search index over the city's names, built once per server and shared. */
function placeSearchOf(ctx: ServerContext): PlaceSearch {
  let search = ctx.services.placeSearch;
  if (!search) {
    search = new PlaceSearch(ctx.router.city);
    ctx.services.placeSearch = search;
  }
  return search;
}

function withStreet<T extends object>(hit: T, street: string | undefined): T {
  return street === undefined ? hit : { ...hit, street };
}

function parseNear(near: string | undefined): { lon: number; lat: number } | undefined {
  if (near === undefined) return undefined;
  const [lon, lat] = near.split(',').map((part) => Number(part.trim()));
  if (!(Math.abs(lon) <= 180 && Math.abs(lat) <= 90)) {
    throw validationError('near', 'must be "lon,lat" with -180..180 and -90..90');
  }
  return { lon, lat };
}

/** Location search: the dispatcher types a street or POI name, in Chinese or Latin script. */
export function placeRoutes(app: TypedApp, ctx: ServerContext): void {
  const search = placeSearchOf(ctx);
  app.get(
    '/api/v1/places/search',
    {
      schema: {
        tags: ['places'],
        summary: 'Find POIs and streets of the city by name (Chinese or Latin script)',
        querystring: Type.Object(
          {
            q: Type.String({ minLength: 1, maxLength: 100, description: 'a name or part of one' }),
            near: Type.Optional(
              Type.String({
                pattern: '^\\s*-?[0-9.]+\\s*,\\s*-?[0-9.]+\\s*$',
                description: 'lon,lat: equally good matches nearer this point come first',
              }),
            ),
            limit: Type.Optional(
              Type.Integer({
                minimum: 1,
                maximum: MAX_SEARCH_LIMIT,
                default: DEFAULT_SEARCH_LIMIT,
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(PlaceHitSchema), ...errorResponses },
      },
    },
    async (request) => {
      // Searching places is part of taking an incident: whoever may read incidents may search.
      guard(ctx, request, 'incident.read', caller(request).orgId);
      const query = request.query;
      if (normaliseName(query.q) === '') {
        throw validationError(
          'q',
          'must contain a letter or digit, not only spaces or punctuation',
        );
      }
      const hits = search.search(query.q, { near: parseNear(query.near), limit: query.limit });
      // Rows a dispatcher can tell apart: a POI without an address says the street it is on.
      return hits.map((hit) =>
        hit.type === 'poi' && !hit.address ? withStreet(hit, nearestStreet(ctx.router, hit)) : hit,
      );
    },
  );
}
