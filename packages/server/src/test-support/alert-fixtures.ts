import { squareAround } from '@jiefang/core';
import { signedHeaders } from '../alerts/webhook-signature.ts';
import type { TestServer } from './test-server.ts';

export { squareAround };

export interface RegisteredPartner {
  id: string;
  keyId: string;
  secret: string;
}

/** Registers a partner as the city admin; returns its id and first key. */
export async function registerPartner(
  server: TestServer,
  body: { id: string; orgId: string; name: string; kind: string; zones: unknown[] },
): Promise<RegisteredPartner> {
  const response = await server.app.inject({
    method: 'POST',
    url: '/api/v1/partners',
    headers: { cookie: await server.cookie('admin') },
    payload: body,
  });
  if (response.statusCode !== 201) throw new Error(`register partner: ${response.body}`);
  const answer = response.json() as { keyId: string; secret: string };
  return { id: body.id, keyId: answer.keyId, secret: answer.secret };
}

/** Posts a partner event signed with the partner's key at the server's clock (or `atMs`). */
export function postPartnerEvent(
  server: TestServer,
  partner: RegisteredPartner,
  event: Record<string, unknown>,
  options: { atMs?: number; secret?: string; keyId?: string } = {},
) {
  const body = JSON.stringify(event);
  return server.app.inject({
    method: 'POST',
    url: `/api/v1/partners/${partner.id}/events`,
    headers: signedHeaders(
      options.keyId ?? partner.keyId,
      options.secret ?? partner.secret,
      body,
      options.atMs ?? server.ctx.clock.now(),
    ),
    payload: body,
  });
}
