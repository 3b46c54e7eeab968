// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../../api/api-client.ts';
import { LiveStore } from '../../live/live-store.ts';
import { ArrivalLog } from './dispatcher-hooks.ts';
import { incident, renderKit } from './dispatcher-test-kit.tsx';
import { IncidentQueue, queueOrder } from './IncidentQueue.tsx';
import { TierTimers } from './TierTimers.tsx';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

describe('incident queue', () => {
  const incidents = [
    incident({ id: 'p3-old', priority: 3, receivedAt: ago(900), description: 'p3 old' }),
    incident({ id: 'p1-new', priority: 1, receivedAt: ago(20), description: 'p1 new' }),
    incident({ id: 'p2', priority: 2, receivedAt: ago(100), description: 'p2' }),
    incident({ id: 'p1-old', priority: 1, receivedAt: ago(50), description: 'p1 old' }),
    incident({ id: 'closed', priority: 1, receivedAt: ago(500), status: 'closed' }),
  ];

  it('orders by priority, then the longest waiting first, and leaves out closed ones', () => {
    expect(queueOrder(incidents).map((i) => i.id)).toEqual(['p1-old', 'p1-new', 'p2', 'p3-old']);
  });

  it('shows rows in that order with the state of their 1-3-5 clocks', () => {
    const { tree } = renderKit(
      new ApiClient(),
      <IncidentQueue
        incidents={queueOrder(incidents)}
        selectedId="p2"
        onSelect={() => {}}
        onNew={() => {}}
        categories={[]}
        arrivals={new ArrivalLog(new LiveStore())}
        unitsOf={(id) => (id === 'p2' ? 3 : 0)}
      />,
    );
    render(tree);
    const rows = screen.getAllByRole('button').filter((b) => b.hasAttribute('data-queue-row'));
    expect(rows.map((r) => r.dataset.incidentId)).toEqual(['p1-old', 'p1-new', 'p2', 'p3-old']);
    const state = (id: string) =>
      rows
        .find((r) => r.dataset.incidentId === id)!
        .querySelector('[data-timer-state]')!
        .getAttribute('data-timer-state');
    // 50 s: tier 1 (60 s) past 75 % → amber; 20 s → still ok; 100 s and 900 s → past tier 1.
    expect(state('p1-old')).toBe('amber');
    expect(state('p1-new')).toBe('ok');
    expect(state('p2')).toBe('red');
    const selected = rows.find((r) => r.dataset.incidentId === 'p2')!;
    expect(selected.getAttribute('aria-current')).toBe('true');
    expect(within(selected).getByText('3 units')).toBeTruthy();
  });
});

const oneThreeFive = [
  { tier: 1 as const, targetSeconds: 60 },
  { tier: 2 as const, targetSeconds: 180 },
  { tier: 3 as const, targetSeconds: 300 },
];

describe('<TierTimers>', () => {
  it('colours each tier by its own target as time passes', () => {
    const received = Date.parse('2026-11-28T08:00:00Z');
    const incidentAt = {
      receivedAt: new Date(received).toISOString(),
      createdAt: new Date(received).toISOString(),
      status: 'open' as const,
      categoryCode: 'violent_attack',
      priority: 1 as const,
    };
    const stateAt = (seconds: number) => {
      const { tree } = renderKit(
        new ApiClient(),
        <TierTimers
          incident={incidentAt}
          arrivals={[]}
          planTiers={oneThreeFive}
          now={received + seconds * 1000}
        />,
      );
      render(tree);
      const states = [1, 2, 3].map(
        (tier) => screen.getByTestId(`tier-timer-${tier}`).dataset.timerState,
      );
      cleanup();
      return states;
    };
    expect(stateAt(30)).toEqual(['ok', 'ok', 'ok']);
    expect(stateAt(45)).toEqual(['amber', 'ok', 'ok']);
    expect(stateAt(60)).toEqual(['red', 'ok', 'ok']);
    expect(stateAt(135)).toEqual(['red', 'amber', 'ok']);
    expect(stateAt(225)).toEqual(['red', 'red', 'amber']);
    expect(stateAt(300)).toEqual(['red', 'red', 'red']);
  });

  it('shows elapsed against the target and turns green once met', () => {
    const received = Date.parse('2026-11-28T08:00:00Z');
    const { tree } = renderKit(
      new ApiClient(),
      <TierTimers
        incident={{
          receivedAt: new Date(received).toISOString(),
          createdAt: new Date(received).toISOString(),
          status: 'open',
          categoryCode: 'violent_attack',
          priority: 1,
        }}
        arrivals={[{ tier: 1, onSceneAt: new Date(received + 40_000).toISOString() }]}
        planTiers={oneThreeFive}
        now={received + 95_000}
      />,
    );
    render(tree);
    const tier1 = screen.getByTestId('tier-timer-1');
    expect(tier1.dataset.timerState).toBe('met');
    expect(tier1.textContent).toContain('0:40');
    expect(tier1.textContent).toContain('/ 1:00');
    expect(screen.getByTestId('tier-timer-2').textContent).toContain('1:35');
  });
});
