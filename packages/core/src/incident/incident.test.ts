import { describe, expect, it } from 'vitest';
import { catchDomainError } from '../testing/catch-domain-error.ts';
import { DEFAULT_CATALOGUE, IncidentCatalogue } from './catalogue.ts';
import {
  decideIncident,
  MAX_INCIDENT_NOTE_LENGTH,
  type IncidentContext,
} from './decide-incident.ts';
import { findProbableDuplicate } from './duplicates.ts';
import type { Incident } from './incident.ts';
import type { CreateIncident } from './validate-create-incident.ts';

const t0 = Date.parse('2026-11-28T08:00:00Z');
const ctx: IncidentContext = { now: t0, actorId: 'disp-1' };
// 中央商场, 新街口
const mall = { lon: 118.7837, lat: 32.0446, placeName: '中央商场' };

const createCommand: CreateIncident = {
  type: 'create',
  incidentId: 'i1',
  orgId: 'xjk',
  source: 'call',
  categoryCode: 'violent_attack',
  location: mall,
  reporter: { name: '陈女士', phone: '138 0000 1234' },
  description: '  商场一楼有人持刀伤人  ',
};

function created(
  overrides: Partial<CreateIncident> = {},
  context: IncidentContext = ctx,
): Incident {
  return decideIncident(undefined, { ...createCommand, ...overrides }, context).state;
}

describe('create incident', () => {
  it('creates an open incident with the category defaults and starts the closed loop', () => {
    const { state, events } = decideIncident(undefined, createCommand, ctx);
    expect(state).toMatchObject({
      id: 'i1',
      priority: 1,
      policeMatter: true,
      description: '商场一楼有人持刀伤人',
      receivedAt: '2026-11-28T08:00:00.000Z',
      status: 'open',
      reporter: { name: '陈女士', phone: '138 0000 1234' },
    });
    expect(state.workflow.stage).toBe('analyse');
    expect(state.probableDuplicateOf).toBeUndefined();
    expect(events).toEqual([{ type: 'incident.created', payload: state }]);
  });

  it('lets the dispatcher set a priority and keeps the call time', () => {
    const state = created({ priority: 3, receivedAt: '2026-11-28T07:59:00Z' });
    expect(state.priority).toBe(3);
    expect(state.receivedAt).toBe('2026-11-28T07:59:00.000Z');
    expect(state.workflow.enteredAt).toBe('2026-11-28T07:59:00.000Z');
  });

  it('marks non-police categories so they become work orders', () => {
    expect(created({ categoryCode: 'noise' }).policeMatter).toBe(false);
  });

  it('refuses to create twice', () => {
    expect(catchDomainError(() => decideIncident(created(), createCommand, ctx)).code).toBe(
      'ERR_ALREADY_EXISTS',
    );
  });

  it('names every bad field of a create command', () => {
    const bad = {
      ...createCommand,
      incidentId: '',
      source: 'pigeon',
      categoryCode: 'alien',
      priority: 5,
      location: { lon: 118.78, lat: 132, placeName: 7 },
      reporter: { name: 'x', phone: 'call me' },
      description: ' ',
      receivedAt: 'yesterday',
      externalRef: 'x'.repeat(201),
    } as unknown as CreateIncident;
    const e = catchDomainError(() => decideIncident(undefined, bad, ctx));
    expect(e.code).toBe('ERR_VALIDATION');
    expect(e.field).toBe('incidentId');
    expect(e.problems?.map((p) => p.field)).toEqual([
      'incidentId',
      'source',
      'categoryCode',
      'priority',
      'location.lat',
      'location.placeName',
      'reporter.phone',
      'description',
      'receivedAt',
      'externalRef',
    ]);
  });

  it.each([
    ['a missing location', { location: undefined }, 'location'],
    ['a future call time', { receivedAt: '2026-11-28T08:05:00Z' }, 'receivedAt'],
    ['a call two days old', { receivedAt: '2026-11-26T08:00:00Z' }, 'receivedAt'],
    ['an overlong description', { description: 'x'.repeat(4001) }, 'description'],
    ['a reporter that is not an object', { reporter: 'me' }, 'reporter'],
  ])('rejects %s', (_label, overrides, field) => {
    const e = catchDomainError(() =>
      decideIncident(
        undefined,
        { ...createCommand, ...overrides } as unknown as CreateIncident,
        ctx,
      ),
    );
    expect(e.field).toBe(field);
  });

  it('accepts an incident without reporter (an automatic alert)', () => {
    const state = created({ reporter: undefined, source: 'alert', externalRef: 'cam-17/evt-9' });
    expect(state.reporter).toBeUndefined();
    expect(state.externalRef).toBe('cam-17/evt-9');
  });
});

