import { describe, expect, it } from 'vitest';
import { catchDomainError } from '../testing/catch-domain-error.ts';
import {
  CLOSED_LOOP_STAGES,
  advanceWorkflow,
  closedLoopDefinition,
  isFinalStage,
  overdue,
  recordEscalations,
  stageDeadline,
  startWorkflow,
  validateWorkflowDefinition,
} from './workflow.ts';

const t0 = Date.parse('2026-11-28T08:00:00Z');
const s = (seconds: number) => t0 + seconds * 1000;
const def = closedLoopDefinition('hazard', 'hazard', {
  analyse: 3600,
  assign: 3600,
  handle: 86_400,
  supervise: 7200,
});

describe('closed-loop workflow', () => {
  it('starts in analyse', () => {
    const state = startWorkflow(def, t0);
    expect(state).toEqual({
      definitionId: 'hazard',
      stage: 'analyse',
      enteredAt: '2026-11-28T08:00:00.000Z',
      escalationLevel: 0,
      history: [{ stage: 'analyse', enteredAt: '2026-11-28T08:00:00.000Z' }],
    });
    expect(def.stages.map((st) => st.code)).toEqual([...CLOSED_LOOP_STAGES]);
  });

  it.each([
    ['analyse', 'assign'],
    ['analyse', 'close'],
    ['assign', 'handle'],
    ['handle', 'supervise'],
    ['supervise', 'close'],
    ['supervise', 'handle'],
  ])('allows %s → %s', (from, to) => {
    const state = { ...startWorkflow(def, t0), stage: from };
    expect(advanceWorkflow(def, state, to, s(10)).stage).toBe(to);
  });

  it.each([
    ['analyse', 'handle'],
    ['analyse', 'supervise'],
    ['assign', 'close'],
    ['handle', 'close'],
    ['close', 'analyse'],
    ['handle', 'handle'],
  ])('rejects %s → %s', (from, to) => {
    const state = { ...startWorkflow(def, t0), stage: from };
    const e = catchDomainError(() => advanceWorkflow(def, state, to, s(10)));
    expect(e.code).toBe('ERR_ILLEGAL_TRANSITION');
    expect(e.message).toBe(`hazard stage cannot go from ${from} to ${to}`);
  });

  it('rejects an unknown stage as not found', () => {
    expect(
      catchDomainError(() => advanceWorkflow(def, startWorkflow(def, t0), 'archive', t0)).code,
    ).toBe('ERR_NOT_FOUND');
  });

  it('rejects a state of another workflow', () => {
    const other = { ...startWorkflow(def, t0), definitionId: 'incident' };
    expect(catchDomainError(() => advanceWorkflow(def, other, 'assign', t0)).field).toBe(
      'definitionId',
    );
  });

  it('keeps the history of every stage with entry and exit times', () => {
    let state = startWorkflow(def, t0);
    state = advanceWorkflow(def, state, 'assign', s(60));
    state = advanceWorkflow(def, state, 'handle', s(120));
    expect(state.history).toEqual([
      {
        stage: 'analyse',
        enteredAt: '2026-11-28T08:00:00.000Z',
        leftAt: '2026-11-28T08:01:00.000Z',
      },
      {
        stage: 'assign',
        enteredAt: '2026-11-28T08:01:00.000Z',
        leftAt: '2026-11-28T08:02:00.000Z',
      },
      { stage: 'handle', enteredAt: '2026-11-28T08:02:00.000Z' },
    ]);
    expect(stageDeadline(def, state)).toBe(s(120 + 86_400));
    expect(isFinalStage(def, state)).toBe(false);
  });
});

describe('overdue and escalation', () => {
  const started = startWorkflow(def, t0);

  it('raises nothing before the deadline', () => {
    expect(overdue(def, started, s(3599))).toEqual([]);
  });

  it('escalates to the supervisor at the deadline', () => {
    expect(overdue(def, started, s(3600))).toEqual([
      {
        type: 'hazard.escalated',
        payload: {
          stage: 'analyse',
          level: 1,
          deadlineAt: '2026-11-28T09:00:00.000Z',
          overdueSeconds: 0,
          escalateTo: 'supervisor',
        },
      },
    ]);
  });

  it('does not raise the same level twice', () => {
    const raised = overdue(def, started, s(3700));
    const state = recordEscalations(started, raised);
    expect(state.escalationLevel).toBe(1);
    expect(overdue(def, state, s(7000))).toEqual([]);
  });

  it('climbs a level for every further deadline and goes above the supervisor', () => {
    const state = recordEscalations(started, overdue(def, started, s(3700)));
    const [event] = overdue(def, state, s(7200));
    expect(event.payload).toMatchObject({
      level: 2,
      overdueSeconds: 3600,
      escalateTo: 'parent_supervisor',
    });
  });

  it('raises each level missed during downtime as its own event, in order, each once', () => {
    const events = overdue(def, started, s(5 * 3600 + 1));
    expect(events.map((e) => (e.payload as { level: number }).level)).toEqual([1, 2, 3, 4, 5]);
    expect(events.map((e) => (e.payload as { escalateTo: string }).escalateTo)).toEqual([
      'supervisor',
      'parent_supervisor',
      'parent_supervisor',
      'parent_supervisor',
      'parent_supervisor',
    ]);
    const raised = recordEscalations(started, events.slice(0, 2));
    expect(overdue(def, raised, s(5 * 3600 + 1)).map((e) => e.payload)).toMatchObject([
      { level: 3 },
      { level: 4 },
      { level: 5 },
    ]);
    expect(overdue(def, recordEscalations(started, events), s(5 * 3600 + 1))).toEqual([]);
  });

  it('stops at the top of the org tree however long the item waits', () => {
    const events = overdue(def, started, s(100 * 3600), 3);
    expect(events.map((e) => (e.payload as { level: number }).level)).toEqual([1, 2, 3]);
  });

  it('resets escalation when the stage changes', () => {
    const escalated = recordEscalations(started, overdue(def, started, s(3700)));
    const moved = advanceWorkflow(def, escalated, 'assign', s(3800));
    expect(moved.escalationLevel).toBe(0);
    expect(overdue(def, moved, s(3800 + 3599))).toEqual([]);
    expect(overdue(def, moved, s(3800 + 3600))).toHaveLength(1);
  });

  it('never escalates a final stage', () => {
    const closed = advanceWorkflow(def, started, 'close', s(10));
    expect(isFinalStage(def, closed)).toBe(true);
    expect(overdue(def, closed, s(10 ** 7))).toEqual([]);
  });

  it('ignores escalations of another stage when recording', () => {
    const events = [{ type: 'hazard.escalated', payload: { stage: 'assign', level: 3 } }];
    expect(recordEscalations(started, events)).toBe(started);
  });
});

describe('validateWorkflowDefinition', () => {
  it('names bad stages, transitions and the initial stage', () => {
    const e = catchDomainError(() =>
      validateWorkflowDefinition({
        id: 'x',
        subject: 'x',
        initialStage: 'start',
        stages: [
          { code: 'a', names: { zh: 'a', en: 'a' }, deadlineSeconds: 0 },
          { code: 'a', names: { zh: 'a', en: 'a' } },
        ],
        transitions: { a: ['b'] },
      }),
    );
    expect(e.problems?.map((p) => p.field)).toEqual([
      'stages[0].deadlineSeconds',
      'stages[1].code',
      'initialStage',
      'transitions.a',
      'stages',
    ]);
  });
});
