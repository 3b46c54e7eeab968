import { describe, expect, it } from 'vitest';
import { rolesMayMoveFrom, stageMoveAction } from './stage-permission.ts';

describe('stage moves and their permission', () => {
  it('makes leaving supervise the supervisor’s sign-off, and everything else incident work', () => {
    expect(stageMoveAction('supervise')).toBe('incident.supervise');
    expect(stageMoveAction('handle')).toBe('incident.update');
  });

  it('tells which roles may make a move at all, for the console to hide the rest', () => {
    expect(rolesMayMoveFrom(['dispatcher'], 'handle')).toBe(true);
    expect(rolesMayMoveFrom(['dispatcher'], 'supervise')).toBe(false);
    expect(rolesMayMoveFrom(['dispatcher', 'supervisor'], 'supervise')).toBe(true);
    expect(rolesMayMoveFrom(['analyst'], 'handle')).toBe(false);
  });
});
