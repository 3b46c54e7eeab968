// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Incident } from '@jiefang/contract';
import { I18n } from '../../i18n/i18n.ts';
import { I18nProvider } from '../../i18n/I18nProvider.tsx';
import { OpenIncidentsPanel } from './OpenIncidentsPanel.tsx';
import { StageSummary } from './StageSummary.tsx';
import { EscalationFeed } from './EscalationFeed.tsx';
import { byDeadline, stageDeadline } from './stage-deadlines.ts';

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

describe('stageDeadline (colouring, from the incident’s own loop)', () => {
  const p1 = (id: string, stage: string, ago: number) =>
    incident(id, stage, ago, { priority: 1, categoryCode: 'violent_attack' });
  it('is ok, then amber in the last quarter, then red once overdue (P1: 60 s to analyse)', () => {
    expect(stageDeadline(p1('a', 'analyse', 10), T0)).toMatchObject({
      state: 'ok',
      leftMs: 50_000,
    });
    expect(stageDeadline(p1('a', 'analyse', 44), T0).state).toBe('ok');
    expect(stageDeadline(p1('a', 'analyse', 45), T0).state).toBe('amber');
    expect(stageDeadline(p1('a', 'analyse', 60), T0).state).toBe('amber');
    expect(stageDeadline(p1('a', 'analyse', 61), T0)).toMatchObject({
      state: 'red',
      leftMs: -1000,
    });
    // handle has an hour: 50 minutes in is amber, 30 is not.
    expect(stageDeadline(p1('h', 'handle', 3000), T0).state).toBe('amber');
    expect(stageDeadline(p1('h', 'handle', 1800), T0).state).toBe('ok');
  });

  it('gives a P3 its plan’s 300 s: 90 s in analyse is in time (it was "overdue" at 60 s before)', () => {
    expect(stageDeadline(incident('t', 'analyse', 90), T0)).toMatchObject({
      state: 'ok',
      leftMs: 210_000,
    });
    // The incident's recorded loop wins over the priority's defaults.
    const loop = {
      deadlines: { analyse: 30, assign: 60, handle: 600, supervise: 900 },
      escalateEverySeconds: 60,
    };
    expect(stageDeadline(incident('c', 'analyse', 31, { loop }), T0).state).toBe('red');
  });

  it('has no deadline in the final stage, and sorts most urgent first', () => {
    const close = stageDeadline(incident('c', 'close', 10_000), T0);
    expect(close).toEqual({ state: 'none' });
    const list = [
      close,
      stageDeadline(p1('a', 'analyse', 10), T0),
      stageDeadline(p1('b', 'analyse', 90), T0),
    ].sort(byDeadline);
    expect(list.map((d) => d.state)).toEqual(['red', 'ok', 'none']);
  });
});

describe('<OpenIncidentsPanel>, <StageSummary> and <EscalationFeed>', () => {
  const incidents = [
    incident('fresh', 'analyse', 5, { priority: 1, categoryCode: 'violent_attack' }),
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
      escalation: {
        stage: 'assign',
        level: 2,
        toOrgId: 'district',
        at: new Date(at(-60)).toISOString(),
      },
    }),
    incident('nearly', 'analyse', 50, { priority: 1, categoryCode: 'violent_attack' }),
  ];
  const wrap = (ui: React.ReactNode, languages = ['en']) =>
    render(<I18nProvider i18n={new I18n({ languages })}>{ui}</I18nProvider>);

  it('lists the most overdue first, coloured by deadline, with time left or overdue', async () => {
    const onSelect = vi.fn();
    wrap(<OpenIncidentsPanel incidents={incidents} now={T0} onSelect={onSelect} />);
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
    wrap(<StageSummary incidents={incidents} now={T0} />, ['zh-CN']);
    expect(screen.getByTestId('stage-analyse').textContent).toBe('研判2\u00a0');
    expect(screen.getByTestId('stage-assign').textContent).toBe('交办11 起超时');
    expect(screen.getByText('1 起已升级')).toBeTruthy();
  });

  it('lists escalated incidents with the level raised and whose supervisors have it', () => {
    const names = new Map([
      ['district', 'Xuanwu district'],
      ['station-1', 'Xinjiekou station'],
    ]);
    const view = wrap(
      <EscalationFeed incidents={incidents} myOrgId="district" orgNames={names} todayCount={4} />,
    );
    const [row] = screen.getAllByTestId('escalation');
    expect(row.getAttribute('data-level')).toBe('2');
    expect(row.textContent).toContain('Assign overdue · level 2');
    expect(row.textContent).toContain('to you');
    view.unmount();
    wrap(<EscalationFeed incidents={incidents} myOrgId="city" orgNames={names} todayCount={4} />);
    expect(screen.getByTestId('escalation').textContent).toContain('to Xuanwu district');
    cleanup();
    wrap(
      <EscalationFeed
        incidents={incidents}
        myOrgId="station-1"
        orgNames={new Map()}
        todayCount={0}
      />,
      ['zh-CN'],
    );
    expect(screen.getByTestId('escalation').textContent).toContain('报上级');
    expect(screen.getByTestId('escalation').textContent).toContain('第 2 级');
  });
});
