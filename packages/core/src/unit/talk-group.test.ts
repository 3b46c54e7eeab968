import { describe, expect, it } from 'vitest';
import { catchDomainError } from '../testing/catch-domain-error.ts';
import { decideTalkGroup, type TalkGroup } from './talk-group.ts';
import { validateSite } from './site.ts';

const ctx = { now: Date.parse('2026-11-28T08:00:00Z'), actorId: 'disp-1' };
const group: TalkGroup = {
  id: 'tg-xjk',
  name: '新街口商圈',
  orgId: 'xjk',
  unitIds: ['e1', 'e2', 'e1'],
};

describe('decideTalkGroup', () => {
  it('creates a talk group with unique members', () => {
    const { state, events } = decideTalkGroup(undefined, { type: 'create', talkGroup: group }, ctx);
    expect(state.unitIds).toEqual(['e1', 'e2']);
    expect(events[0].type).toBe('talkgroup.created');
  });

  it('refuses a talk group without a name', () => {
    const e = catchDomainError(() =>
      decideTalkGroup(undefined, { type: 'create', talkGroup: { ...group, name: ' ' } }, ctx),
    );
    expect(e.field).toBe('name');
  });

  it('broadcasts to the members of the moment', () => {
    const state = { ...group, unitIds: ['e1', 'e2'] };
    const { events } = decideTalkGroup(
      state,
      { type: 'broadcast', message: '  中央商场持刀人员，就近支援  ', incidentId: 'i1' },
      ctx,
    );
    expect(events).toEqual([
      {
        type: 'talkgroup.broadcast',
        payload: {
          talkGroupId: 'tg-xjk',
          message: '中央商场持刀人员，就近支援',
          incidentId: 'i1',
          unitIds: ['e1', 'e2'],
          senderId: 'disp-1',
          at: '2026-11-28T08:00:00.000Z',
        },
      },
    ]);
  });

  it('rejects an empty or overlong broadcast', () => {
    expect(
      catchDomainError(() => decideTalkGroup(group, { type: 'broadcast', message: '' }, ctx)).field,
    ).toBe('message');
    const long = 'x'.repeat(501);
    expect(
      catchDomainError(() => decideTalkGroup(group, { type: 'broadcast', message: long }, ctx))
        .message,
    ).toContain('at most 500');
  });

  it('renames, trimmed; refuses a blank name; a same name changes nothing', () => {
    const state = {
      ...group,
      unitIds: ['e1', 'e2'],
      localNames: { zh: '新街口', en: 'Xinjiekou' },
    };
    const renamed = decideTalkGroup(state, { type: 'rename', name: ' 新街口南 ' }, ctx);
    expect(renamed.state.name).toBe('新街口南');
    // The old name's translations go with it: no console shows "Xinjiekou" for 新街口南.
    expect(renamed.state.localNames).toBeUndefined();
    expect(renamed.events).toEqual([
      { type: 'talkgroup.renamed', payload: { talkGroupId: 'tg-xjk', name: '新街口南' } },
    ]);
    expect(
      catchDomainError(() => decideTalkGroup(state, { type: 'rename', name: '  ' }, ctx)).field,
    ).toBe('name');
    expect(decideTalkGroup(state, { type: 'rename', name: state.name }, ctx).events).toEqual([]);
  });

  it('replaces members', () => {
    const { state, events } = decideTalkGroup(group, { type: 'set_members', unitIds: ['e3'] }, ctx);
    expect(state.unitIds).toEqual(['e3']);
    expect(events[0]).toEqual({
      type: 'talkgroup.members_changed',
      payload: { talkGroupId: 'tg-xjk', unitIds: ['e3'] },
    });
  });

  it('needs an existing group for anything but create', () => {
    expect(
      catchDomainError(() => decideTalkGroup(undefined, { type: 'set_members', unitIds: [] }, ctx))
        .code,
    ).toBe('ERR_NOT_FOUND');
  });
});

describe('validateSite', () => {
  const site = {
    id: 'site-mall',
    name: '中央商场',
    kind: 'mall',
    orgId: 'xjk-c1',
    location: { lon: 118.7837, lat: 32.0446 },
    unitIds: ['e1'],
  };

  it('accepts a site', () => {
    expect(validateSite(site)).toBe(site);
  });

  it('names every bad field', () => {
    const e = catchDomainError(() =>
      validateSite({ ...site, kind: 'castle', location: { lon: 118 } }),
    );
    expect(e.problems?.map((p) => p.field)).toEqual(['kind', 'location.lat']);
  });
});
