import { describe, expect, it } from 'vitest';
import { OrgTree, type Org } from '../org/org-tree.ts';
import { catchDomainError } from '../testing/catch-domain-error.ts';
import { sampleOrgs } from '../testing/sample-orgs.ts';
import type { Case } from './case.ts';
import { deadlinesFor, DEFAULT_CASE_DEADLINES } from './case-deadlines.ts';
import { decideCaseSettings, type CaseSettings } from './case-settings.ts';
import { decideCase, type CaseCommand, type CreateCase } from './decide-case.ts';
import { routeCase, settingsChain } from './route-case.ts';

const orgs: Org[] = [
  ...sampleOrgs,
  { id: 'xw-housing', parentId: 'xw', kind: 'department', name: '玄武区住建局' },
  { id: 'xjk-urban', parentId: 'xjk', kind: 'department', name: '新街口城管中队' },
];
const tree = new OrgTree(orgs);
const T0 = Date.parse('2026-03-01T08:00:00Z');
const HOUR = 3_600_000;

function run(state: Case | undefined, command: CaseCommand, now = T0) {
  return decideCase(state, command, { now, actorId: 'u1', orgTree: tree });
}

function workOrder(extra: Partial<CreateCase> = {}): Case {
  return run(undefined, {
    type: 'create',
    id: 'c1',
    kind: 'work_order',
    orgId: 'xjk-g1',
    categoryCode: 'noise',
    title: '广场舞噪音',
    description: 'music after 22:00',
    source: 'dispatcher',
    deadlines: DEFAULT_CASE_DEADLINES.work_order,
    ...extra,
  }).state;
}

const byRule = { departmentId: 'xw-urban', reason: 'rule r1', overridden: false };

describe('decideCase: a work order through the closed loop', () => {
  it('runs analyse → assign → handle → supervise → close with a result and a callback', () => {
    let c = workOrder();
    expect(c.workflow.stage).toBe('analyse');
    c = run(c, { type: 'route', routing: byRule }, T0 + HOUR).state;
    expect([c.workflow.stage, c.departmentId]).toEqual(['assign', 'xw-urban']);
    c = run(c, { type: 'accept' }, T0 + 2 * HOUR).state;
    expect(c.acceptedAt).toBe('2026-03-01T10:00:00.000Z');
    c = run(c, { type: 'note', text: 'spoke to the organisers', photoIds: ['p1'] }).state;
    expect(c.notes[0].photoIds).toEqual(['p1']);
    c = run(c, { type: 'resolve', result: 'music moved indoors' }, T0 + 5 * HOUR).state;
    expect(c.workflow.stage).toBe('supervise');
    c = run(c, { type: 'satisfaction', rating: 'basically', note: 'ok now' }).state;
    const closed = run(c, { type: 'close' }, T0 + 6 * HOUR);
    expect(closed.state.status).toBe('closed');
    expect(closed.state.result).toBe('music moved indoors');
    expect(closed.state.satisfaction?.rating).toBe('basically');
    expect(closed.events.map((e) => e.type)).toEqual(['case.stage_changed', 'case.closed']);
    expect(closed.state.workflow.history.map((v) => v.stage)).toEqual([
      'analyse',
      'assign',
      'handle',
      'supervise',
      'close',
    ]);
  });

  it('routes at creation when the dispatcher hands a call over in one action', () => {
    const c = workOrder({ routing: byRule, incidentId: 'i9', source: 'incident' });
    expect([c.workflow.stage, c.incidentId]).toEqual(['assign', 'i9']);
  });

  it('a department returns a case with a reason: back to analyse, department cleared', () => {
    let c = run(workOrder(), { type: 'route', routing: byRule }).state;
    expect(catchDomainError(() => run(c, { type: 'return', reason: ' ' })).field).toBe('reason');
    c = run(c, { type: 'return', reason: 'not ours: private property' }).state;
    expect(c.workflow.stage).toBe('analyse');
    expect(c.departmentId).toBeUndefined();
    expect(c.returns).toEqual([
      { at: expect.any(String), departmentId: 'xw-urban', reason: 'not ours: private property' },
    ]);
  });

  it('reopens a closed case with a reason, clearing the result and the rating', () => {
    let c = run(workOrder(), { type: 'route', routing: byRule }).state;
    c = run(c, { type: 'accept' }).state;
    c = run(c, { type: 'resolve', result: 'done' }).state;
    c = run(c, { type: 'satisfaction', rating: 'unsatisfied', note: 'still loud' }).state;
    c = run(c, { type: 'close' }).state;
    expect(catchDomainError(() => run(c, { type: 'note', text: 'x' })).code).toBe(
      'ERR_ILLEGAL_TRANSITION',
    );
    c = run(c, { type: 'reopen', reason: 'reporter unsatisfied' }).state;
    expect([c.status, c.workflow.stage, c.result, c.satisfaction]).toEqual([
      'open',
      'handle',
      undefined,
      undefined,
    ]);
    expect(c.reopens).toHaveLength(1);
  });

  it('refuses a rating before any result and an unknown rating', () => {
    const c = workOrder();
    expect(catchDomainError(() => run(c, { type: 'satisfaction', rating: 'satisfied' })).code).toBe(
      'ERR_ILLEGAL_TRANSITION',
    );
    const resolved = run(
      run(run(c, { type: 'route', routing: byRule }).state, { type: 'accept' }).state,
      { type: 'resolve', result: 'r' },
    ).state;
    expect(
      catchDomainError(() =>
        run(resolved, { type: 'satisfaction', rating: 'great' as 'satisfied' }),
      ).field,
    ).toBe('rating');
  });

  it('refuses a department that is not a department org', () => {
    const error = catchDomainError(() =>
      run(workOrder(), { type: 'route', routing: { ...byRule, departmentId: 'xjk' } }),
    );
    expect(error.field).toBe('departmentId');
  });
});

