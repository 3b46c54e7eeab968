// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Dispatch, DispatchStatus, Incident } from '@jiefang/contract';
import { I18n } from '../../i18n/i18n.ts';
import { I18nProvider } from '../../i18n/I18nProvider.tsx';
import {
  ResponderDispatchCard,
  type ResponderDispatchCardProps,
} from './ResponderDispatchCard.tsx';

afterEach(cleanup);

const NOTIFIED_AT = '2026-05-01T08:00:00.000Z';
const dispatch = (status: DispatchStatus): Dispatch => ({
  id: 'd1',
  incidentId: 'i1',
  unitId: 'police-1-1',
  orgId: 'station-1',
  tier: 1,
  status,
  times: { notified: NOTIFIED_AT },
  acceptTimeoutSeconds: 20,
  version: 1,
});
const incident: Incident = {
  id: 'i1',
  orgId: 'station-1',
  source: 'call',
  categoryCode: 'robbery',
  priority: 1,
  policeMatter: true,
  location: { lon: 118.78, lat: 32.04, placeName: '中央商场 3F' },
  description: 'Bag snatched, suspect ran north',
  receivedAt: '2026-05-01T07:59:50.000Z',
  createdAt: '2026-05-01T07:59:55.000Z',
  status: 'open',
  workflow: {
    definitionId: 'incident',
    stage: 'assign',
    enteredAt: NOTIFIED_AT,
    escalationLevel: 0,
    history: [],
  },
};

function renderCard(status: DispatchStatus, props: Partial<ResponderDispatchCardProps> = {}) {
  const onAction = vi.fn();
  render(
    <I18nProvider i18n={new I18n({ languages: ['en'] })}>
      <ResponderDispatchCard
        dispatch={dispatch(status)}
        incident={incident}
        now={Date.parse(NOTIFIED_AT) + 5000}
        onAction={onAction}
        {...props}
      />
    </I18nProvider>,
  );
  return onAction;
}

const buttonNames = () => screen.queryAllByRole('button').map((b) => b.textContent);

describe('<ResponderDispatchCard>', () => {
  it('shows an incoming dispatch as an alert with accept and decline and the answer countdown', async () => {
    const onAction = renderCard('notified');
    expect(screen.getByRole('alert').textContent).toContain('New dispatch');
    expect(screen.getByText('Answer within 15 s')).toBeTruthy();
    expect(screen.getByRole('heading').textContent).toBe('P1Robbery');
    expect(screen.getByText('中央商场 3F')).toBeTruthy();
    expect(buttonNames()).toEqual(['Accept', 'Decline']);
    await userEvent.click(screen.getByRole('button', { name: 'Accept' }));
    expect(onAction).toHaveBeenCalledWith('accept');
  });

  it('asks for a reason before declining and sends it', async () => {
    const onAction = renderCard('delivered');
    await userEvent.click(screen.getByRole('button', { name: 'Decline' }));
    const send = screen.getByRole('button', { name: 'Send decline' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    await userEvent.click(screen.getByLabelText('Vehicle or equipment problem'));
    await userEvent.click(send);
    expect(onAction).toHaveBeenCalledWith('decline', { reason: 'Vehicle or equipment problem' });
  });

  it.each([
    ['accepted', ['En route', 'On scene']],
    ['en_route', ['On scene']],
    ['on_scene', ['Cleared']],
    ['cleared', []],
    ['cancelled', []],
  ] as const)('for a %s dispatch shows %j', (status, names) => {
    renderCard(status);
    expect(buttonNames()).toEqual(names);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('sends the step pressed, and holds every button while a request is on its way', async () => {
    const onAction = renderCard('en_route');
    await userEvent.click(screen.getByRole('button', { name: 'On scene' }));
    expect(onAction).toHaveBeenCalledWith('arrive');
    cleanup();
    renderCard('on_scene', { busy: 'clear' });
    const clear = screen.getByRole('button', { name: 'Cleared' }) as HTMLButtonElement;
    expect(clear.disabled).toBe(true);
    expect(clear.getAttribute('aria-busy')).toBe('true');
  });

  it('shows the route summary and a failed step', () => {
    renderCard('accepted', {
      route: {
        dispatchId: 'd1',
        unitId: 'police-1-1',
        incidentId: 'i1',
        profile: 'drive',
        seconds: 95,
        metres: 1240,
        from: { lon: 118.77, lat: 32.03, at: NOTIFIED_AT },
        to: { lon: 118.78, lat: 32.04 },
        geometry: { type: 'LineString', coordinates: [] },
      },
      error: 'The dispatch was changed by someone else.',
    });
    expect(screen.getByTestId('responder-route-summary').textContent).toBe('1.2 km · 1:35 by road');
    expect(screen.getByRole('alert').textContent).toBe('The dispatch was changed by someone else.');
  });

  it('speaks Chinese', () => {
    render(
      <I18nProvider i18n={new I18n({ languages: ['zh-CN'] })}>
        <ResponderDispatchCard
          dispatch={dispatch('on_scene')}
          incident={incident}
          now={0}
          onAction={() => {}}
        />
      </I18nProvider>,
    );
    expect(buttonNames()).toEqual(['处置完毕']);
    expect(screen.getByRole('heading').textContent).toContain('抢劫');
  });
});
