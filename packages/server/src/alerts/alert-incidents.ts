import { coverArea, toIso, type Alert, type Incident, type Partner } from '@jiefang/core';
import { incidentPart } from '../commands/aggregate-parts.ts';
import type { ServerContext } from '../context.ts';
import { RecommendationCache } from '../incidents/recommendation-cache.ts';
import { alertPart } from './alert-parts.ts';

/**
 * Partner alert kinds that open an incident at once, with the category and the words for it —
 * in the city's language, like every description the command room writes (the console shows
 * the category in the reader's language beside it).
 */
const IMMEDIATE: Record<string, { categoryCode: string; what: string }> = {
  // A wanted person at a school gate: police and the school's own emergency unit, now.
  watchlist: { categoryCode: 'wanted_person', what: '布控预警' },
  // A self-harm post: an approximate area to search, priority 1.
  public_post: { categoryCode: 'welfare_check', what: '网络求助帖核查' },
};

export function opensIncidentAtOnce(kind: string): boolean {
  return kind in IMMEDIATE;
}

/**
 * Watchlist hits and welfare posts do not wait for a rule: an incident of priority 1 opens at
 * the gate (recommended by the response plan, which puts the nearest police and the site's
 * emergency unit first) or over the post's area (units chosen to cover it by road time). The
 * incident's description names the alert, never the person or the post: those stay in the
 * alert, behind 'alert.read_personal'.
 */
export async function openIncidentFor(
  ctx: ServerContext,
  alert: Alert,
  partner: Partner,
): Promise<Alert> {
  const kind = IMMEDIATE[alert.event];
  const zone = partner.zones.find((z) => z.id === alert.zoneId);
  const incidentId = `incident-${alert.id}`;
  const created = await ctx.commands.execute(
    incidentPart(ctx, incidentId, {
      type: 'create',
      incidentId,
      orgId: alert.orgId,
      source: 'alert',
      categoryCode: kind.categoryCode,
      priority: 1,
      location: { ...alert.location, placeName: zone?.name },
      description: `${kind.what}：来自${partner.name}（预警 ${alert.id}）`,
      receivedAt: toIso(ctx.clock.now()),
      externalRef: alert.id,
    }),
    null,
  );
  const incident = created.states[0].data as Incident;
  let recommendedUnitIds: string[];
  let outcome: string;
  if (alert.event === 'public_post') {
    const tracker = ctx.positions;
    const cover = coverArea(
      alert.area,
      ctx.world.unitList,
      tracker?.positions ?? new Map(),
      ctx.travelTimes,
      ctx.clock.now(),
      {
        staleAfterSeconds: ctx.config.staleAfterSeconds,
      },
    );
    recommendedUnitIds = cover.map((c) => c.unitId);
    outcome = cover.length
      ? `cover the area: ${cover.map((c) => `${c.unitId} ${c.etaSeconds} s`).join(', ')}`
      : 'no unit can reach the area';
  } else {
    const recommendations = RecommendationCache.of(ctx);
    const recommendation = await recommendations.remember(
      recommendations.compute(incident, { scopeOrgId: partner.orgId }),
      partner.orgId,
    );
    recommendedUnitIds = recommendation.tiers.flatMap((t) =>
      t.requirements.flatMap((r) => r.picks.map((p) => p.unitId)),
    );
    outcome = `recommended by the response plan: ${recommendedUnitIds.join(', ')}`;
  }
  const result = await ctx.commands.executeWithRetry(
    () => [
      alertPart(ctx, alert.id, {
        type: 'open_incident',
        incidentId,
        recommendedUnitIds,
        outcome,
      }) as never,
    ],
    null,
  );
  return result.states[0].data as Alert;
}
