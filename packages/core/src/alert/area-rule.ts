import { DomainError, DomainErrorCode, ProblemList } from '../errors.ts';
import type { LonLat } from '../geo/coordinates.ts';
import type { Decision, DecideContext } from '../shared/decision.ts';
import type { Alert, AlertSource } from './alert.ts';
import { CAP_SEVERITIES, type CapSeverity } from './cap-message.ts';
import { pointInRing, ringProblems } from './zone-geometry.ts';

/** What a step of a rule's chain does, in the order they usually climb. */
export type RuleStepKind = 'note' | 'reminder' | 'grid_worker' | 'police';
export const RULE_STEP_KINDS: readonly RuleStepKind[] = [
  'note',
  'reminder',
  'grid_worker',
  'police',
];

export interface RuleStep {
  kind: RuleStepKind;
  /** Seconds after the chain started (the condition has held long enough). */
  afterSeconds: number;
  /** The note's text, or the spoken reminder the partner plays. */
  text?: string;
}

/** "crowd >= 50 in the zone for >= 180 s": a reading that must hold before the chain starts. */
export interface RulePersistence {
  measure: string;
  min: number;
  forSeconds: number;
}

export interface RuleMatch {
  sources?: AlertSource[];
  /** Partner ids (webhook) or CAP senders. */
  senders?: string[];
  /** Alert kinds or CAP event names, compared case-insensitively. */
  events?: string[];
  /** CAP categories (Safety, Security, ...). */
  categories?: string[];
  /** The alert's point must lie inside this closed ring. */
  zone?: LonLat[];
  /** At least this severe (Extreme > Severe > Moderate > Minor > Unknown). */
  minSeverity?: CapSeverity;
  persistence?: RulePersistence;
}

export interface AreaRule {
  id: string;
  orgId: string;
  name: string;
  match: RuleMatch;
  steps: RuleStep[];
  /** The incident category of the grid-worker and police steps (e.g. 'crowd'). */
  categoryCode: string;
  retired: boolean;
}

export type AreaRuleCommand =
  | { type: 'define'; rule: Omit<AreaRule, 'retired'> }
  | { type: 'revise'; rule: Omit<AreaRule, 'retired' | 'id' | 'orgId'> }
  | { type: 'retire' };

const MAX_STEP_SECONDS = 24 * 3600;

/** Every problem of a rule definition at once, fields named like the JSON body. */
export function validateAreaRule(rule: Omit<AreaRule, 'retired' | 'id' | 'orgId'>): void {
  const problems = new ProblemList();
  const add = (field: string, message: string) => problems.add(field, message);
  if (typeof rule.name !== 'string' || rule.name.trim() === '') add('name', 'is required');
  if (typeof rule.categoryCode !== 'string' || rule.categoryCode === '')
    add('categoryCode', 'is required');
  const match = rule.match ?? {};
  if (match.zone !== undefined) ringProblems(match.zone, 'match.zone', add);
  if (match.minSeverity !== undefined && !CAP_SEVERITIES.includes(match.minSeverity))
    add('match.minSeverity', `must be one of ${CAP_SEVERITIES.join(', ')}`);
  const p = match.persistence;
  if (p !== undefined) {
    if (typeof p.measure !== 'string' || p.measure === '')
      add('match.persistence.measure', 'is required');
    if (typeof p.min !== 'number' || !Number.isFinite(p.min))
      add('match.persistence.min', 'must be a finite number');
    if (
      typeof p.forSeconds !== 'number' ||
      !Number.isInteger(p.forSeconds) ||
      p.forSeconds < 0 ||
      p.forSeconds > MAX_STEP_SECONDS
    )
      add(
        'match.persistence.forSeconds',
        `must be a whole number of seconds, 0..${MAX_STEP_SECONDS}`,
      );
  }
  if (!Array.isArray(rule.steps) || rule.steps.length === 0)
    add('steps', 'needs at least one step');
  let previous = 0;
  (rule.steps ?? []).forEach((step, i) => {
    if (!RULE_STEP_KINDS.includes(step.kind))
      add(`steps[${i}].kind`, `must be one of ${RULE_STEP_KINDS.join(', ')}`);
    const after = step.afterSeconds;
    if (
      typeof after !== 'number' ||
      !Number.isInteger(after) ||
      after < 0 ||
      after > MAX_STEP_SECONDS
    )
      add(`steps[${i}].afterSeconds`, `must be a whole number of seconds, 0..${MAX_STEP_SECONDS}`);
    else if (after < previous)
      add(`steps[${i}].afterSeconds`, 'steps run in order: not earlier than the step before');
    else previous = after;
    if ((step.kind === 'note' || step.kind === 'reminder') && !step.text)
      add(`steps[${i}].text`, `a ${step.kind} step needs its text`);
  });
  problems.throwIfAny('area rule');
}

