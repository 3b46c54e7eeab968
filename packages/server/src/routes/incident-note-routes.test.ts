import { FixedClock, type Site } from '@jiefang/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-support/test-server.ts';

describe('incident notes', () => {
  let server: TestServer;
  let site: Site;
  let unitId: string;
  const clock = new FixedClock(Date.now());

  const call = async (
    method: 'GET' | 'POST',
    url: string,
    user: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) =>
    server.app.inject({
      method,
      url,
      payload,
      headers: { cookie: await server.cookie(user), ...headers },
    });

  const newIncident = async () => {
    const response = await call('POST', '/api/v1/incidents', 'dispatcher', {
      source: 'call',
      categoryCode: 'fight',
      location: { lon: site.location.lon, lat: site.location.lat },
      description: '商场门口有人打架',
    });
    expect(response.statusCode).toBe(201);
    return response.json().id as string;
  };

  const notesOf = async (incidentId: string) =>
    (await call('GET', `/api/v1/incidents/${incidentId}/timeline`, 'dispatcher'))
      .json()
      .events.filter((e: { type: string }) => e.type === 'incident.note_added')
      .map((e: { payload: { text: string; unitId?: string } }) => e.payload);

  beforeAll(async () => {
    server = await startTestServer({ clock });
    server.placeUnits();
    site = server.ctx.world.sites.get('site-1')!.value;
    unitId = (await call('GET', '/api/v1/auth/me', 'responder')).json().unitIds[0];
  });
  afterAll(async () => server.close());

  it("takes a responder's note for the job their unit took, once per Idempotency-Key", async () => {
    const incidentId = await newIncident();
    const note = { text: ' 双方已被劝开，一人轻伤 ', unitId };
    // Before the unit has the job: refused.
    const early = await call('POST', `/api/v1/incidents/${incidentId}/notes`, 'responder', note);
    expect(early.statusCode).toBe(403);
    expect(early.json().error).toMatchObject({ code: 'ERR_FORBIDDEN', field: 'unitId' });

    const dispatch = await call('POST', '/api/v1/dispatches', 'dispatcher', {
      incidentId,
      unitId,
      tier: 2,
    });
    expect(dispatch.statusCode).toBe(201);
    const accepted = await call(
      'POST',
      `/api/v1/dispatches/${dispatch.json().id}/accept`,
      'responder',
    );
    expect(accepted.statusCode).toBe(200);

    const key = { 'idempotency-key': 'note-from-the-phone-1' };
    const first = await call(
      'POST',
      `/api/v1/incidents/${incidentId}/notes`,
      'responder',
      note,
      key,
    );
    expect(first.statusCode).toBe(201);
    // The phone sends again after a lost answer: answered, not added twice.
    const again = await call(
      'POST',
      `/api/v1/incidents/${incidentId}/notes`,
      'responder',
      note,
      key,
    );
    expect(again.statusCode).toBe(201);
    expect(await notesOf(incidentId)).toEqual([
      expect.objectContaining({ text: '双方已被劝开，一人轻伤', unitId }),
    ]);
  });

  it('lets the command room note without a unit, and refuses a responder without one', async () => {
    const incidentId = await newIncident();
    const fromRoom = await call('POST', `/api/v1/incidents/${incidentId}/notes`, 'dispatcher', {
      text: '报警人回电：已散去',
    });
    expect(fromRoom.statusCode).toBe(201);
    const noUnit = await call('POST', `/api/v1/incidents/${incidentId}/notes`, 'responder', {
      text: '我在现场',
    });
    expect(noUnit.statusCode).toBe(403);
    expect(await notesOf(incidentId)).toEqual([
      expect.not.objectContaining({ unitId: expect.anything() }),
    ]);
  });

  it('refuses an empty, over-long or non-string note naming the field', async () => {
    const incidentId = await newIncident();
    for (const text of ['   ', 'x'.repeat(2001), 7]) {
      const bad = await call('POST', `/api/v1/incidents/${incidentId}/notes`, 'dispatcher', {
        text,
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.field).toMatch(/text/);
    }
    expect(await notesOf(incidentId)).toEqual([]);
  });
});
