// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../../api/api-client.ts';
import { LiveStore } from '../../live/live-store.ts';
import type { Role } from '@jiefang/contract';
import type { Candidate, Recommendation } from './dispatcher-api.ts';
import { ArrivalLog } from './dispatcher-hooks.ts';
import { incident, json, renderKit, routedFetch, SilentSocket } from './dispatcher-test-kit.tsx';
import { IncidentPanel } from './IncidentPanel.tsx';

beforeEach(() => vi.stubGlobal('WebSocket', SilentSocket));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const candidate = (unitId: string, name: string, eta: number, extra: Partial<Candidate> = {}) =>
  ({
    unitId,
    name,
    kind: 'community',
    profile: 'walk',
    etaSeconds: eta,
    travelSeconds: eta - 30,
    turnoutSeconds: 30,
    distanceMetres: 240,
    withinTarget: true,
    reason: 'community unit at 中央商场, 20 s on foot + 30 s turnout',
    ...extra,
  }) as Candidate;

const recommendation: Recommendation = {
  incidentId: 'incident-1',
  incidentPriority: 2,
  planId: 'default',
  computedAt: new Date().toISOString(),
  elapsedSeconds: 10,
  excluded: { busy: 2 },
  tiers: [
    {
      tier: 1,
      targetSeconds: 60,
      remainingSeconds: 50,
      acceptTimeoutSeconds: 30,
      met: true,
      candidates: [candidate('community-1', '中央商场单元', 50)],
      requirements: [
        {
          kinds: ['community'],
          count: 1,
          met: true,
          picks: [candidate('community-1', '中央商场单元', 50)],
          alternatives: [],
        },
      ],
    },
    {
      tier: 3,
      targetSeconds: 300,
      remainingSeconds: 290,
      acceptTimeoutSeconds: 60,
      met: false,
      shortfall: 'tier 3 needs 2 police within 300 s: 1 in time, next best 410 s',
      candidates: [
        candidate('police-1-1', '巡逻1-1', 170, { kind: 'police', profile: 'drive' }),
        candidate('police-1-2', '巡逻1-2', 410, {
          kind: 'police',
          profile: 'drive',
          withinTarget: false,
          distanceMetres: 3400,
        }),
      ],
      requirements: [
        {
          kinds: ['police'],
          count: 2,
          met: false,
          picks: [
            candidate('police-1-1', '巡逻1-1', 170, { kind: 'police' }),
            candidate('police-1-2', '巡逻1-2', 410, { kind: 'police', withinTarget: false }),
          ],
          alternatives: [],
        },
      ],
    },
  ],
};

function renderPanel(
  options: {
    duplicateOf?: string;
    onSelect?: (id: string) => void;
    stage?: string;
    roles?: Role[];
  } = {},
) {
  const stage = options.stage ?? 'analyse';
  const workflow = {
    definitionId: 'incident',
    stage,
    enteredAt: new Date().toISOString(),
    escalationLevel: 0,
    history: [{ stage, enteredAt: new Date().toISOString() }],
  };
  const dispatched = recommendation.tiers.flatMap((tier) =>
    tier.candidates.map((c, i) => ({
      id: `dispatch-${tier.tier}-${i}`,
      incidentId: 'incident-1',
      unitId: c.unitId,
      orgId: 'station-1',
      tier: tier.tier,
      status: 'notified',
      times: { notified: new Date().toISOString() },
      acceptTimeoutSeconds: 30,
      version: 1,
    })),
  );
  let accepted = false;
  const { fetch, calls } = routedFetch({
    'GET /api/v1/incidents/incident-1': () =>
      json(200, incident({ probableDuplicateOf: options.duplicateOf, workflow })),
    'POST /api/v1/incidents/incident-1/link-duplicate': () =>
      json(200, incident({ status: 'cancelled' })),
    'POST /api/v1/incidents/incident-1/dismiss-duplicate': () => json(200, incident()),
    'GET /api/v1/incidents/incident-1/recommendation': () => json(200, recommendation),
    'GET /api/v1/incidents/incident-1/timeline': () =>
      json(200, {
        incidentId: 'incident-1',
        events: [
          {
            seq: 1,
            at: new Date().toISOString(),
            type: 'incident.created',
            aggregateType: 'incident',
            aggregateId: 'incident-1',
            version: 1,
            actorId: 'u1',
            payload: {},
          },
        ],
      }),
    'GET /api/v1/dispatches': () => json(200, accepted ? dispatched : []),
    'POST /api/v1/incidents/incident-1/dispatch-recommended': () => {
      accepted = true;
      return json(201, { recommendation, dispatches: dispatched });
    },
  });
  const api = new ApiClient({ fetch, createRetries: 0 });
  const store = new LiveStore();
  const { tree } = renderKit(
    api,
    <IncidentPanel
      api={api}
      incidentId="incident-1"
      categories={[]}
      arrivals={new ArrivalLog(store)}
      onClose={() => {}}
      onSelect={options.onSelect ?? (() => {})}
      roles={options.roles}
    />,
    { live: true },
  );
  render(tree);
  return { calls };
}

