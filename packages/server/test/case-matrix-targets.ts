import type { TestServer } from '../src/test-support/test-server.ts';

export type CaseStage = 'analyse' | 'assign' | 'handle' | 'supervise' | 'close';
export type MatrixCaseKind = 'work_order' | 'mediation' | 'hazard' | 'grid_report';

const CATEGORY: Record<MatrixCaseKind, string> = {
  work_order: 'noise',
  mediation: 'neighbour_dispute',
  hazard: 'fire_hazard',
  grid_report: 'grid_other',
};

/** Steps (as the city admin) from analyse to each stage. */
const PATH: Record<CaseStage, string[]> = {
  analyse: [],
  assign: ['route'],
  handle: ['route', 'accept'],
  supervise: ['route', 'accept', 'resolve'],
  close: ['route', 'accept', 'resolve', 'close'],
};

/**
 * Fresh cases for the authorization matrix, made and walked by the city admin through the API:
 * each owned by `orgId` and, once routed, assigned to a department org under the same org.
 */
export class CaseTargets {
  private readonly departments = new Map<string, Promise<string>>();

  constructor(
    private readonly server: TestServer,
    private readonly admin: string,
    private readonly unique: (prefix: string) => string,
    private readonly scene: () => { lon: number; lat: number },
  ) {}

  private async post(url: string, payload: unknown, expected = 200): Promise<{ id: string }> {
    const response = await this.server.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.admin },
      payload: payload as Record<string, unknown>,
    });
    if (response.statusCode !== expected) throw new Error(`fixture ${url}: ${response.body}`);
    return response.json();
  }

  /** A department org under `orgId` (made once). */
  department(orgId: string): Promise<string> {
    let made = this.departments.get(orgId);
    if (!made) {
      made = this.post(
        '/api/v1/orgs',
        { id: `dept-${orgId}`, parentId: orgId, kind: 'department', name: `matrix dept ${orgId}` },
        201,
      ).then((org) => org.id);
      this.departments.set(orgId, made);
    }
    return made;
  }

  async case(
    orgId: string,
    stage: CaseStage,
    kind: MatrixCaseKind = 'work_order',
  ): Promise<string> {
    const created = await this.post(
      '/api/v1/cases',
      {
        kind,
        orgId,
        categoryCode: CATEGORY[kind],
        title: this.unique('case'),
        description: 'matrix fixture',
        location: this.scene(),
        reporter: { name: '报告人', phone: '13800000009' },
        ...(kind === 'hazard'
          ? { hazard: { responsibleParty: 'shop', rectifyBy: '2030-01-01T00:00:00Z' } }
          : {}),
        ...(kind === 'mediation'
          ? {
              mediation: {
                riskLevel: 'low',
                parties: [
                  { name: 'A', side: 'applicant', contact: { phone: '13800000001' } },
                  { name: 'B', side: 'respondent' },
                ],
              },
            }
          : {}),
      },
      201,
    );
    const department = await this.department(orgId);
    for (const step of PATH[stage]) {
      const body =
        step === 'route'
          ? { departmentId: department, reason: 'matrix' }
          : step === 'resolve'
            ? { result: 'done' }
            : {};
      await this.post(`/api/v1/cases/${created.id}/${step}`, body);
    }
    return created.id;
  }
}
