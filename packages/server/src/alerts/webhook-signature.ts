import { createHmac, timingSafeEqual } from 'node:crypto';
import { validKeys, type Partner } from '@jiefang/core';
import { ServerError, ServerErrorCode } from '../http/server-error.ts';

/** How far a signed timestamp may be from the server's clock, either way. */
export const WEBHOOK_SKEW_MS = 5 * 60_000;

export const SIGNATURE_HEADERS = {
  keyId: 'x-jiefang-key-id',
  timestamp: 'x-jiefang-timestamp',
  signature: 'x-jiefang-signature',
} as const;

/** `sha256=` + hex HMAC-SHA256 of "<timestamp>.<body>" with the key's secret. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The headers a partner sends with a body (for tests, the demo and the benchmark). */
export function signedHeaders(
  keyId: string,
  secret: string,
  body: string,
  nowMs: number,
): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    'content-type': 'application/json',
    [SIGNATURE_HEADERS.keyId]: keyId,
    [SIGNATURE_HEADERS.timestamp]: timestamp,
    [SIGNATURE_HEADERS.signature]: signWebhook(secret, timestamp, body),
  };
}

const refuse = (message: string) =>
  new ServerError(ServerErrorCode.SIGNATURE_INVALID, 401, message, 'x-jiefang-signature');

/**
 * Checks a partner's signature over the raw body: a key of the partner valid now (during a
 * rotation both), a timestamp within WEBHOOK_SKEW_MS, and the HMAC compared in constant time.
 * Unknown partner, unknown key and wrong signature answer alike, so a prober learns nothing.
 */
export function verifyWebhook(
  partner: Partner | undefined,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  nowMs: number,
): void {
  const header = (name: string) => {
    const value = headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  const keyId = header(SIGNATURE_HEADERS.keyId);
  const timestamp = header(SIGNATURE_HEADERS.timestamp);
  const signature = header(SIGNATURE_HEADERS.signature);
  if (!keyId || !timestamp || !signature) {
    throw refuse(
      `sign the request: ${Object.values(SIGNATURE_HEADERS).join(', ')} headers are required`,
    );
  }
  const key = partner ? validKeys(partner, nowMs).find((k) => k.keyId === keyId) : undefined;
  const expected = key ? signWebhook(key.secret, timestamp, rawBody) : undefined;
  const given = Buffer.from(signature);
  if (
    !expected ||
    given.length !== expected.length ||
    !timingSafeEqual(given, Buffer.from(expected))
  )
    throw refuse('the signature does not match a valid key of this partner');
  // Checked after the signature, so only a genuine old request learns that it is too old.
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) * 1000 : NaN;
  if (!Number.isFinite(seconds) || Math.abs(seconds - nowMs) > WEBHOOK_SKEW_MS) {
    throw new ServerError(
      ServerErrorCode.SIGNATURE_EXPIRED,
      401,
      'the signed timestamp is more than 5 minutes from the server clock',
      SIGNATURE_HEADERS.timestamp,
    );
  }
}
