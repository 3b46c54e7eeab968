import type { DispatchStatus, Unit } from '@jiefang/core';
import type { InjectOptions } from 'fastify';
import type { TestServer } from '../src/test-support/test-server.ts';

type Place = { lon: number; lat: number };

/** How a fixture dispatch is walked, as the city admin, to the status a transition starts from. */
const PATH_TO: Partial<Record<DispatchStatus, string[]>> = {
  notified: [],
  delivered: ['deliver'],
  accepted: ['accept'],
  en_route: ['accept', 'depart'],
  on_scene: ['accept', 'arrive'],
};

/**
 * Targets for the authorization matrix, made by the city admin through the API itself: fresh
 * incidents, units, talk groups and dispatches, so that a mutating call of one role never
 * changes what the next role's call finds.
 */
export class MatrixTargets {
  constructor(
    private readonly server: TestServer,
    private readonly admin: string,
    private readonly unique: (prefix: string) => string,
  ) {}

  /**
   * Where fixture incidents happen and fixture units stand: a station of the demo city, on its
   * road network and inside the loaded area.
   */
  get scene(): Place {
    const { lon, lat } = this.server.seed.startPositions.get('police-2-1')!;
    return { lon, lat };
  }

  /** Where a seeded unit starts (its station or site). */
  startOf(unitId: string): Place {
    const { lon, lat } = this.server.seed.startPositions.get(unitId)!;
    return { lon, lat };
  }

  /** An incident at `orgId` (with a reporter, so contact rules apply); returns its id. */
  async incident(orgId: string, overrides: Record<string, unknown> = {}): Promise<string> {
    const created = await this.asAdmin('POST', '/api/v1/incidents', {
      source: 'call',
      categoryCode: 'robbery',
      location: this.scene,
      reporter: { name: '矩阵', phone: '138 0000 0000' },
      description: 'authorization matrix',
      orgId,
      ...overrides,
    });
    return created.id as string;
  }

  /**
   * A new police car (or special unit) at `orgId`; `placed` gives it a fresh fix at the scene,
   * so recommendations and area mobilisations can reach it.
   */
  async unit(
    orgId: string,
    options: { kind?: 'police' | 'special'; placed?: boolean } = {},
  ): Promise<string> {
    const kind = options.kind ?? 'police';
    const created = await this.asAdmin('POST', '/api/v1/units', {
      id: this.unique(`${kind}-unit`),
      name: this.unique(kind),
      kind,
      orgId,
      ...(kind === 'police' ? { mode: 'car' } : { speciality: 'K9' }),
    });
    const id = created.id as string;
    if (options.placed) {
      const unit = this.server.ctx.world.units.get(id)!.value;
      this.server.positions.report(unit, { ...this.scene, at: Date.now(), accuracyM: 5 });
    }
    return id;
  }

  async talkGroup(orgId: string, unitIds: string[] = []): Promise<string> {
    const created = await this.asAdmin('POST', '/api/v1/talk-groups', {
      id: this.unique('tg'),
      name: this.unique('频道'),
      orgId,
      unitIds,
    });
    return created.id as string;
  }

  /** The body that registers a new site (a mall) at `orgId`, where the fixture units stand. */
  siteBody(orgId: string) {
    return {
      id: this.unique('site'),
      name: this.unique('商场'),
      kind: 'mall',
      orgId,
      location: this.scene,
    };
  }

  /** A new site at `orgId`; returns its id. */
  async site(orgId: string): Promise<string> {
    const created = await this.asAdmin('POST', '/api/v1/sites', this.siteBody(orgId));
    return created.id as string;
  }

  /**
   * A dispatch of `unitId` to a new incident at `incidentOrgId`, walked to `status`. The unit is
   * released first from whatever an earlier matrix call left it doing.
   */
  async dispatch(unitId: string, incidentOrgId: string, status: DispatchStatus): Promise<string> {
    const steps = PATH_TO[status];
    if (!steps) throw new Error(`fixture dispatches are not walked to ${status}`);
    await this.release(unitId);
    const incidentId = await this.incident(incidentOrgId);
    const dispatch = await this.asAdmin('POST', '/api/v1/dispatches', {
      incidentId,
      unitId,
      tier: 2,
      // Longer than the test: the scheduler must not time the fixture out under a slow call.
      acceptTimeoutSeconds: 3600,
    });
    for (const step of steps)
      await this.asAdmin('POST', `/api/v1/dispatches/${dispatch.id}/${step}`);
    return dispatch.id as string;
  }

  /** Stands a seeded unit down from its dispatch and puts it back on duty. */
  async release(unitId: string): Promise<void> {
    const unit = this.server.ctx.world.units.get(unitId)?.value as Unit | undefined;
    if (!unit) throw new Error(`no unit ${unitId}`);
    const dispatchId = unit.assignment?.dispatchId;
    if (dispatchId) {
      const status = this.server.ctx.world.dispatches.get(dispatchId)?.value.status;
      if (status === 'on_scene') {
        await this.asAdmin('POST', `/api/v1/dispatches/${dispatchId}/clear`, {});
      } else {
        await this.asAdmin('POST', `/api/v1/dispatches/${dispatchId}/cancel`, {
          reason: 'matrix: next call',
        });
      }
    }
    const now = this.server.ctx.world.units.get(unitId)!.value.status;
    if (now === 'off_duty' || now === 'out_of_service') {
      await this.asAdmin('POST', `/api/v1/units/${unitId}/status`, { to: 'available' });
    }
  }

  /** One call as the city admin; anything but 2xx fails the fixture, naming the call. */
  private async asAdmin(
    method: 'POST' | 'PUT' | 'PATCH',
    url: string,
    payload?: unknown,
  ): Promise<Record<string, unknown>> {
    const response = await this.server.app.inject({
      method,
      url,
      headers: { cookie: this.admin },
      payload: payload as InjectOptions['payload'],
    });
    if (response.statusCode >= 300) {
      throw new Error(`fixture ${method} ${url}: ${response.statusCode} ${response.body}`);
    }
    return response.json();
  }
}
