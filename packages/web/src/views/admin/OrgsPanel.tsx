import { ORG_KINDS } from '@jiefang/core';
import type { OrgView } from '@jiefang/contract';
import { useState } from 'react';
import { useSession } from '../../auth/SessionProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { localName } from '../../i18n/local-name.ts';
import { AdminError } from './AdminError.tsx';
import { adminApi } from './admin-api.ts';

/** The org tree of the admin's scope: rename an org, add one under a parent. */
export function OrgsPanel({ orgs, onChanged }: { orgs: OrgView[]; onChanged: () => void }) {
  const { t, locale } = useI18n();
  const { api } = useSession();
  const [error, setError] = useState<unknown>();
  const [editing, setEditing] = useState<{ id: string; name: string }>();
  const [parentId, setParentId] = useState('');
  const [kind, setKind] = useState<OrgView['kind']>('community');
  const [name, setName] = useState('');
  const [key, setKey] = useState(() => crypto.randomUUID());
  const depth = (org: OrgView): number => {
    const parent = orgs.find((o) => o.id === org.parentId);
    return parent ? depth(parent) + 1 : 0;
  };
  const done = () => {
    setEditing(undefined);
    setError(undefined);
    onChanged();
  };

  return (
    <div className="admin-split">
      <section className="admin-list" aria-labelledby="admin-orgs-title">
        <h2 id="admin-orgs-title">{t('admin.orgs.title')}</h2>
        <ul className="admin-tree" data-testid="admin-orgs">
          {orgs.map((org) => (
            <li key={org.id} style={{ paddingInlineStart: `${depth(org) * 1.25}rem` }}>
              {editing?.id === org.id ? (
                <form
                  className="admin-inline"
                  onSubmit={(e) => {
                    e.preventDefault();
                    adminApi.renameOrg(api, org, editing.name).then(done, setError);
                  }}
                >
                  <input
                    name="orgName"
                    aria-label={t('admin.field.name')}
                    value={editing.name}
                    onChange={(e) => setEditing({ id: org.id, name: e.target.value })}
                  />
                  <button type="submit" className="primary-button">
                    {t('admin.save')}
                  </button>
                  <button
                    type="button"
                    className="ghost-button"
                    onClick={() => setEditing(undefined)}
                  >
                    {t('admin.cancel')}
                  </button>
                </form>
              ) : (
                <>
                  <span>{localName(org, locale)}</span>{' '}
                  <span className="muted small">{t(`admin.orgKind.${org.kind}`)}</span>{' '}
                  <button
                    type="button"
                    className="link-button small"
                    onClick={() => setEditing({ id: org.id, name: org.name })}
                  >
                    {t('admin.orgs.rename')}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section className="admin-detail">
        <form
          className="admin-form"
          onSubmit={(e) => {
            e.preventDefault();
            adminApi
              .createOrg(api, { parentId: parentId || (orgs[0]?.id ?? ''), kind, name }, key)
              .then(() => {
                setName('');
                setKey(crypto.randomUUID());
                done();
              }, setError);
          }}
        >
          <h2>{t('admin.orgs.new')}</h2>
          <label>
            {t('admin.field.parentId')}
            <select name="parentId" value={parentId} onChange={(e) => setParentId(e.target.value)}>
              {orgs.map((org) => (
                <option key={org.id} value={org.id}>
                  {`${'\u00a0\u00a0'.repeat(depth(org))}${localName(org, locale)}`}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('admin.field.kind')}
            <select
              name="kind"
              value={kind}
              onChange={(e) => setKind(ORG_KINDS.find((k) => k === e.target.value) ?? 'community')}
            >
              {ORG_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`admin.orgKind.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('admin.field.name')}
            <input name="name" value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <button type="submit" className="primary-button">
            {t('admin.orgs.create')}
          </button>
        </form>
        <AdminError error={error} />
      </section>
    </div>
  );
}
