import type {
  AdminAccount,
  Catalogue,
  CategoryBodyValue,
  CreateAccount,
  CredentialView,
  OrgView,
  PlanBody,
  PlanView,
  Revoked,
  SiteView,
  TalkGroupView,
  UnitView,
  UpdateAccount,
  UpdateSite,
} from '@jiefang/contract';
import type { ApiClient } from '../../api/api-client.ts';

const path = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

/**
 * The admin console's endpoints (server routes: account-, org-, unit-, site-, talk-group- and
 * plan-routes), typed with the contract's schemas. Updates send the version read as If-Match.
 */
export const adminApi = {
  accounts: (api: ApiClient) => api.get<AdminAccount[]>('/api/v1/accounts'),
  createAccount: (api: ApiClient, body: CreateAccount, idempotencyKey: string) =>
    api.create<AdminAccount>('/api/v1/accounts', body, { idempotencyKey }),
  updateAccount: (api: ApiClient, account: AdminAccount, changes: UpdateAccount) =>
    api.patch<AdminAccount>(`/api/v1/accounts/${path(account.id)}`, changes, {
      ifMatch: account.version,
    }),
  resetPassword: (api: ApiClient, account: AdminAccount, password: string) =>
    api.post<Revoked>(`/api/v1/accounts/${path(account.id)}/password`, { password }),
  disable: (api: ApiClient, account: AdminAccount, reason: string) =>
    api.post<Revoked>(`/api/v1/accounts/${path(account.id)}/disable`, { reason }),
  enable: (api: ApiClient, account: AdminAccount) =>
    api.post<AdminAccount>(`/api/v1/accounts/${path(account.id)}/enable`),
  credentials: (api: ApiClient, account: AdminAccount) =>
    api.get<CredentialView[]>(`/api/v1/accounts/${path(account.id)}/credentials`),
  revoke: (api: ApiClient, credential: CredentialView) =>
    api.post<void>(`/api/v1/credentials/${path(credential.id)}/revoke`),

  orgs: (api: ApiClient) => api.get<OrgView[]>('/api/v1/orgs'),
  createOrg: (
    api: ApiClient,
    body: { parentId: string; kind: OrgView['kind']; name: string },
    idempotencyKey: string,
  ) => api.create<OrgView>('/api/v1/orgs', body, { idempotencyKey }),
  renameOrg: (api: ApiClient, org: OrgView, name: string) =>
    api.patch<OrgView>(`/api/v1/orgs/${path(org.id)}`, { name }, { ifMatch: org.version }),

  units: (api: ApiClient) => api.get<UnitView[]>('/api/v1/units'),
  renameUnit: (api: ApiClient, unit: UnitView, name: string) =>
    api.patch<UnitView>(`/api/v1/units/${path(unit.id)}`, { name }, { ifMatch: unit.version }),
  sites: (api: ApiClient) => api.get<SiteView[]>('/api/v1/sites'),
  updateSite: (api: ApiClient, site: SiteView, changes: UpdateSite) =>
    api.patch<SiteView>(`/api/v1/sites/${path(site.id)}`, changes, { ifMatch: site.version }),

  talkGroups: (api: ApiClient) => api.get<TalkGroupView[]>('/api/v1/talk-groups'),
  renameTalkGroup: (api: ApiClient, group: TalkGroupView, name: string) =>
    api.patch<TalkGroupView>(
      `/api/v1/talk-groups/${path(group.id)}`,
      { name },
      { ifMatch: group.version },
    ),
  setMembers: (api: ApiClient, group: TalkGroupView, unitIds: string[]) =>
    api.request<TalkGroupView>('PUT', `/api/v1/talk-groups/${path(group.id)}/members`, {
      body: { unitIds },
      ifMatch: group.version,
    }),

  plans: (api: ApiClient) => api.get<PlanView[]>('/api/v1/plans'),
  /** A built-in plan is not stored: saving it stores a copy for the caller's org. */
  savePlan: (api: ApiClient, plan: PlanView, body: PlanBody, idempotencyKey: string) =>
    plan.builtIn
      ? api.create<PlanView>('/api/v1/plans', body, { idempotencyKey })
      : api.request<PlanView>('PUT', `/api/v1/plans/${path(plan.id)}`, {
          body,
          ifMatch: plan.version,
        }),
  retirePlan: (api: ApiClient, plan: PlanView, reason: string) =>
    api.post<PlanView>(
      `/api/v1/plans/${path(plan.id)}/retire`,
      { reason },
      {
        ifMatch: plan.version,
      },
    ),

  catalogue: (api: ApiClient) => api.get<Catalogue>('/api/v1/catalogue'),
  /** Adds the category or replaces the one with its code; answers the whole catalogue. */
  setCategory: (api: ApiClient, code: string, body: CategoryBodyValue) =>
    api.request<Catalogue>('PUT', `/api/v1/catalogue/categories/${path(code)}`, { body }),
};
