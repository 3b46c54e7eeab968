import { squareAround, type Partner, type Site } from '@jiefang/core';
import type { FastifyInstance } from 'fastify';
import { areaRulePart, partnerPart } from './alert-parts.ts';
import { newSecret } from '../auth/authenticate.ts';
import type { ServerContext } from '../context.ts';
import { AggregateType } from '../world/aggregate-types.ts';
import { signedHeaders } from './webhook-signature.ts';

const CAMERA = 'demo-camera-xjk';
const GATE = 'demo-school-gate';
const RULE = 'demo-crowd-xjk';
/** One crowd cycle: quiet, a crowd that stays, quiet again. */
const CYCLE_MS = 20 * 60_000;

/**
 * The Nanjing demo's partners, fed like real ones through the signed webhook: a camera over a
 * square in Xinjiekou counting people (a crowd builds, stays ten minutes and thins, every 20
 * minutes, so the area rule climbs note → reminder → grid worker → police on its own), and a
 * school gate that reports one watchlist hit two minutes after the start.
 */
export class DemoAlertFeed {
  private timer: NodeJS.Timeout | undefined;
  private readonly secrets = new Map<string, { keyId: string; secret: string }>();
  private readonly startedAt: number;
  private sequence = 0;
  private hitSent = false;

  private constructor(
    private readonly ctx: ServerContext,
    private readonly app: FastifyInstance,
  ) {
    this.startedAt = ctx.clock.now();
  }

  /** Registers (or re-keys) the demo partners and the crowd rule, then feeds every `intervalMs`. */
  static async start(
    ctx: ServerContext,
    app: FastifyInstance,
    intervalMs = 20_000,
  ): Promise<DemoAlertFeed> {
    const feed = new DemoAlertFeed(ctx, app);
    await feed.setUp();
    feed.timer = setInterval(
      () =>
        void feed
          .step()
          .catch((error: unknown) => app.log.error({ err: error }, 'demo alert feed')),
      intervalMs,
    );
    feed.timer.unref();
    return feed;
  }

  close(): void {
    clearInterval(this.timer);
  }

  private async setUp(): Promise<void> {
    const sites = [...this.ctx.world.sites.values()].map((s) => s.value);
    const mall = sites.find((s) => s.kind === 'mall') ?? sites[0];
    const school = sites.find((s) => s.kind === 'school') ?? sites[0];
    if (!mall || !school) return;
    await this.partner(
      CAMERA,
      '新街口 AI 摄像头 camera analytics',
      'camera',
      mall,
      'demo-zone-square',
      60,
    );
    await this.partner(
      GATE,
      '校园安全平台 campus safety',
      'campus_gate',
      school,
      'demo-zone-gate',
      30,
    );
    if (!this.ctx.world.get(AggregateType.areaRule, RULE)) {
      await this.ctx.commands.execute(
        areaRulePart(this.ctx, RULE, {
          type: 'define',
          rule: {
            id: RULE,
            orgId: 'station-1',
            name: '新街口广场人群聚集 crowd in the square',
            categoryCode: 'crowd',
            match: {
              sources: ['webhook'],
              senders: [CAMERA],
              events: ['crowd'],
              zone: squareAround(mall.location, 200),
              persistence: { measure: 'crowd', min: 50, forSeconds: 180 },
            },
            steps: [
              { kind: 'note', afterSeconds: 0, text: '广场人数超过 50 人已 3 分钟' },
              {
                kind: 'reminder',
                afterSeconds: 0,
                text: '请勿聚集，注意安全 Please do not gather',
              },
              { kind: 'grid_worker', afterSeconds: 120 },
              { kind: 'police', afterSeconds: 300 },
            ],
          },
        }),
        null,
      );
    }
  }

  private async partner(
    id: string,
    name: string,
    kind: Partner['kind'],
    site: Site,
    zoneId: string,
    half: number,
  ): Promise<void> {
    const key = { keyId: `${id}-${this.ctx.clock.now()}`, secret: newSecret() };
    const existing = this.ctx.world.get<Partner>(AggregateType.partner, id);
    if (existing) {
      await this.ctx.commands.execute(
        partnerPart(this.ctx, id, { type: 'rotate_key', key, overlapSeconds: 0 }),
        null,
      );
    } else {
      const zone = {
        id: zoneId,
        name: site.name,
        orgId: site.orgId,
        polygon: squareAround(site.location, half),
      };
      await this.ctx.commands.execute(
        partnerPart(this.ctx, id, {
          type: 'register',
          partner: { id, orgId: 'station-1', name, kind, zones: [zone] },
          key,
        }),
        null,
      );
    }
    this.secrets.set(id, key);
  }

  /** The crowd the camera counts at `now`: quiet for 3 minutes, 55–90 for 10, quiet again. */
  crowdAt(now: number): number {
    const phase = (now - this.startedAt) % CYCLE_MS;
    const wobble = (this.sequence * 7) % 11;
    return phase >= 3 * 60_000 && phase < 13 * 60_000 ? 60 + wobble * 3 : 15 + wobble;
  }

  /** One feed: the camera's count, and the school gate's hit once after two minutes. */
  async step(): Promise<void> {
    const now = this.ctx.clock.now();
    this.sequence++;
    const cycle = Math.floor((now - this.startedAt) / CYCLE_MS);
    await this.post(CAMERA, {
      eventId: `demo-crowd-${now}-${this.sequence}`,
      occurredAt: new Date(now).toISOString(),
      kind: 'crowd',
      zoneId: 'demo-zone-square',
      alertKey: `crowd-cycle-${this.startedAt}-${cycle}`,
      measure: { name: 'crowd', value: this.crowdAt(now) },
      severity: 'Moderate',
    });
    if (!this.hitSent && now - this.startedAt >= 2 * 60_000) {
      this.hitSent = true;
      await this.post(GATE, {
        eventId: `demo-hit-${now}`,
        occurredAt: new Date(now).toISOString(),
        kind: 'watchlist',
        zoneId: 'demo-zone-gate',
        severity: 'Severe',
        person: {
          name: '演示人员 Demo Person',
          photoRef: 'demo://watchlist/0001.jpg',
          reason: '演示 demo',
        },
      });
    }
  }

  private async post(partnerId: string, event: Record<string, unknown>): Promise<void> {
    const key = this.secrets.get(partnerId);
    if (!key) return;
    const body = JSON.stringify(event);
    const response = await this.app.inject({
      method: 'POST',
      url: `/api/v1/partners/${partnerId}/events`,
      headers: signedHeaders(key.keyId, key.secret, body, this.ctx.clock.now()),
      payload: body,
    });
    if (response.statusCode >= 400)
      this.app.log.warn({ partnerId, answer: response.body }, 'demo alert feed refused');
  }
}
