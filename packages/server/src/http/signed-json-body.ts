import type { FastifyInstance, FastifyRequest } from 'fastify';

/** A request's body as sent (the bytes a signature covers) and whether it parsed as JSON. */
export interface RawJsonBody {
  raw: string;
  unparsable: boolean;
}

/**
 * Makes an (encapsulated) Fastify instance keep each JSON body's raw text beside the parsed
 * value, so a signature over the exact bytes can be checked before the body is looked at. A
 * body that is not JSON parses as `{}` and is marked, for the route to refuse after the
 * signature check (an unsigned probe learns nothing about parsing).
 */
export function keepRawJsonBodies(app: FastifyInstance): (request: FastifyRequest) => RawJsonBody {
  const bodies = new WeakMap<object, RawJsonBody>();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const raw = typeof body === 'string' ? body : body.toString('utf8');
    let parsed: unknown = {};
    let unparsable = false;
    try {
      parsed = JSON.parse(raw);
    } catch {
      unparsable = true;
    }
    bodies.set(request, { raw, unparsable });
    done(null, parsed);
  });
  return (request) => bodies.get(request) ?? { raw: '', unparsable: true };
}
