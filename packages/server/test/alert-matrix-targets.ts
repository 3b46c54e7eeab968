import { capSample, type LonLat } from '@jiefang/core';
import {
  postPartnerEvent,
  registerPartner,
  squareAround,
  type RegisteredPartner,
} from '../src/test-support/alert-fixtures.ts';
import type { TestServer } from '../src/test-support/test-server.ts';

/**
 * Alert-area targets for the authorization matrix, made through the API by the city admin (and
 * a partner's signed webhook): fresh alerts, area rules and partners at a given org.
 */
export class AlertMatrixTargets {
  private readonly partners = new Map<string, RegisteredPartner>();

  constructor(
    private readonly server: TestServer,
    private readonly admin: string,
    private readonly unique: (prefix: string) => string,
    private readonly scene: () => LonLat,
  ) {}

  /** A CAP 1.2 message with a fresh identifier. */
  cap(): string {
    return capSample({ identifier: this.unique('cap') });
  }

  /** A partner of `orgId` (no zones), registered once per org. */
  async partner(orgId: string): Promise<RegisteredPartner> {
    const known = this.partners.get(orgId);
    if (known) return known;
    const made = await registerPartner(this.server, {
      id: this.unique('partner'),
      orgId,
      name: `matrix partner ${orgId}`,
      kind: 'camera',
      zones: [],
    });
    this.partners.set(orgId, made);
    return made;
  }

  /** A fresh active alert at `orgId`, posted by that org's partner; returns its id. */
  async alert(orgId: string): Promise<string> {
    const partner = await this.partner(orgId);
    const response = await postPartnerEvent(this.server, partner, {
      eventId: this.unique('event'),
      occurredAt: new Date(this.server.ctx.clock.now()).toISOString(),
      kind: 'crowd',
      location: this.scene(),
      measure: { name: 'crowd', value: 60 },
    });
    if (response.statusCode !== 200) throw new Error(`fixture alert: ${response.body}`);
    return response.json().alert.id as string;
  }

  /** The body of an area rule at `orgId` (without id and org when `bare`). */
  ruleBody(orgId?: string): Record<string, unknown> {
    return {
      ...(orgId ? { id: this.unique('rule'), orgId } : {}),
      name: this.unique('rule'),
      categoryCode: 'crowd',
      match: { events: ['crowd'], zone: squareAround(this.scene(), 100) },
      steps: [{ kind: 'note', afterSeconds: 0, text: 'matrix' }],
    };
  }

  /** A fresh area rule at `orgId`, defined by the city admin; returns its id. */
  async rule(orgId: string): Promise<string> {
    const body = this.ruleBody(orgId);
    const response = await this.server.app.inject({
      method: 'POST',
      url: '/api/v1/area-rules',
      headers: { cookie: this.admin },
      payload: body,
    });
    if (response.statusCode !== 201) throw new Error(`fixture rule: ${response.body}`);
    return body.id as string;
  }

  /** A fresh open missing-person case at `orgId`, last seen at the scene ten minutes ago. */
  async missingCase(orgId: string): Promise<string> {
    const id = this.unique('missing');
    const response = await this.server.app.inject({
      method: 'POST',
      url: '/api/v1/missing-persons',
      headers: { cookie: this.admin },
      payload: {
        id,
        orgId,
        description: 'matrix',
        lastSeen: {
          location: this.scene(),
          at: new Date(this.server.ctx.clock.now() - 600_000).toISOString(),
        },
        walkingSpeedMps: 1.2,
      },
    });
    if (response.statusCode !== 201) throw new Error(`fixture missing case: ${response.body}`);
    return id;
  }
}
