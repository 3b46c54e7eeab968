import { describe, expect, it } from 'vitest';
import { catchDomainError } from '../testing/catch-domain-error.ts';
import { offset, MALL } from '../testing/geometry.ts';
import { decideDispatch, type CreateDispatch, type DispatchCommand } from './decide-dispatch.ts';
import { detectArrival } from './detect-arrival.ts';
import {
  DISPATCH_STATUSES,
  DISPATCH_TRANSITIONS,
  unitStatusForDispatch,
  type Dispatch,
  type DispatchStatus,
} from './dispatch.ts';

const t0 = Date.parse('2026-11-28T08:00:00Z');
const at = (seconds: number) => ({ now: t0 + seconds * 1000, actorId: 'u-1' });
const create: CreateDispatch = {
  type: 'create',
  dispatchId: 'd1',
  incidentId: 'i1',
  unitId: 'e1',
  orgId: 'xjk',
  tier: 1,
  etaSeconds: 40,
};
const notified = decideDispatch(undefined, create, at(0)).state;
const inStatus = (status: DispatchStatus): Dispatch => ({ ...notified, status });

/** One command that moves into each status. */
const commandFor: Record<Exclude<DispatchStatus, 'notified'>, DispatchCommand> = {
  delivered: { type: 'deliver' },
  accepted: { type: 'accept' },
  declined: { type: 'decline', reason: 'already engaged with a shoplifter' },
  timed_out: { type: 'time_out' },
  en_route: { type: 'depart' },
  on_scene: { type: 'arrive', source: 'manual' },
  cleared: { type: 'clear', outcome: 'suspect detained' },
  cancelled: { type: 'cancel', reason: 'duplicate call' },
};

const legal: [DispatchStatus, Exclude<DispatchStatus, 'notified'>][] = [
  ['notified', 'delivered'],
  ['notified', 'accepted'],
  ['notified', 'declined'],
  ['notified', 'timed_out'],
  ['notified', 'cancelled'],
  ['delivered', 'accepted'],
  ['delivered', 'declined'],
  ['delivered', 'timed_out'],
  ['delivered', 'cancelled'],
  ['accepted', 'en_route'],
  ['accepted', 'on_scene'],
  ['accepted', 'cancelled'],
  ['en_route', 'on_scene'],
  ['en_route', 'cancelled'],
  ['on_scene', 'cleared'],
];

describe('dispatch lifecycle', () => {
  it('creates a notified dispatch with the tier default accept timeout', () => {
    const { state, events } = decideDispatch(undefined, create, at(0));
    expect(state).toEqual({
      id: 'd1',
      incidentId: 'i1',
      unitId: 'e1',
      orgId: 'xjk',
      tier: 1,
      status: 'notified',
      times: { notified: '2026-11-28T08:00:00.000Z' },
      acceptTimeoutSeconds: 20,
      etaSeconds: 40,
    });
    expect(events).toEqual([{ type: 'dispatch.created', payload: state }]);
    expect(
      decideDispatch(undefined, { ...create, tier: 3 }, at(0)).state.acceptTimeoutSeconds,
    ).toBe(45);
    expect(
      decideDispatch(undefined, { ...create, acceptTimeoutSeconds: 15 }, at(0)).state
        .acceptTimeoutSeconds,
    ).toBe(15);
  });

  it.each(legal)('allows %s → %s, timestamped', (from, to) => {
    const { state, events } = decideDispatch(inStatus(from), commandFor[to], at(30));
    expect(state.status).toBe(to);
    expect(state.times[to]).toBe('2026-11-28T08:00:30.000Z');
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe(`dispatch.${to}`);
    expect(events[0].payload).toMatchObject({
      dispatchId: 'd1',
      incidentId: 'i1',
      unitId: 'e1',
      from,
      tier: 1,
    });
  });

  it('allows nothing else', () => {
    const allowed = new Set(legal.map(([a, b]) => `${a}>${b}`));
    for (const from of DISPATCH_STATUSES) {
      for (const to of DISPATCH_STATUSES) {
        expect(DISPATCH_TRANSITIONS[from].includes(to)).toBe(allowed.has(`${from}>${to}`));
      }
    }
  });

  it.each([
    ['notified', 'cleared'],
    ['delivered', 'cleared'],
    ['notified', 'en_route'],
    ['notified', 'on_scene'],
    ['declined', 'accepted'],
    ['timed_out', 'accepted'],
    ['cleared', 'cancelled'],
    ['on_scene', 'cancelled'],
    ['cancelled', 'en_route'],
    ['en_route', 'declined'],
  ] as [DispatchStatus, Exclude<DispatchStatus, 'notified'>][])('rejects %s → %s', (from, to) => {
    const e = catchDomainError(() => decideDispatch(inStatus(from), commandFor[to], at(30)));
    expect(e.code).toBe('ERR_ILLEGAL_TRANSITION');
    expect(e.message).toBe(`dispatch cannot go from ${from} to ${to}`);
  });

  it('keeps every timestamp along the way', () => {
    let d = notified;
    for (const [command, s] of [
      [{ type: 'deliver' }, 2],
      [{ type: 'accept' }, 8],
      [{ type: 'depart' }, 10],
      [{ type: 'arrive', source: 'manual' }, 45],
      [{ type: 'clear' }, 600],
    ] as [DispatchCommand, number][]) {
      d = decideDispatch(d, command, at(s)).state;
    }
    expect(d.times).toEqual({
      notified: '2026-11-28T08:00:00.000Z',
      delivered: '2026-11-28T08:00:02.000Z',
      accepted: '2026-11-28T08:00:08.000Z',
      en_route: '2026-11-28T08:00:10.000Z',
      on_scene: '2026-11-28T08:00:45.000Z',
      cleared: '2026-11-28T08:10:00.000Z',
    });
  });

  it('records promised and real arrival time', () => {
    const { events, state } = decideDispatch(
      inStatus('en_route'),
      { type: 'arrive', source: 'position' },
      at(52),
    );
    expect(events[0].payload).toMatchObject({
      source: 'position',
      etaSeconds: 40,
      actualSeconds: 52,
    });
    expect(state.arrivalSource).toBe('position');
  });

  it('times out only once the accept timeout has passed', () => {
    const early = catchDomainError(() => decideDispatch(notified, { type: 'time_out' }, at(19)));
    expect(early.code).toBe('ERR_ILLEGAL_TRANSITION');
    expect(early.message).toContain('before 2026-11-28T08:00:20.000Z');
    expect(decideDispatch(notified, { type: 'time_out' }, at(20)).state.status).toBe('timed_out');
  });

  it('requires a reason to decline or cancel', () => {
    expect(
      catchDomainError(() => decideDispatch(notified, { type: 'decline', reason: '' }, at(5)))
        .field,
    ).toBe('reason');
    expect(
      catchDomainError(() => decideDispatch(notified, { type: 'cancel', reason: ' ' }, at(5))).code,
    ).toBe('ERR_VALIDATION');
    const { state } = decideDispatch(notified, commandFor.declined, at(5));
    expect(state.declineReason).toBe('already engaged with a shoplifter');
  });

  it('validates the create command field by field', () => {
    const bad = {
      ...create,
      dispatchId: '',
      tier: 4,
      acceptTimeoutSeconds: 0,
      etaSeconds: -1,
    } as unknown as CreateDispatch;
    const e = catchDomainError(() => decideDispatch(undefined, bad, at(0)));
    expect(e.problems?.map((p) => p.field)).toEqual([
      'dispatchId',
      'tier',
      'acceptTimeoutSeconds',
      'etaSeconds',
    ]);
  });

  it('refuses to create twice or to move a dispatch that does not exist', () => {
    expect(catchDomainError(() => decideDispatch(notified, create, at(0))).code).toBe(
      'ERR_ALREADY_EXISTS',
    );
    expect(catchDomainError(() => decideDispatch(undefined, { type: 'accept' }, at(0))).code).toBe(
      'ERR_NOT_FOUND',
    );
  });

  it('keeps what the dispatch pre-empted', () => {
    const preempts = { incidentId: 'i0', dispatchId: 'd0', priority: 4 as const };
    expect(decideDispatch(undefined, { ...create, preempts }, at(0)).state.preempts).toEqual(
      preempts,
    );
  });
});

