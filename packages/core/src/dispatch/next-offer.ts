import type { Candidate, TierRecommendation } from '../recommend/recommendation.ts';
import { toMs } from '../shared/time.ts';
import type { UnitStatus } from '../unit/unit.ts';
import { AWAITING_ANSWER, ENGAGED, type Dispatch } from './dispatch.ts';

export interface Offer {
  candidate: Candidate;
  /** Index into tier.requirements: which need the unit fills. */
  requirementIndex: number;
}

export interface NextOffers {
  /** Dispatches whose unit did not answer in time: apply 'time_out' to each. */
  timeOut: Dispatch[];
  /** Units to notify now, in order. */
  offers: Offer[];
  /** Requirements still short after these offers, because every ranked unit has been tried. */
  exhausted: number[];
}

/**
 * Who to offer next in a tier. A requirement counts the dispatches of its own ranked units
 * (picks and alternatives: each unit belongs to exactly one requirement of one recommendation)
 * that are waiting, working or done; units that declined, timed out or were cancelled leave a gap,
 * filled by the next ranked unit never offered for this incident. Units found busy meanwhile are
 * skipped unless the recommendation meant to pre-empt them. When a requirement runs out of
 * ranked units it is reported `exhausted`: recommend again, excluding the units already tried.
 */
export function nextOffer(
  tier: TierRecommendation,
  dispatches: readonly Dispatch[],
  now: number,
  unitStatus?: (unitId: string) => UnitStatus | undefined,
): NextOffers {
  const timeOut = dispatches.filter(
    (d) =>
      AWAITING_ANSWER.includes(d.status) &&
      now >= toMs(d.times.notified!) + d.acceptTimeoutSeconds * 1000,
  );
  const timingOut = new Set(timeOut.map((d) => d.id));
  const tried = new Set(dispatches.map((d) => d.unitId));
  const offers: Offer[] = [];
  const exhausted: number[] = [];

  tier.requirements.forEach((req, requirementIndex) => {
    const ranked = [...req.picks, ...req.alternatives];
    const own = new Set(ranked.map((c) => c.unitId));
    const engaged = dispatches.filter(
      (d) => own.has(d.unitId) && ENGAGED.includes(d.status) && !timingOut.has(d.id),
    ).length;
    let need = req.requirement.count - engaged;
    for (const candidate of ranked) {
      if (need <= 0) break;
      if (tried.has(candidate.unitId)) continue;
      const status = unitStatus?.(candidate.unitId);
      if (status !== undefined && status !== 'available' && !candidate.preempts) continue;
      offers.push({ candidate, requirementIndex });
      tried.add(candidate.unitId);
      need--;
    }
    if (need > 0) exhausted.push(requirementIndex);
  });
  return { timeOut, offers, exhausted };
}
