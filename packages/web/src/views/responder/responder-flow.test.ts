import { describe, expect, it } from 'vitest';
import type { DispatchStatus } from '@jiefang/contract';
import {
  actionsFor,
  answerSecondsLeft,
  isActiveDispatch,
  phaseOf,
  showsRoute,
} from './responder-flow.ts';

const verbs = (status: DispatchStatus) => actionsFor(status).map((a) => a.verb);
const primary = (status: DispatchStatus) => actionsFor(status).find((a) => a.primary)?.verb;

describe('responder flow', () => {
  it('offers exactly the transitions the server allows a person, per status', () => {
    expect(verbs('notified')).toEqual(['accept', 'decline']);
    expect(verbs('delivered')).toEqual(['accept', 'decline']);
    expect(verbs('accepted')).toEqual(['depart', 'arrive']);
    expect(verbs('en_route')).toEqual(['arrive']);
    expect(verbs('on_scene')).toEqual(['clear']);
    for (const done of ['declined', 'timed_out', 'cleared', 'cancelled'] as const)
      expect(verbs(done)).toEqual([]);
  });

  it('makes the next likely step the primary button', () => {
    expect(primary('notified')).toBe('accept');
    expect(primary('accepted')).toBe('depart');
    expect(primary('en_route')).toBe('arrive');
    expect(primary('on_scene')).toBe('clear');
  });

  it('maps statuses to phases, active jobs and when the route is drawn', () => {
    expect(phaseOf('delivered')).toBe('incoming');
    expect(phaseOf('cancelled')).toBe('finished');
    expect(isActiveDispatch('on_scene')).toBe(true);
    expect(isActiveDispatch('cleared')).toBe(false);
    expect(showsRoute('notified')).toBe(true);
    expect(showsRoute('en_route')).toBe(true);
    expect(showsRoute('on_scene')).toBe(false);
  });

  it('counts down the time left to answer, never below zero', () => {
    const notified = '2026-05-01T08:00:00.000Z';
    const at = (s: number) => Date.parse(notified) + s * 1000;
    expect(answerSecondsLeft(notified, 20, at(0))).toBe(20);
    expect(answerSecondsLeft(notified, 20, at(12.5))).toBe(8);
    expect(answerSecondsLeft(notified, 20, at(25))).toBe(0);
    expect(answerSecondsLeft(undefined, 20, at(5))).toBe(20);
  });
});
