import { describe, expect, it } from 'vitest';
import { OrgTree } from '../org/org-tree.ts';
import { catchDomainError } from '../testing/catch-domain-error.ts';
import { sampleOrgs } from '../testing/sample-orgs.ts';
import {
  assistRecipients,
  decideAssistRequest,
  overdueRecipients,
  type AssistCommand,
  type AssistRequest,
} from './assist-request.ts';

const orgTree = new OrgTree(sampleOrgs);
const T0 = Date.parse('2026-12-03T08:00:00Z');
const at = (seconds: number) => ({ now: T0 + seconds * 1000, actorId: null, orgTree });

function create(target: AssistRequest['target'], incidentId?: string): AssistRequest {
  return decideAssistRequest(
    undefined,
    {
      type: 'create',
      request: {
        id: 'a1',
        fromOrgId: 'xjk',
        requestedBy: 'officer',
        kind: 'lookup',
        text: '查询一名可疑人员',
        target,
        windowSeconds: 300,
        ...(incidentId ? { incidentId } : {}),
      },
    },
    at(0),
  ).state;
}

const run = (state: AssistRequest, command: AssistCommand, seconds: number) =>
  decideAssistRequest(state, command, at(seconds));

describe('assist requests', () => {
  it('names a named org, the parent, or every centre of a level (never the requester)', () => {
    expect(assistRecipients(orgTree, 'xjk', { type: 'org', orgId: 'gl-s1' })).toEqual(['gl-s1']);
    expect(assistRecipients(orgTree, 'xjk', { type: 'parent' })).toEqual(['xw']);
    expect(assistRecipients(orgTree, 'xjk', { type: 'level', kind: 'station' })).toEqual([
      'mfl',
      'gl-s1',
    ]);
    expect(catchDomainError(() => assistRecipients(orgTree, 'nj', { type: 'parent' })).field).toBe(
      'target',
    );
    expect(
      catchDomainError(() => assistRecipients(orgTree, 'xjk', { type: 'org', orgId: 'xw-urban' }))
        .field,
    ).toBe('target.orgId');
    expect(
      catchDomainError(() => assistRecipients(orgTree, 'xjk', { type: 'org', orgId: 'ghost' }))
        .code,
    ).toBe('ERR_NOT_FOUND');
  });

  it('refuses a bad window and empty text, naming the fields', () => {
    const error = catchDomainError(() =>
      decideAssistRequest(
        undefined,
        {
          type: 'create',
          request: {
            id: 'a2',
            fromOrgId: 'xjk',
            requestedBy: 'u',
            kind: 'search',
            text: ' ',
            target: { type: 'parent' },
            windowSeconds: 5,
          },
        },
        at(0),
      ),
    );
    expect(error.problems?.map((p) => p.field)).toEqual(['text', 'deadlineSeconds']);
  });

  it('records who acknowledged and answered what and when', () => {
    let state = create({ type: 'level', kind: 'station' });
    state = run(state, { type: 'acknowledge', orgId: 'mfl', by: 'd-mfl' }, 10).state;
    state = run(
      state,
      { type: 'answer', orgId: 'mfl', by: 'd-mfl', decision: 'decline', text: '无记录', lent: [] },
      40,
    ).state;
    const mfl = state.recipients.find((r) => r.orgId === 'mfl')!;
    expect(mfl.acknowledgedAt).toBe('2026-12-03T08:00:10.000Z');
    expect(mfl.answer).toMatchObject({ decision: 'decline', text: '无记录', by: 'd-mfl' });
    expect(mfl.answer!.at).toBe('2026-12-03T08:00:40.000Z');
    // Answering twice, or for an org that was not asked, is refused.
    const again = catchDomainError(() =>
      run(
        state,
        { type: 'answer', orgId: 'mfl', by: 'x', decision: 'accept', text: 'x', lent: [] },
        50,
      ),
    );
    expect(again.code).toBe('ERR_ILLEGAL_TRANSITION');
    const stranger = catchDomainError(() =>
      run(state, { type: 'acknowledge', orgId: 'xw', by: 'x' }, 50),
    );
    expect(stranger.code).toBe('ERR_OUT_OF_SCOPE');
  });

  it('lends only units of the answering org, and only to a named incident', () => {
    const noIncident = create({ type: 'org', orgId: 'mfl' });
    const lend = (state: AssistRequest, orgId: string) =>
      catchDomainError(() =>
        run(
          state,
          {
            type: 'answer',
            orgId: 'mfl',
            by: 'd',
            decision: 'accept',
            text: '派车',
            lent: [{ unitId: 'u1', orgId }],
          },
          5,
        ),
      );
    expect(lend(noIncident, 'mfl').field).toBe('unitIds');
    const withIncident = create({ type: 'org', orgId: 'mfl' }, 'i1');
    expect(lend(withIncident, 'gl-s1').field).toBe('unitIds[0]');
    const ok = run(
      withIncident,
      {
        type: 'answer',
        orgId: 'mfl',
        by: 'd',
        decision: 'accept',
        text: '派车',
        lent: [{ unitId: 'u1', orgId: 'mfl' }],
      },
      5,
    );
    expect(ok.state.recipients[0].answer?.unitIds).toEqual(['u1']);
  });

  it('escalates an unanswered org to its parent once, up to the root', () => {
    let state = create({ type: 'level', kind: 'station' });
    state = run(
      state,
      { type: 'answer', orgId: 'mfl', by: 'd', decision: 'decline', text: 'no', lent: [] },
      60,
    ).state;
    expect(overdueRecipients(state, T0 + 299_000)).toEqual([]);
    const first = run(state, { type: 'escalate' }, 300);
    expect(first.events[0].payload).toEqual({ overdue: ['gl-s1'], askedNow: ['gl'] });
    expect(first.state.recipients.map((r) => [r.orgId, r.round])).toEqual([
      ['mfl', 0],
      ['gl-s1', 0],
      ['gl', 1],
    ]);
    // The same pass again owes nothing; the district in turn goes to the city.
    expect(run(first.state, { type: 'escalate' }, 301).events).toEqual([]);
    const second = run(first.state, { type: 'escalate' }, 600);
    expect(second.events[0].payload).toEqual({ overdue: ['gl'], askedNow: ['nj'] });
    const top = run(second.state, { type: 'escalate' }, 900);
    expect(top.events[0].payload).toEqual({ overdue: ['nj'], askedNow: [] });
    expect(overdueRecipients(top.state, T0 + 10_000_000)).toEqual([]);
  });

  it('stops after the requester closes it', () => {
    const closed = run(create({ type: 'parent' }), { type: 'close', by: 'officer' }, 10).state;
    expect(overdueRecipients(closed, T0 + 10_000_000)).toEqual([]);
    expect(
      catchDomainError(() => run(closed, { type: 'acknowledge', orgId: 'xw', by: 'x' }, 20)).code,
    ).toBe('ERR_ILLEGAL_TRANSITION');
  });
});
