import type { Catalogue, OrgView } from '@jiefang/contract';
import { rolesMay, type Action } from '@jiefang/core';
import { useEffect, useState } from 'react';
import { useAccount, useSession } from '../../auth/SessionProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { AdminError } from '../admin/AdminError.tsx';
import { adminApi } from '../admin/admin-api.ts';
import '../admin/admin.css';
import { AlertInbox } from './AlertInbox.tsx';
import { AreaRulesPanel } from './AreaRulesPanel.tsx';
import { AssistPanel } from './AssistPanel.tsx';
import { MissingPersonsPanel } from './MissingPersonsPanel.tsx';
import { PartnersPanel } from './PartnersPanel.tsx';
import './alerts.css';

/** Each section and the permission that opens it (core's role table decides, not this file). */
const SECTIONS = [
  ['inbox', 'alert.read'],
  ['rules', 'alert.read'],
  ['partners', 'user.manage'],
  ['missing', 'incident.read'],
  ['assist', 'assist.request'],
] as const satisfies readonly (readonly [string, Action])[];
type Section = (typeof SECTIONS)[number][0];

/**
 * Work that starts from a machine or another centre: the live alerts inbox, the area rules that
 * turn alerts into work, partner platforms and their keys, missing persons with the one-key
 * broadcast, and assist requests between centres. Sections follow the account's permissions;
 * the server checks role and org scope on every call.
 */
export function AlertsView() {
  const { t } = useI18n();
  const { api } = useSession();
  const account = useAccount();
  const sections = SECTIONS.filter(([, action]) => rolesMay(account.roles, action)).map(
    ([section]) => section,
  );
  const [section, setSection] = useState<Section>(sections[0] ?? 'assist');
  const [orgs, setOrgs] = useState<OrgView[]>([]);
  const [catalogue, setCatalogue] = useState<Catalogue>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    adminApi.orgs(api).then(setOrgs, setError);
    adminApi.catalogue(api).then(setCatalogue, setError);
  }, [api]);

  return (
    <main className="admin-view alerts-view" data-testid="alerts-view">
      <nav className="admin-nav" aria-label={t('alerts.sections')}>
        {sections.map((s) => (
          <button
            key={s}
            type="button"
            data-section={s}
            className={s === section ? 'is-active' : undefined}
            aria-current={s === section ? 'page' : undefined}
            onClick={() => setSection(s)}
          >
            {t(`alerts.section.${s}`)}
          </button>
        ))}
      </nav>
      <div className="admin-body">
        <AdminError error={error} />
        {section === 'inbox' && <AlertInbox catalogue={catalogue} />}
        {section === 'rules' && <AreaRulesPanel orgs={orgs} catalogue={catalogue} />}
        {section === 'partners' && <PartnersPanel orgs={orgs} />}
        {section === 'missing' && <MissingPersonsPanel orgs={orgs} />}
        {section === 'assist' && <AssistPanel orgs={orgs} />}
      </div>
    </main>
  );
}
