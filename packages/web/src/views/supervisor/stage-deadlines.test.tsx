// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Incident } from '@jiefang/contract';
import { I18n } from '../../i18n/i18n.ts';
import { I18nProvider } from '../../i18n/I18nProvider.tsx';
import { OpenIncidentsPanel } from './OpenIncidentsPanel.tsx';
import { StageSummary } from './StageSummary.tsx';
import {
  byDeadline,
  DEFAULT_STAGE_DEADLINES,
  deadlinesFrom,
  stageDeadline,
} from './stage-deadlines.ts';

afterEach(cleanup);

const T0 = Date.parse('2026-05-01T08:00:00.000Z');
const at = (seconds: number) => T0 + seconds * 1000;

function incident(
  id: string,
  stage: string,
  enteredSecondsAgo: number,
  extra: Partial<Incident> = {},
) {
  return {
    id,
    orgId: 'district',
    categoryCode: 'theft',
    priority: 3,
    policeMatter: true,
    location: { lon: 118.78, lat: 32.04, placeName: `place ${id}` },
    description: id,
    receivedAt: new Date(at(-enteredSecondsAgo)).toISOString(),
    createdAt: new Date(at(-enteredSecondsAgo)).toISOString(),
    status: 'open',
    workflow: {
      definitionId: 'incident',
      stage,
      enteredAt: new Date(at(-enteredSecondsAgo)).toISOString(),
      escalationLevel: 0,
      history: [],
    },
    ...extra,
  } as Incident;
}

describe('stageDeadline (colouring)', () => {
  const deadlines = DEFAULT_STAGE_DEADLINES;
  it('is ok, then amber in the last quarter, then red once overdue', () => {
    expect(stageDeadline(incident('a', 'analyse', 10), deadlines, T0)).toMatchObject({
      state: 'ok',
      leftMs: 50_000,
    });
    expect(stageDeadline(incident('a', 'analyse', 44), deadlines, T0).state).toBe('ok');
    expect(stageDeadline(incident('a', 'analyse', 45), deadlines, T0).state).toBe('amber');
    expect(stageDeadline(incident('a', 'analyse', 60), deadlines, T0).state).toBe('amber');
    expect(stageDeadline(incident('a', 'analyse', 61), deadlines, T0)).toMatchObject({
      state: 'red',
      leftMs: -1000,
    });
    // handle has an hour: 50 minutes in is amber, 30 is not.
    expect(stageDeadline(incident('h', 'handle', 3000), deadlines, T0).state).toBe('amber');
    expect(stageDeadline(incident('h', 'handle', 1800), deadlines, T0).state).toBe('ok');
  });

  it('has no deadline in the final stage, and sorts most urgent first', () => {
    const close = stageDeadline(incident('c', 'close', 10_000), deadlines, T0);
    expect(close).toEqual({ state: 'none' });
    const list = [
      close,
      stageDeadline(incident('a', 'analyse', 10), deadlines, T0),
      stageDeadline(incident('b', 'analyse', 90), deadlines, T0),
    ].sort(byDeadline);
    expect(list.map((d) => d.state)).toEqual(['red', 'ok', 'none']);
  });

  it("takes the server's deadlines over the defaults", () => {
    const merged = deadlinesFrom([{ stage: 'analyse', deadlineSeconds: 30 }]);
    expect(merged.analyse).toBe(30);
    expect(merged.assign).toBe(120);
    expect(deadlinesFrom(undefined)).toBe(DEFAULT_STAGE_DEADLINES);
  });
});

describe('<OpenIncidentsPanel> and <StageSummary>', () => {
  const incidents = [
    incident('fresh', 'analyse', 5),
    incident('late', 'assign', 300, {
      categoryCode: 'robbery',
      priority: 1,
      workflow: {
        definitionId: 'incident',
        stage: 'assign',
        enteredAt: new Date(at(-300)).toISOString(),
        escalationLevel: 2,
        history: [],
      },
    }),
    incident('nearly', 'analyse', 50),
  ];
  const wrap = (ui: React.ReactNode, languages = ['en']) =>
    render(<I18nProvider i18n={new I18n({ languages })}>{ui}</I18nProvider>);

  it('lists the most overdue first, coloured by deadline, with time left or overdue', async () => {
    const onSelect = vi.fn();
    wrap(
      <OpenIncidentsPanel
        incidents={incidents}
        deadlines={DEFAULT_STAGE_DEADLINES}
        now={T0}
        onSelect={onSelect}
      />,
    );
    const rows = screen.getAllByTestId('supervisor-incident');
    expect(rows.map((r) => r.getAttribute('data-deadline'))).toEqual(['red', 'amber', 'ok']);
    expect(rows[0].textContent).toContain('Robbery');
    expect(rows[0].textContent).toContain('↑2');
    expect(rows[0].textContent).toContain('overdue 3:00');
    expect(rows[1].textContent).toContain('0:10 left');
    expect(rows[2].textContent).toContain('0:55 left');
    expect(screen.getByText('3 open · 1 overdue')).toBeTruthy();
    await userEvent.click(rows[0]);
    expect(onSelect).toHaveBeenCalledWith(incidents[1]);
  });

  it('counts open and overdue per closed-loop stage, in Chinese too', () => {
    wrap(<StageSummary incidents={incidents} deadlines={DEFAULT_STAGE_DEADLINES} now={T0} />, [
      'zh-CN',
    ]);
    expect(screen.getByTestId('stage-analyse').textContent).toBe('研判2\u00a0');
    expect(screen.getByTestId('stage-assign').textContent).toBe('交办11 起超时');
    expect(screen.getByText('1 起已升级')).toBeTruthy();
  });
});
