import type { OrgView, SiteView, UnitView } from '@jiefang/contract';
import { useEffect, useState } from 'react';
import { useSession } from '../../auth/SessionProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { localName, nameOfId } from '../../i18n/local-name.ts';
import { AdminError } from './AdminError.tsx';
import { AdminNotice } from './AdminNotice.tsx';
import { adminApi } from './admin-api.ts';
import { SiteEditor } from './SiteEditor.tsx';

/**
 * Units and the sites they stand at: a unit's name is edited in its row, a site (name, kind,
 * address, location) in the editor beside the list; the rest of a unit through the API.
 */
export function UnitsPanel({
  orgs,
  units,
  onChanged,
}: {
  orgs: OrgView[];
  units: UnitView[];
  onChanged: () => void;
}) {
  const { t, i18n, locale } = useI18n();
  const { api } = useSession();
  const siteKindName = (kind: string) => {
    const key = `admin.siteKind.${kind}`;
    return i18n.has(key) ? t(key) : kind;
  };
  const [sites, setSites] = useState<SiteView[]>([]);
  const [error, setError] = useState<unknown>();
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<{ id: string; name: string }>();
  const [siteId, setSiteId] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const site = sites.find((s) => s.id === siteId);
  useEffect(() => void adminApi.sites(api).then(setSites, setError), [api]);
  const orgName = (id: string) => nameOfId(orgs, id, locale);
  const siteName = (id: string | undefined) =>
    id === undefined ? '—' : nameOfId(sites, id, locale);
  const shown = units.filter((u) => filter === '' || u.name.includes(filter));

  return (
    <div className="admin-split">
      <section className="admin-list" aria-labelledby="admin-units-title">
        <h2 id="admin-units-title">{t('admin.units.title', { count: units.length })}</h2>
        <label className="admin-filter">
          {t('admin.talkGroups.filter')}
          <input value={filter} onChange={(e) => setFilter(e.target.value)} />
        </label>
        <AdminError error={error} />
        <table className="admin-table" data-testid="admin-units">
          <thead>
            <tr>
              <th>{t('admin.field.name')}</th>
              <th>{t('admin.field.kind')}</th>
              <th>{t('admin.field.orgId')}</th>
              <th>{t('admin.units.site')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((unit) => (
              <tr key={unit.id}>
                <td>
                  {editing?.id === unit.id ? (
                    <form
                      className="admin-inline"
                      onSubmit={(e) => {
                        e.preventDefault();
                        adminApi.renameUnit(api, unit, editing.name).then(() => {
                          setEditing(undefined);
                          onChanged();
                        }, setError);
                      }}
                    >
                      <input
                        aria-label={t('admin.field.name')}
                        value={editing.name}
                        onChange={(e) => setEditing({ id: unit.id, name: e.target.value })}
                      />
                      <button type="submit" className="primary-button">
                        {t('admin.save')}
                      </button>
                    </form>
                  ) : (
                    <button
                      type="button"
                      className="link-button"
                      title={t('admin.orgs.rename')}
                      onClick={() => setEditing({ id: unit.id, name: unit.name })}
                    >
                      {localName(unit, locale)}
                    </button>
                  )}
                </td>
                <td>{t(`unit.kind.${unit.kind}`)}</td>
                <td>{orgName(unit.orgId)}</td>
                <td>{siteName(unit.siteId)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="admin-detail">
        <AdminNotice notice={notice} />
        {site ? (
          <SiteEditor
            key={`${site.id}:${site.version}`}
            site={site}
            onSaved={(saved) => {
              setSites((all) => all.map((s) => (s.id === saved.id ? saved : s)));
              setNotice(t('admin.sites.saved', { name: saved.name }));
            }}
          />
        ) : (
          <p className="muted">{t('admin.sites.pick')}</p>
        )}
        <h2>{t('admin.units.sites', { count: sites.length })}</h2>
        <ul className="admin-sites" data-testid="admin-sites">
          {sites.map((s) => (
            <li key={s.id} data-site-id={s.id} aria-selected={s.id === siteId}>
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setSiteId(s.id);
                  setNotice(undefined);
                }}
              >
                {localName(s, locale)}
              </button>{' '}
              <span className="muted small">
                {siteKindName(s.kind)} · {orgName(s.orgId)} ·{' '}
                {t('admin.units.unitCount', { count: s.unitIds.length })}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
