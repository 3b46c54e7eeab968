import type { Catalogue, OrgView, UnitView } from '@jiefang/contract';
import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../../auth/SessionProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { AccountsPanel } from './AccountsPanel.tsx';
import { AdminError } from './AdminError.tsx';
import { adminApi } from './admin-api.ts';
import './admin.css';
import { CataloguePanel } from './CataloguePanel.tsx';
import { OrgsPanel } from './OrgsPanel.tsx';
import { PlansPanel } from './PlansPanel.tsx';
import { TalkGroupsPanel } from './TalkGroupsPanel.tsx';
import { UnitsPanel } from './UnitsPanel.tsx';

const SECTIONS = ['accounts', 'orgs', 'units', 'talkGroups', 'plans', 'catalogue'] as const;
type Section = (typeof SECTIONS)[number];

/**
 * The admin console: accounts, orgs, units and sites, talk groups, response plans and the
 * catalogue of the admin's org subtree. The server checks role and scope on every call; this
 * view only reads what the API lets it read.
 */
export function AdminView() {
  const { t } = useI18n();
  const { api } = useSession();
  const [section, setSection] = useState<Section>('accounts');
  const [orgs, setOrgs] = useState<OrgView[]>([]);
  const [units, setUnits] = useState<UnitView[]>([]);
  const [catalogue, setCatalogue] = useState<Catalogue>();
  const [error, setError] = useState<unknown>();

  const reload = useCallback(() => {
    adminApi.orgs(api).then(setOrgs, setError);
    adminApi
      .units(api)
      .then((all) => setUnits(all.sort((a, b) => a.name.localeCompare(b.name))), setError);
  }, [api]);
  useEffect(() => {
    reload();
    adminApi.catalogue(api).then(setCatalogue, setError);
  }, [api, reload]);

  return (
    <main className="admin-view" data-testid="admin-view">
      <nav className="admin-nav" aria-label={t('admin.sections')}>
        {SECTIONS.map((s) => (
          <button
            key={s}
            type="button"
            data-section={s}
            className={s === section ? 'is-active' : undefined}
            aria-current={s === section ? 'page' : undefined}
            onClick={() => setSection(s)}
          >
            {t(`admin.section.${s}`)}
          </button>
        ))}
      </nav>
      <div className="admin-body">
        <AdminError error={error} />
        {section === 'accounts' && <AccountsPanel orgs={orgs} units={units} />}
        {section === 'orgs' && <OrgsPanel orgs={orgs} onChanged={reload} />}
        {section === 'units' && <UnitsPanel orgs={orgs} units={units} onChanged={reload} />}
        {section === 'talkGroups' && <TalkGroupsPanel orgs={orgs} units={units} />}
        {section === 'plans' && <PlansPanel catalogue={catalogue} />}
        {section === 'catalogue' && (
          <CataloguePanel catalogue={catalogue} onChanged={setCatalogue} />
        )}
      </div>
    </main>
  );
}