describe('on scene far from the incident', () => {
  it("keeps the responder's word and records the gap", () => {
    const decided = decideDispatch(
      inStatus('en_route'),
      { type: 'arrive', source: 'manual', distanceMetres: 634.4 },
      at(200),
    );
    expect(decided.state.status).toBe('on_scene');
    expect(decided.state.arrivalDistanceMetres).toBe(634);
    expect(decided.events[0].payload).toMatchObject({ distanceMetres: 634 });
  });

  it('refuses a distance that is not a finite, non-negative number', () => {
    for (const distanceMetres of [Number.NaN, -1, Number.POSITIVE_INFINITY]) {
      expect(() =>
        decideDispatch(
          inStatus('en_route'),
          { type: 'arrive', source: 'manual', distanceMetres },
          at(200),
        ),
      ).toThrow(/distanceMetres/);
    }
  });
});

describe('unitStatusForDispatch', () => {
  it.each([
    ['notified', 'notified'],
    ['delivered', 'notified'],
    ['accepted', 'en_route'],
    ['en_route', 'en_route'],
    ['on_scene', 'on_scene'],
    ['declined', 'available'],
    ['timed_out', 'available'],
    ['cleared', 'available'],
    ['cancelled', 'available'],
  ] as const)('%s → unit %s', (dispatch, unit) => {
    expect(unitStatusForDispatch(dispatch)).toBe(unit);
  });
});

describe('detectArrival', () => {
  const fix = (metres: number, accuracyM = 8) => ({ ...offset(metres, 0), at: t0, accuracyM });

  it('puts an accepted or travelling unit on scene within 50 m', () => {
    const near = detectArrival(inStatus('en_route'), MALL, fix(45));
    expect(near).toMatchObject({ type: 'arrive', source: 'position' });
    expect(near?.type === 'arrive' && near.distanceMetres).toBeCloseTo(45, 0);
    expect(detectArrival(inStatus('accepted'), MALL, fix(0))).toMatchObject({
      type: 'arrive',
      source: 'position',
    });
  });

  it('does nothing farther away, with a vague fix, or before acceptance or after arrival', () => {
    expect(detectArrival(inStatus('en_route'), MALL, fix(55))).toBeUndefined();
    expect(detectArrival(inStatus('en_route'), MALL, fix(10, 120))).toBeUndefined();
    expect(detectArrival(inStatus('notified'), MALL, fix(0))).toBeUndefined();
    expect(detectArrival(inStatus('on_scene'), MALL, fix(0))).toBeUndefined();
  });

  it('honours a configured radius', () => {
    expect(detectArrival(inStatus('en_route'), MALL, fix(80), { radiusMetres: 100 })).toBeDefined();
  });
});