describe('decideCase: deadlines and escalation up the org tree', () => {
  it('climbs one org per level from the owner to the top', () => {
    const c = workOrder(); // analyse: 2 h, owner grid xjk-g1 → xjk-c1 → xjk → xw → nj
    const first = run(c, { type: 'check_deadlines' }, T0 + 2 * HOUR + 1);
    expect(first.events).toHaveLength(1);
    expect(first.events[0].payload).toMatchObject({ level: 1, toOrgId: 'xjk-g1' });
    expect(run(first.state, { type: 'check_deadlines' }, T0 + 3 * HOUR).events).toEqual([]);
    // Two periods missed while nobody checked: levels 2 and 3, each to its own org.
    const late = run(first.state, { type: 'check_deadlines' }, T0 + 6 * HOUR + 1);
    expect(late.events.map((e) => e.payload)).toMatchObject([
      { level: 2, toOrgId: 'xjk-c1' },
      { level: 3, toOrgId: 'xjk' },
    ]);
    // Days late, it stops at the root (level 5 of a five-org chain) and says so only once.
    const top = run(late.state, { type: 'check_deadlines' }, T0 + 40 * HOUR);
    expect(top.events.map((e) => e.payload)).toMatchObject([
      { level: 4, toOrgId: 'xw' },
      { level: 5, toOrgId: 'nj' },
    ]);
    expect(top.state.escalations.map((e) => e.level)).toEqual([1, 2, 3, 4, 5]);
    expect(run(top.state, { type: 'check_deadlines' }, T0 + 400 * HOUR).events).toEqual([]);
  });

  it('takes per-kind deadlines from the org chain, nearest org last', () => {
    const deadlines = deadlinesFor('hazard', [
      { hazard: { handle: 86_400 } },
      undefined,
      { hazard: { assign: 600 }, work_order: { assign: 60 } },
    ]);
    expect(deadlines).toEqual({ ...DEFAULT_CASE_DEADLINES.hazard, handle: 86_400, assign: 600 });
  });

  it('escalates a hazard once its rectification deadline passes unrectified', () => {
    const hazard = run(undefined, {
      type: 'create',
      id: 'h1',
      kind: 'hazard',
      orgId: 'xjk-c1',
      categoryCode: 'fire_hazard',
      title: '楼道电动车充电',
      description: 'e-bikes charging in the stairwell',
      source: 'grid_worker',
      deadlines: { analyse: 1e6, assign: 1e6, handle: 1e6, supervise: 1e6 },
      hazard: { responsibleParty: '物业公司', rectifyBy: '2026-03-02T08:00:00Z' },
    }).state;
    expect(run(hazard, { type: 'check_deadlines' }, T0 + 23 * HOUR).events).toEqual([]);
    const overdue = run(hazard, { type: 'check_deadlines' }, T0 + 25 * HOUR);
    expect(overdue.events.map((e) => e.type)).toEqual(['case.rectification_overdue']);
    expect(overdue.events[0].payload).toMatchObject({ toOrgId: 'xjk' });
    expect(run(overdue.state, { type: 'check_deadlines' }, T0 + 26 * HOUR).events).toEqual([]);
    expect(
      catchDomainError(() =>
        run(overdue.state, { type: 'reinspect', passed: true, note: 'cleared' }),
      ).field,
    ).toBe('photoIds');
    const fixed = run(overdue.state, {
      type: 'reinspect',
      passed: true,
      note: 'cleared',
      photoIds: ['ph-1'],
    });
    expect(fixed.state.hazard?.reinspections[0].passed).toBe(true);
  });
});

