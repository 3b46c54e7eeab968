import { capSample, CAP_MAX_BYTES } from '@jiefang/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

const SENDER = 'camera-analytics@xuanwu.nanjing.example';

describe('POST /api/v1/alerts/cap', () => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer();
    const issued = await server.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie: await server.cookie('admin') },
      payload: { accountId: 'account-integration', name: 'camera analytics', days: 1 },
    });
    expect(issued.statusCode).toBe(201);
    token = issued.json().token as string;
  }, 60_000);
  afterAll(async () => server?.close());

  const post = (xml: string, headers: Record<string, string> = {}) =>
    server.app.inject({
      method: 'POST',
      url: '/api/v1/alerts/cap',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/cap+xml',
        ...headers,
      },
      payload: xml,
    });

  it('takes an alert from an integration token, once per identifier', async () => {
    const first = await post(capSample({ identifier: 'A-1' }));
    expect(first.statusCode, first.body).toBe(201);
    const alert = first.json().alert;
    expect(alert).toMatchObject({
      source: 'cap',
      sender: SENDER,
      event: 'crowd',
      severity: 'Severe',
      status: 'active',
      orgId: 'district',
    });
    expect(alert.location.lon).toBeCloseTo(118.783, 3);
    const again = await post(capSample({ identifier: 'A-1' }));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ duplicate: true, alert: { id: alert.id, version: 1 } });
    const list = await server.app.inject({
      url: '/api/v1/alerts',
      headers: { cookie: await server.cookie('dispatcher') },
    });
    expect(
      list.json().filter((a: { externalKey: string }) => a.externalKey === 'A-1'),
    ).toHaveLength(1);
  });

  it('follows references: Update changes the alert, Cancel ends it, both in its timeline', async () => {
    const created = (await post(capSample({ identifier: 'B-1' }))).json().alert;
    const ref = `${SENDER},B-1,2026-12-03T09:00:00+08:00`;
    const update = await post(
      capSample({
        identifier: 'B-2',
        msgType: 'Update',
        references: ref,
        severity: 'Extreme',
        sent: '2026-12-03T09:05:00+08:00',
      }),
      { 'content-type': 'application/xml' },
    );
    expect(update.statusCode, update.body).toBe(200);
    expect(update.json().alert).toMatchObject({ id: created.id, severity: 'Extreme', version: 2 });
    // A cancel may reference the update rather than the first message.
    const cancel = await post(
      capSample({
        identifier: 'B-3',
        msgType: 'Cancel',
        references: `${SENDER},B-2,2026-12-03T09:05:00+08:00`,
        sent: '2026-12-03T09:10:00+08:00',
      }),
    );
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(cancel.json().alert).toMatchObject({ id: created.id, status: 'cancelled' });
    const timeline = await server.app.inject({
      url: `/api/v1/alerts/${created.id}/timeline`,
      headers: { cookie: await server.cookie('dispatcher') },
    });
    expect(timeline.json().map((e: { type: string }) => e.type)).toEqual([
      'alert.received',
      'alert.updated',
      'alert.cancelled',
    ]);
    const late = await post(
      capSample({
        identifier: 'B-4',
        msgType: 'Update',
        references: ref,
        sent: '2026-12-03T09:20:00+08:00',
      }),
    );
    expect([late.statusCode, late.json().error.code]).toEqual([409, 'ERR_ILLEGAL_TRANSITION']);
  });

  it('refuses an Update whose references name no alert', async () => {
    const response = await post(
      capSample({
        identifier: 'C-2',
        msgType: 'Update',
        references: `${SENDER},nothing,2026-12-03T09:00:00+08:00`,
      }),
    );
    expect([response.statusCode, response.json().error.field]).toEqual([404, 'alert.references']);
  });

  it('answers coded errors for malformed XML, the wrong namespace, a huge body and JSON', async () => {
    const malformed = await post(capSample().replace('</info>', ''));
    expect([
      malformed.statusCode,
      malformed.json().error.code,
      malformed.json().error.field,
    ]).toEqual([400, 'ERR_VALIDATION', 'body']);
    const wrongNs = await post(capSample({ namespace: 'urn:oasis:names:tc:emergency:cap:1.1' }));
    expect([wrongNs.statusCode, wrongNs.json().error.field]).toEqual([400, 'alert.xmlns']);
    const huge = await post(
      capSample({ infoExtra: `<description>${'x'.repeat(CAP_MAX_BYTES)}</description>` }),
    );
    expect([huge.statusCode, huge.json().error.code]).toEqual([413, 'ERR_BODY_TOO_LARGE']);
    const json = await post('{"identifier":"x"}', { 'content-type': 'application/json' });
    expect([json.statusCode, json.json().error.code]).toEqual([415, 'ERR_UNSUPPORTED_MEDIA_TYPE']);
    const missing = await post(capSample({ identifier: 'D-1', severity: 'Awful' }));
    expect([missing.statusCode, missing.json().error.field]).toEqual([
      400,
      'alert.info[0].severity',
    ]);
  });

  it('takes alerts from a dispatcher session too, and refuses a responder', async () => {
    const asDispatcher = await post(capSample({ identifier: 'E-1' }), {
      authorization: '',
      cookie: await server.cookie('dispatcher'),
    });
    expect(asDispatcher.statusCode).toBe(201);
    const asResponder = await post(capSample({ identifier: 'E-2' }), {
      authorization: '',
      cookie: await server.cookie('responder'),
    });
    expect([asResponder.statusCode, asResponder.json().error.code]).toEqual([403, 'ERR_FORBIDDEN']);
  });
});
