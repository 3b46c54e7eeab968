import type { LonLat } from '@jiefang/core';
import { forecastPart, patrolPlanPart } from '../src/patrol/patrol-parts.ts';
import type { TestServer } from '../src/test-support/test-server.ts';

/** A unit of each org the matrix aims at. */
const UNIT_OF: Record<string, string> = { 'station-1': 'police-1-1', 'station-2': 'police-2-1' };

/**
 * Patrol targets for the authorization matrix, committed through the command pipeline by the
 * city admin: a computed forecast per org (one cell at the scene: the matrix checks who may
 * act on it, not what the models make of a history) and fresh draft plans.
 */
export class PatrolMatrixTargets {
  private readonly forecasts = new Map<string, string>();

  constructor(
    private readonly server: TestServer,
    private readonly unique: (prefix: string) => string,
    private readonly scene: () => LonLat,
  ) {}

  unitOf(orgId: string): string {
    return UNIT_OF[orgId];
  }

  async forecast(orgId: string): Promise<string> {
    const known = this.forecasts.get(orgId);
    if (known) return known;
    const ctx = this.server.ctx;
    const id = this.unique('forecast');
    await ctx.commands.execute(
      forecastPart(
        ctx,
        id,
        { type: 'request', forecast: { id, orgId, categoryCode: '*', horizonDays: 7 } },
        null,
      ),
      null,
    );
    const { lon, lat } = this.scene();
    const d = 0.0005;
    await ctx.commands.execute(
      forecastPart(
        ctx,
        id,
        {
          type: 'complete',
          result: {
            method: 'naive',
            cellSizeFt: 350,
            rotationDeg: 0,
            from: '2026-12-03',
            until: '2026-12-10',
            historyCount: 1,
            validatedHitRate: 0,
            cells: [
              {
                rank: 1,
                cell: '0',
                score: 3,
                centre: [lon, lat],
                ring: [
                  [lon - d, lat - d],
                  [lon + d, lat - d],
                  [lon + d, lat + d],
                  [lon - d, lat + d],
                  [lon - d, lat - d],
                ],
              },
            ],
          },
        },
        null,
      ),
      null,
    );
    this.forecasts.set(orgId, id);
    return id;
  }

  /** A fresh draft plan at `orgId`: its unit stops at the scene for the first 12 minutes. */
  async plan(orgId: string): Promise<string> {
    const ctx = this.server.ctx;
    const id = this.unique('patrol');
    const { lon, lat } = this.scene();
    await ctx.commands.execute(
      patrolPlanPart(
        ctx,
        id,
        {
          type: 'create',
          plan: {
            id,
            orgId,
            forecastId: await this.forecast(orgId),
            shiftStart: new Date(ctx.clock.now()).toISOString(),
            shiftMinutes: 60,
            units: [
              {
                unitId: this.unitOf(orgId),
                zone: { id: 'A1', bbox: [lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01] },
                post: [lon, lat],
                legs: [
                  {
                    kind: 'dwell',
                    startMin: 0,
                    endMin: 12,
                    at: [lon, lat],
                    stop: { cell: '0', window: [0, 0] },
                  },
                  { kind: 'dwell', startMin: 12, endMin: 60, at: [lon, lat] },
                ],
              },
            ],
            staticCoverage: 0,
            floor: 0,
            minCoverage: 0,
          },
        },
        null,
      ),
      null,
    );
    return id;
  }
}
