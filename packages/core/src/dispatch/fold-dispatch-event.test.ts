import { describe, expect, it } from 'vitest';
import { decideDispatch, type DispatchCommand } from './decide-dispatch.ts';
import {
  CANCELLABLE_DISPATCH_STATUSES,
  DISPATCH_STATUSES,
  ENGAGED,
  LIVE_DISPATCH_STATUSES,
  isLiveDispatch,
  type Dispatch,
} from './dispatch.ts';
import { foldDispatchEvent } from './fold-dispatch-event.ts';

const t0 = Date.parse('2026-11-28T08:00:00Z');
const create: DispatchCommand = {
  type: 'create',
  dispatchId: 'd1',
  incidentId: 'i1',
  unitId: 'e1',
  orgId: 'xjk',
  tier: 1,
  etaSeconds: 40,
};

/** Every path a dispatch can take to a final status. */
const paths: Record<string, DispatchCommand[]> = {
  'answered and worked': [
    { type: 'deliver' },
    { type: 'accept' },
    { type: 'depart' },
    { type: 'arrive', source: 'position', distanceMetres: 42.4 },
    { type: 'clear', outcome: 'resolved' },
  ],
  'accepted on the spot': [{ type: 'accept' }, { type: 'arrive', source: 'manual' }],
  declined: [{ type: 'deliver' }, { type: 'decline', reason: 'engaged elsewhere' }],
  'timed out': [{ type: 'time_out' }],
  'stood down': [{ type: 'accept' }, { type: 'depart' }, { type: 'cancel', reason: 'duplicate' }],
};

describe('foldDispatchEvent', () => {
  for (const [name, commands] of Object.entries(paths)) {
    it(`rebuilds decideDispatch's state from the events: ${name}`, () => {
      let state: Dispatch | undefined;
      let folded: Dispatch | undefined;
      for (const [i, command] of [create, ...commands].entries()) {
        const decision = decideDispatch(state, command, { now: t0 + i * 60_000, actorId: 'u' });
        state = decision.state;
        for (const event of decision.events) folded = foldDispatchEvent(folded, event);
        expect(folded).toEqual(state);
      }
      expect(commands.length).toBeGreaterThan(0);
    });
  }

  it('leaves the dispatch as it was for an unknown event type', () => {
    const created = decideDispatch(undefined, create, { now: t0, actorId: 'u' }).state;
    expect(foldDispatchEvent(created, { type: 'dispatch.renamed', payload: {} })).toBe(created);
  });
});

describe('dispatch status sets', () => {
  it('live is every status with a way out; engaged adds cleared; stand-down stops at arrival', () => {
    expect(LIVE_DISPATCH_STATUSES).toEqual([
      'notified',
      'delivered',
      'accepted',
      'en_route',
      'on_scene',
    ]);
    expect(ENGAGED).toEqual([...LIVE_DISPATCH_STATUSES, 'cleared']);
    expect(CANCELLABLE_DISPATCH_STATUSES).toEqual([
      'notified',
      'delivered',
      'accepted',
      'en_route',
    ]);
    expect(DISPATCH_STATUSES.filter(isLiveDispatch)).toEqual(LIVE_DISPATCH_STATUSES);
    expect(isLiveDispatch('cancelled')).toBe(false);
  });
});
