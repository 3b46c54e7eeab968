// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { landingView, viewsFor } from './console-views.ts';

describe('role-based landing', () => {
  it('sends each role to its screen', () => {
    expect(landingView(['dispatcher'])).toBe('dispatcher');
    expect(landingView(['admin'])).toBe('dispatcher');
    expect(landingView(['supervisor'])).toBe('supervisor');
    expect(landingView(['responder'])).toBe('responder');
    expect(landingView(['grid_worker'])).toBe('responder');
    expect(landingView(['analyst'])).toBe('read-only');
    expect(landingView(['department'])).toBe('department');
    expect(landingView([])).toBe('read-only');
  });

  it('offers the console views together and the strongest role first', () => {
    expect(viewsFor(['supervisor'])).toEqual([
      'supervisor',
      'dispatcher',
      'loop',
      'patrol',
      'series',
      'alerts',
    ]);
    expect(viewsFor(['admin'])).toEqual([
      'dispatcher',
      'supervisor',
      'loop',
      'patrol',
      'series',
      'admin',
      'alerts',
    ]);
    expect(viewsFor(['responder', 'dispatcher'])).toEqual([
      'dispatcher',
      'supervisor',
      'loop',
      'patrol',
      'responder',
      'alerts',
    ]);
    expect(viewsFor(['analyst'])).toEqual(['read-only', 'patrol', 'series', 'alerts']);
  });

  it('offers the alerts view to the roles that read alerts or ask for help, and no other', () => {
    expect(viewsFor(['responder'])).toEqual(['responder', 'alerts']);
    expect(viewsFor(['grid_worker'])).toEqual(['responder', 'alerts']);
    expect(viewsFor(['department'])).toEqual(['department']);
    expect(viewsFor(['integration'])).toEqual(['read-only']);
  });
});
