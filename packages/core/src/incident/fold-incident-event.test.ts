import { describe, expect, it } from 'vitest';
import { decideIncident } from './decide-incident.ts';
import { foldIncidentEvent } from './fold-incident-event.ts';
import type { Incident } from './incident.ts';
import { incidentReplays } from '../testing/incident-replays.ts';

const t0 = Date.parse('2026-11-28T08:00:00Z');
const place = { lon: 118.7837, lat: 32.0446 };

describe('foldIncidentEvent', () => {
  for (const replay of incidentReplays()) {
    it(`rebuilds decideIncident's state from the events: ${replay.name}`, () => {
      expect(replay.events.length).toBeGreaterThan(1);
      let folded: Incident | undefined;
      for (const event of replay.events) folded = foldIncidentEvent(folded, event);
      expect(folded).toEqual(replay.state);
    });
  }

  it('reads the escalation level from the event instead of counting events', () => {
    const escalating = incidentReplays()[0];
    const levels = escalating.events
      .filter((e) => e.type === 'incident.escalated')
      .map((e) => (e.payload as { level: number }).level);
    expect(Math.max(...levels)).toBeGreaterThanOrEqual(3);
  });

  it('drops the duplicate hint when it is dismissed', () => {
    const ctx = { now: t0, actorId: 'd1' };
    const first = decideIncident(
      undefined,
      {
        type: 'create',
        incidentId: 'a',
        orgId: 'o',
        source: 'call',
        categoryCode: 'violent_attack',
        location: place,
        description: 'x',
      },
      ctx,
    ).state;
    const second = decideIncident(
      undefined,
      {
        type: 'create',
        incidentId: 'b',
        orgId: 'o',
        source: 'call',
        categoryCode: 'violent_attack',
        location: place,
        description: 'y',
      },
      { ...ctx, openIncidents: [first] },
    );
    expect(second.state.probableDuplicateOf).toBe('a');
    const dismissed = decideIncident(second.state, { type: 'dismiss_duplicate' }, ctx);
    let folded: Incident | undefined;
    for (const e of [...second.events, ...dismissed.events]) folded = foldIncidentEvent(folded, e);
    expect(folded).toEqual(dismissed.state);
    expect(folded?.probableDuplicateOf).toBeUndefined();
  });
});