const posts = (calls: { method: string; url: string }[]) =>
  calls.filter((c) => c.method === 'POST' && c.url.endsWith('/dispatch-recommended'));

describe('one-key dispatch', () => {
  it('shows the recommendation per tier with ETAs, distances, reasons and shortfall', async () => {
    renderPanel();
    const view = await screen.findByTestId('recommendation');
    expect(view.textContent).toContain('中央商场单元');
    expect(view.textContent).toContain('ETA 50 s');
    expect(view.textContent).toContain('240 m');
    expect(view.textContent).toContain('20 s on foot + 30 s turnout');
    expect(view.textContent).toContain('tier met');
    expect(view.textContent).toContain('needs 2 Police: 1 in time, next best 6:50');
    expect(view.textContent).toContain('3.4 km');
    expect(view.textContent).toContain('2 busy');
  });

  it('dispatches every recommended unit with one press of Enter, once', async () => {
    const { calls } = renderPanel();
    const button = await screen.findByRole('button', { name: /Accept recommendation \(3\)/ });
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    act(() => {
      fireEvent.keyDown(document.body, { key: 'Enter' });
    });
    await screen.findByText(/Dispatched 3:/);
    expect(posts(calls)).toHaveLength(1);
    expect(posts(calls)[0]).toMatchObject({
      headers: { 'idempotency-key': expect.stringMatching(/.{8,}/) },
    });
    // The units sent appear with their status, refreshed after the dispatch.
    await waitFor(() =>
      expect(document.querySelectorAll('[data-dispatch-status="notified"]')).toHaveLength(3),
    );
    // The server recommends as if nobody were sent: a second Enter must not send a second plan.
    await screen.findByRole('button', { name: /Recommendation dispatched/ });
    expect(screen.getAllByText(/^Sent: /).length).toBe(2);
    act(() => {
      fireEvent.keyDown(document.body, { key: 'Enter' });
    });
    await screen.findByText('Nothing left to dispatch.');
    expect(posts(calls)).toHaveLength(1);
    expect(calls.filter((c) => c.method === 'POST' && c.url.endsWith('/dispatches'))).toHaveLength(
      0,
    );
  });

  it('leaves Enter on another button to that button', async () => {
    const { calls } = renderPanel();
    await screen.findByTestId('recommendation');
    const recompute = screen.getByRole('button', { name: 'Recompute' });
    await waitFor(() => expect((recompute as HTMLButtonElement).disabled).toBe(false));
    const before = calls.filter((c) => c.url.endsWith('/recommendation')).length;
    recompute.focus();
    act(() => {
      fireEvent.keyDown(recompute, { key: 'Enter' });
    });
    await waitFor(() =>
      expect(calls.filter((c) => c.url.endsWith('/recommendation')).length).toBe(before + 1),
    );
    expect(posts(calls)).toHaveLength(0);
  });
});

describe('duplicate hint', () => {
  it('links the call to the original in one action and opens the original', async () => {
    const onSelect = vi.fn();
    const { calls } = renderPanel({ duplicateOf: 'incident-0', onSelect });
    const warning = await screen.findByRole('alert');
    expect(warning.textContent).toContain('Probably the same as an open incident: incident-0');
    fireEvent.click(screen.getByRole('button', { name: 'Link as duplicate' }));
    await waitFor(() => expect(onSelect).toHaveBeenCalledWith('incident-0'));
    expect(calls.filter((c) => c.url.endsWith('/link-duplicate'))).toHaveLength(1);
  });

  it('dismisses a wrong hint in one action', async () => {
    const { calls } = renderPanel({ duplicateOf: 'incident-0' });
    await screen.findByRole('alert');
    fireEvent.click(screen.getByRole('button', { name: 'Not a duplicate' }));
    await screen.findByText('Kept as a separate incident.');
    expect(calls.filter((c) => c.url.endsWith('/dismiss-duplicate'))).toHaveLength(1);
  });
});

describe('stage moves', () => {
  it('does not offer a dispatcher the supervisor’s sign-off, and offers it to a supervisor', async () => {
    renderPanel({ stage: 'supervise', roles: ['dispatcher'] });
    await screen.findByTestId('recommendation');
    expect(screen.queryByRole('button', { name: '→ Close' })).toBeNull();
    cleanup();
    renderPanel({ stage: 'supervise', roles: ['supervisor'] });
    expect(await screen.findByRole('button', { name: '→ Close' })).toBeTruthy();
  });
});