describe('decideCase: mediation', () => {
  const mediation = () =>
    run(undefined, {
      type: 'create',
      id: 'm1',
      kind: 'mediation',
      orgId: 'xjk-c1',
      categoryCode: 'neighbour_dispute',
      title: '楼上漏水纠纷',
      description: 'water through the ceiling',
      source: 'grid_worker',
      deadlines: DEFAULT_CASE_DEADLINES.mediation,
      mediation: {
        riskLevel: 'medium',
        parties: [
          { name: '张三', side: 'applicant', contact: { phone: '13800000000' } },
          { name: '李四', side: 'respondent' },
        ],
      },
    }).state;

  it('schedules a remote session only with an https meeting link and known mediator roles', () => {
    const m = mediation();
    const session = {
      id: 's1',
      at: '2026-03-03T02:00:00Z',
      mode: 'remote' as const,
      mediators: [{ name: '王法官', role: 'judge' as const }],
    };
    expect(catchDomainError(() => run(m, { type: 'schedule_session', session })).field).toBe(
      'session.meetingUrl',
    );
    const ok = run(m, {
      type: 'schedule_session',
      session: { ...session, meetingUrl: 'https://meet.example.org/abc' },
    });
    expect(ok.state.mediation?.sessions).toHaveLength(1);
    const badRole = {
      ...session,
      meetingUrl: 'https://x.org',
      mediators: [{ name: 'a', role: 'chef' }],
    };
    expect(
      catchDomainError(() =>
        run(m, { type: 'schedule_session', session: badRole as typeof session }),
      ).field,
    ).toBe('session.mediators[0].role');
  });

  it('marking violent raises the risk and names the incident raised', () => {
    const m = run(mediation(), { type: 'mark_violent', incidentId: 'inc-7' });
    expect(m.state.mediation?.riskLevel).toBe('high');
    expect(m.state.incidentId).toBe('inc-7');
    expect(m.events[0].type).toBe('case.turned_violent');
  });

  it('needs two parties', () => {
    const error = catchDomainError(() =>
      run(undefined, {
        type: 'create',
        id: 'm2',
        kind: 'mediation',
        orgId: 'xjk',
        categoryCode: 'family_dispute',
        title: 't',
        description: 'd',
        source: 'dispatcher',
        deadlines: DEFAULT_CASE_DEADLINES.mediation,
        mediation: { riskLevel: 'low', parties: [{ name: 'a', side: 'applicant' }] },
      }),
    );
    expect(error.field).toBe('mediation.parties');
  });
});

describe('routeCase: category × area → department', () => {
  const settings = (s: Omit<CaseSettings, 'updatedAt'>) =>
    decideCaseSettings(
      undefined,
      { type: 'set', settings: s },
      { now: T0, actorId: null, orgTree: tree },
    ).state;
  const city = settings({
    orgId: 'nj',
    deadlines: {},
    rules: [{ id: 'any-xw', categoryCode: '*', areaOrgId: 'xw', departmentId: 'xw-urban' }],
    departments: [
      { orgId: 'xw-urban', kind: 'urban_management' },
      { orgId: 'xw-housing', kind: 'housing' },
    ],
  });
  const station = settings({
    orgId: 'xjk',
    deadlines: {},
    rules: [
      { id: 'noise-xjk', categoryCode: 'noise', areaOrgId: 'xjk', departmentId: 'xjk-urban' },
    ],
    departments: [],
  });
  const all = new Map([
    [city.orgId, city],
    [station.orgId, station],
  ]);

  it('prefers an exact category, then the smallest area, and says why', () => {
    const chain = settingsChain('xjk-g1', all, tree);
    expect(routeCase({ categoryCode: 'noise', orgId: 'xjk-g1' }, chain, tree)).toEqual({
      departmentId: 'xjk-urban',
      ruleId: 'noise-xjk',
      basis: 'rule',
      reason: 'rule noise-xjk: noise in 新街口派出所 → 新街口城管中队',
      overridden: false,
    });
    expect(routeCase({ categoryCode: 'garbage', orgId: 'xjk-g1' }, chain, tree)?.ruleId).toBe(
      'any-xw',
    );
  });

  it('falls back to the nearest department of the category kind without a rule', () => {
    const noRules = new Map([[city.orgId, { ...city, rules: [] }]]);
    const routing = routeCase(
      { categoryCode: 'housing_repair', orgId: 'mfl' },
      settingsChain('mfl', noRules, tree),
      tree,
    );
    expect(routing?.departmentId).toBe('xw-housing');
    expect(routing?.reason).toContain('housing');
    expect(routing).toMatchObject({ basis: 'department_kind', departmentKind: 'housing' });
    expect(
      routeCase(
        { categoryCode: 'food_safety', orgId: 'mfl' },
        settingsChain('mfl', noRules, tree),
        tree,
      ),
    ).toBeUndefined();
  });

  it('refuses rules naming non-departments, unknown categories or areas outside the org', () => {
    const error = catchDomainError(() =>
      settings({
        orgId: 'xjk',
        deadlines: { hazard: { handle: -1 } },
        rules: [{ id: 'r', categoryCode: 'nope', areaOrgId: 'gl', departmentId: 'xjk' }],
        departments: [],
      }),
    );
    expect(error.problems?.map((p) => p.field)).toEqual([
      'deadlines.hazard.handle',
      'rules[0].categoryCode',
      'rules[0].areaOrgId',
      'rules[0].departmentId',
    ]);
  });
});