describe('duplicate detection', () => {
  const first = created();
  const later = { ...ctx, now: t0 + 5 * 60_000, openIncidents: [first] };

  it('points a second call about the same thing nearby at the first', () => {
    // ~90 m east of the first call
    const second = created({ incidentId: 'i2', location: { lon: 118.7847, lat: 32.0446 } }, later);
    expect(second.probableDuplicateOf).toBe('i1');
  });

  it('ignores another category, a place too far, or a time too late', () => {
    expect(
      created({ incidentId: 'i2', categoryCode: 'theft' }, later).probableDuplicateOf,
    ).toBeUndefined();
    const far = { lon: 118.79, lat: 32.0446 }; // ~600 m
    expect(created({ incidentId: 'i2', location: far }, later).probableDuplicateOf).toBeUndefined();
    const tooLate = { ...later, now: t0 + 16 * 60_000 };
    expect(created({ incidentId: 'i2' }, tooLate).probableDuplicateOf).toBeUndefined();
  });

  it('honours a configured window', () => {
    const far = { lon: 118.79, lat: 32.0446 };
    const wide = { ...later, duplicateWindow: { radiusMetres: 1000, minutes: 15 } };
    expect(created({ incidentId: 'i2', location: far }, wide).probableDuplicateOf).toBe('i1');
    const short = { ...later, duplicateWindow: { radiusMetres: 200, minutes: 2 } };
    expect(created({ incidentId: 'i2' }, short).probableDuplicateOf).toBeUndefined();
  });

  it('ignores closed or cancelled incidents', () => {
    const cancelled = { ...first, status: 'cancelled' as const };
    expect(
      created({ incidentId: 'i2' }, { ...later, openIncidents: [cancelled] }).probableDuplicateOf,
    ).toBeUndefined();
  });

  it('picks the nearest match and collapses chains onto the original', () => {
    const near = {
      ...first,
      id: 'i0',
      location: { lon: 118.7838, lat: 32.0446 },
      probableDuplicateOf: 'root',
    };
    const farther = { ...first, id: 'i9', location: { lon: 118.785, lat: 32.0446 } };
    const probe = { categoryCode: 'violent_attack', location: mall, receivedAt: t0 };
    expect(findProbableDuplicate(probe, [farther, near])).toBe('root');
    expect(findProbableDuplicate(probe, [farther])).toBe('i9');
  });
});

describe('incident lifecycle', () => {
  const open = created();
  const step = (state: Incident, to: string, seconds: number) =>
    decideIncident(state, { type: 'advance_stage', to }, { ...ctx, now: t0 + seconds * 1000 });

  it('goes round the closed loop and closes at the final stage', () => {
    let state = open;
    for (const [to, at] of [
      ['assign', 30],
      ['handle', 60],
      ['supervise', 900],
    ] as const) {
      const result = step(state, to, at);
      expect(result.events[0]).toMatchObject({ type: 'incident.stage_changed', payload: { to } });
      state = result.state;
      expect(state.status).toBe('open');
    }
    const closing = step(state, 'close', 1800);
    expect(closing.events.map((e) => e.type)).toEqual([
      'incident.stage_changed',
      'incident.closed',
    ]);
    expect(closing.state.status).toBe('closed');
    expect(closing.state.closedAt).toBe('2026-11-28T08:30:00.000Z');
  });

  it('rejects skipping stages and any command once closed', () => {
    expect(catchDomainError(() => step(open, 'supervise', 10)).code).toBe('ERR_ILLEGAL_TRANSITION');
    const closed = step(open, 'close', 10).state; // analyse → close: a false alarm
    const e = catchDomainError(() => decideIncident(closed, { type: 'cancel', reason: 'x' }, ctx));
    expect(e.code).toBe('ERR_ILLEGAL_TRANSITION');
    expect(e.message).toBe('incident cannot go from closed to cancel');
  });

  it('escalates an overdue stage once per level, as incident.escalated', () => {
    const late = { ...ctx, now: t0 + 61_000 };
    const first = decideIncident(open, { type: 'check_deadlines' }, late);
    expect(first.events).toEqual([
      {
        type: 'incident.escalated',
        payload: {
          incidentId: 'i1',
          stage: 'analyse',
          level: 1,
          deadlineAt: '2026-11-28T08:01:00.000Z',
          overdueSeconds: 1,
          escalateTo: 'supervisor',
          // Without an org tree the incident's own org is the whole chain.
          toOrgId: 'xjk',
          at: '2026-11-28T08:01:01.000Z',
        },
      },
    ]);
    expect(decideIncident(first.state, { type: 'check_deadlines' }, late).events).toEqual([]);
    expect(decideIncident(open, { type: 'check_deadlines' }, ctx).events).toEqual([]);
  });

  it('reprioritises with a reason', () => {
    const { state, events } = decideIncident(
      open,
      { type: 'reprioritise', priority: 2, reason: 'no weapon seen' },
      ctx,
    );
    expect(state.priority).toBe(2);
    expect(events[0].payload).toMatchObject({ from: 1, to: 2 });
    expect(
      catchDomainError(() =>
        decideIncident(open, { type: 'reprioritise', priority: 2, reason: '' }, ctx),
      ).field,
    ).toBe('reason');
    expect(
      catchDomainError(() =>
        decideIncident(open, { type: 'reprioritise', priority: 0 as 1, reason: 'x' }, ctx),
      ).field,
    ).toBe('priority');
  });

  it('adds a note to the timeline (trimmed, bounded) without changing the incident', () => {
    const { state, events } = decideIncident(
      open,
      { type: 'add_note', text: '  嫌疑人已离开，伤者送医  ', unitId: 'eu-1' },
      ctx,
    );
    expect(state).toEqual(open);
    expect(events).toEqual([
      {
        type: 'incident.note_added',
        payload: {
          incidentId: 'i1',
          text: '嫌疑人已离开，伤者送医',
          unitId: 'eu-1',
          at: '2026-11-28T08:00:00.000Z',
        },
      },
    ]);
    for (const text of ['   ', 'x'.repeat(MAX_INCIDENT_NOTE_LENGTH + 1), 42 as unknown as string])
      expect(
        catchDomainError(() => decideIncident(open, { type: 'add_note', text }, ctx)).field,
      ).toBe('text');
  });

  it('corrects the location after validation', () => {
    const to = { lon: 118.785, lat: 32.045, address: '中山路1号' };
    expect(
      decideIncident(open, { type: 'correct_location', location: to }, ctx).state.location,
    ).toEqual(to);
    const e = catchDomainError(() =>
      decideIncident(open, { type: 'correct_location', location: { lon: 999, lat: 0 } }, ctx),
    );
    expect(e.field).toBe('location.lon');
  });

  it('cancels with a reason', () => {
    const { state, events } = decideIncident(
      open,
      { type: 'cancel', reason: 'caller withdrew' },
      ctx,
    );
    expect(state.status).toBe('cancelled');
    expect(events[0].type).toBe('incident.cancelled');
    expect(
      catchDomainError(() => decideIncident(open, { type: 'cancel', reason: ' ' }, ctx)).field,
    ).toBe('reason');
  });

  it('needs an existing incident', () => {
    expect(
      catchDomainError(() => decideIncident(undefined, { type: 'check_deadlines' }, ctx)).code,
    ).toBe('ERR_NOT_FOUND');
  });
});