export function decideAreaRule(
  state: AreaRule | undefined,
  command: AreaRuleCommand,
  _context: DecideContext,
): Decision<AreaRule> {
  if (command.type === 'define') {
    if (state)
      throw new DomainError(DomainErrorCode.ALREADY_EXISTS, `rule ${command.rule.id} exists`, 'id');
    validateAreaRule(command.rule);
    const rule: AreaRule = { ...command.rule, retired: false };
    return { events: [{ type: 'area_rule.defined', payload: rule }], state: rule };
  }
  if (!state) throw new DomainError(DomainErrorCode.NOT_FOUND, 'no such area rule', 'id');
  if (state.retired)
    throw new DomainError(DomainErrorCode.ILLEGAL_TRANSITION, `rule ${state.id} is retired`);
  if (command.type === 'revise') {
    validateAreaRule(command.rule);
    const rule: AreaRule = { ...state, ...command.rule };
    return { events: [{ type: 'area_rule.revised', payload: command.rule }], state: rule };
  }
  return {
    events: [{ type: 'area_rule.retired', payload: {} }],
    state: { ...state, retired: true },
  };
}

const severityRank = (s: CapSeverity) => CAP_SEVERITIES.indexOf(s);

/** Does the rule apply to this alert (its persistence is judged over time, by dueSteps)? */
export function ruleMatches(rule: AreaRule, alert: Alert): boolean {
  const m = rule.match;
  if (rule.retired) return false;
  if (m.sources && !m.sources.includes(alert.source)) return false;
  if (m.senders && !m.senders.includes(alert.sender)) return false;
  const lower = (s: string) => s.toLowerCase();
  if (m.events && !m.events.map(lower).includes(lower(alert.event))) return false;
  if (m.categories && !m.categories.some((c) => alert.categories.includes(c))) return false;
  if (m.zone && !pointInRing(alert.location, m.zone)) return false;
  if (m.minSeverity && severityRank(alert.severity) > severityRank(m.minSeverity)) return false;
  if (m.persistence && alert.measure?.name !== m.persistence.measure) return false;
  return true;
}

/** Whether a reading meets the rule's threshold (rules without persistence: always). */
export function conditionHolds(rule: AreaRule, value: number | undefined): boolean {
  const p = rule.match.persistence;
  if (!p) return true;
  return value !== undefined && value >= p.min;
}

/**
 * When the chain of an alert under its rule starts: once the condition has held for the
 * rule's persistence (from the first reading that met it), else when the alert arrived.
 * Undefined while the condition does not hold.
 */
export function chainStart(alert: Alert, rule: AreaRule): number | undefined {
  const p = rule.match.persistence;
  if (!p) return Date.parse(alert.receivedAt);
  if (alert.conditionSince === undefined) return undefined;
  return Date.parse(alert.conditionSince) + p.forSeconds * 1000;
}

/** Steps of the rule that are due now and not yet taken, in order; none once the alert is over. */
export function dueSteps(
  alert: Alert,
  rule: AreaRule,
  now: number,
): { index: number; step: RuleStep }[] {
  if (alert.status !== 'active' || alert.chain?.ruleId !== rule.id) return [];
  const start = chainStart(alert, rule);
  if (start === undefined || now < start) return [];
  const taken = new Set(alert.chain.taken.map((t) => t.index));
  return rule.steps
    .map((step, index) => ({ index, step }))
    .filter(({ index, step }) => !taken.has(index) && start + step.afterSeconds * 1000 <= now);
}

/** The next moment a step of the chain falls due (for the scheduler's display and tests). */
export function nextStepAt(alert: Alert, rule: AreaRule): number | undefined {
  if (alert.status !== 'active' || alert.chain?.ruleId !== rule.id) return undefined;
  const start = chainStart(alert, rule);
  if (start === undefined) return undefined;
  const taken = new Set(alert.chain.taken.map((t) => t.index));
  const next = rule.steps.findIndex((_, i) => !taken.has(i));
  return next < 0 ? undefined : start + rule.steps[next].afterSeconds * 1000;
}
