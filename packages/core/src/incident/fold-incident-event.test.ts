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
      const own = replay.events.filter((e) => e.aggregateType === 'incident');
      expect(own.length).toBeGreaterThan(1);
      let folded: Incident | undefined;
      for (const event of own) folded = foldIncidentEvent(folded, event);
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

  it('replays every kind of event the incident view depends on', () => {
    const types = new Set(incidentReplays().flatMap((r) => r.events.map((e) => e.type)));
    for (const type of [
      'incident.escalated',
      'incident.linked_duplicate',
      'incident.duplicate_dismissed',
      'incident.stage_changed',
      'incident.first_on_scene',
      'incident.all_cleared',
      'incident.reprioritised',
      'incident.location_corrected',
      'incident.cancelled',
      'dispatch.declined',
      'dispatch.timed_out',
      'dispatch.accepted',
      'dispatch.cancelled',
      'dispatch.cleared',
    ])
      expect(types).toContain(type);
    const levels = incidentReplays()
      .flatMap((r) => r.events)
      .filter((e) => e.type === 'incident.escalated')
      .map((e) => (e.payload as { level: number }).level);
    expect(new Set(levels)).toEqual(new Set([1, 2, 3]));
    // The accept moved the incident to handle by itself, naming the dispatch.
    const loop = incidentReplays().find((r) => r.name.startsWith('re-offers'))!;
    expect(
      loop.events.find(
        (e) => e.type === 'incident.stage_changed' && (e.payload as { to: string }).to === 'handle',
      )?.payload,
    ).toMatchObject({ cause: { dispatchId: 'd-3', status: 'accepted' } });
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