describe('IncidentCatalogue', () => {
  it('has consistent defaults', () => {
    expect(DEFAULT_CATALOGUE.codes().length).toBeGreaterThan(10);
    expect(DEFAULT_CATALOGUE.get('robbery').defaultPriority).toBe(1);
    expect(catchDomainError(() => DEFAULT_CATALOGUE.get('x')).code).toBe('ERR_NOT_FOUND');
  });

  it('rejects bad entries by index', () => {
    const e = catchDomainError(
      () =>
        new IncidentCatalogue([
          {
            code: 'Bad Code',
            names: { zh: '', en: 'x' },
            defaultPriority: 9 as 1,
            policeMatter: false,
          },
          { code: 'ok', names: { zh: 'x', en: 'x' }, defaultPriority: 1, policeMatter: true },
          { code: 'ok', names: { zh: 'x', en: 'x' }, defaultPriority: 1, policeMatter: true },
        ]),
    );
    expect(e.problems?.map((p) => p.field)).toEqual([
      'categories[0].code',
      'categories[0].names',
      'categories[0].defaultPriority',
      'categories[0].departmentKind',
      'categories[2].code',
    ]);
  });
});

describe('duplicate hints', () => {
  const ctx = { now: Date.parse('2026-11-28T08:00:00Z'), actorId: 'dispatcher' };
  const base = () =>
    decideIncident(
      undefined,
      {
        type: 'create',
        incidentId: 'i2',
        orgId: 'xjk',
        source: 'call',
        categoryCode: 'fight',
        location: { lon: 118.78, lat: 32.04 },
        description: 'second call',
      },
      {
        ...ctx,
        openIncidents: [
          {
            ...decideIncident(
              undefined,
              {
                type: 'create',
                incidentId: 'i1',
                orgId: 'xjk',
                source: 'call',
                categoryCode: 'fight',
                location: { lon: 118.7801, lat: 32.0401 },
                description: 'first call',
              },
              ctx,
            ).state,
          },
        ],
      },
    ).state;

  it('links a duplicate in one action: cancelled, pointing at the original', () => {
    const incident = base();
    expect(incident.probableDuplicateOf).toBe('i1');
    const linked = decideIncident(incident, { type: 'link_duplicate', of: 'i1' }, ctx);
    expect(linked.state.status).toBe('cancelled');
    expect(linked.state.duplicateOf).toBe('i1');
    expect(linked.events.map((e) => e.type)).toEqual(['incident.linked_duplicate']);
  });

  it('dismisses a wrong hint, and refuses to dismiss what is not there or to link to itself', () => {
    const dismissed = decideIncident(base(), { type: 'dismiss_duplicate' }, ctx).state;
    expect(dismissed.probableDuplicateOf).toBeUndefined();
    expect(dismissed.status).toBe('open');
    expect(() => decideIncident(dismissed, { type: 'dismiss_duplicate' }, ctx)).toThrow(
      /no duplicate hint/,
    );
    expect(() => decideIncident(base(), { type: 'link_duplicate', of: 'i2' }, ctx)).toThrow(
      /cannot duplicate itself/,
    );
  });
});
