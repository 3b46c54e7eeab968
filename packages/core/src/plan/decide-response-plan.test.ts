import { describe, expect, it } from 'vitest';
import { catchDomainError } from '../testing/catch-domain-error.ts';
import { DEFAULT_RESPONSE_PLANS } from './default-plans.ts';
import { decideResponsePlan } from './decide-response-plan.ts';

const ctx = { now: 0, actorId: 'admin' };
const plan = DEFAULT_RESPONSE_PLANS[0];

describe('decideResponsePlan', () => {
  it('creates, replaces as a whole and retires once', () => {
    const created = decideResponsePlan(undefined, { type: 'create', plan }, ctx);
    expect(created.state.retired).toBe(false);
    const replaced = decideResponsePlan(
      created.state,
      { type: 'replace', plan: { ...plan, id: 'ignored', preemptLowerPriority: false } },
      ctx,
    );
    expect(replaced.state).toMatchObject({ id: plan.id, preemptLowerPriority: false });
    expect(replaced.events[0].type).toBe('plan.replaced');
    const retired = decideResponsePlan(
      replaced.state,
      { type: 'retire', reason: 'superseded' },
      ctx,
    );
    expect(retired.state.retired).toBe(true);
    expect(
      decideResponsePlan(retired.state, { type: 'retire', reason: 'again' }, ctx).events,
    ).toEqual([]);
  });

  it('validates every version', () => {
    const created = decideResponsePlan(undefined, { type: 'create', plan }, ctx).state;
    const e = catchDomainError(() =>
      decideResponsePlan(created, { type: 'replace', plan: { ...plan, tiers: [] } }, ctx),
    );
    expect(e.field).toBe('tiers');
  });

  it('refuses a second create and commands to a missing plan', () => {
    const created = decideResponsePlan(undefined, { type: 'create', plan }, ctx).state;
    expect(
      catchDomainError(() => decideResponsePlan(created, { type: 'create', plan }, ctx)).code,
    ).toBe('ERR_ALREADY_EXISTS');
    expect(
      catchDomainError(() => decideResponsePlan(undefined, { type: 'retire', reason: 'x' }, ctx))
        .code,
    ).toBe('ERR_NOT_FOUND');
  });
});
