import type { OrgView, TalkGroupView, UnitView } from '@jiefang/contract';
import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../../auth/SessionProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { localName, nameOfId } from '../../i18n/local-name.ts';
import { AdminError } from './AdminError.tsx';
import { AdminNotice } from './AdminNotice.tsx';
import { adminApi } from './admin-api.ts';

/** Talk groups (对讲频道) and which units answer in each: the set 一键调警 mobilises. */
export function TalkGroupsPanel({ orgs, units }: { orgs: OrgView[]; units: UnitView[] }) {
  const { t, locale } = useI18n();
  const { api } = useSession();
  const [groups, setGroups] = useState<TalkGroupView[]>([]);
  const [selectedId, setSelectedId] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const reload = useCallback(() => adminApi.talkGroups(api).then(setGroups, setError), [api]);
  useEffect(() => void reload(), [reload]);
  const selected = groups.find((g) => g.id === selectedId);
  const orgName = (id: string) => nameOfId(orgs, id, locale);

  return (
    <div className="admin-split">
      <section className="admin-list" aria-labelledby="admin-tg-title">
        <h2 id="admin-tg-title">{t('admin.talkGroups.title')}</h2>
        <table className="admin-table" data-testid="admin-talk-groups">
          <thead>
            <tr>
              <th>{t('admin.field.name')}</th>
              <th>{t('admin.field.orgId')}</th>
              <th>{t('admin.talkGroups.members')}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((group) => (
              <tr
                key={group.id}
                data-talk-group-id={group.id}
                aria-selected={group.id === selectedId}
                onClick={() => {
                  setSelectedId(group.id);
                  setNotice(undefined);
                  setError(undefined);
                }}
              >
                <td>
                  <button type="button" className="link-button">
                    {localName(group, locale)}
                  </button>
                </td>
                <td>{orgName(group.orgId)}</td>
                <td>{group.unitIds.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="admin-detail">
        <AdminNotice notice={notice} />
        {selected && (
          <RenameForm
            key={`rename:${selected.id}:${selected.version}`}
            group={selected}
            onRenamed={(saved) => {
              setGroups((all) => all.map((g) => (g.id === saved.id ? saved : g)));
              setNotice(t('admin.talkGroups.renamed', { name: saved.name }));
            }}
            onError={setError}
          />
        )}
        {selected ? (
          <MembersEditor
            key={`${selected.id}:${selected.version}`}
            group={selected}
            units={units}
            onSaved={(saved) => {
              setGroups((all) => all.map((g) => (g.id === saved.id ? saved : g)));
              setNotice(
                t('admin.talkGroups.saved', { name: saved.name, count: saved.unitIds.length }),
              );
            }}
            onError={setError}
          />
        ) : (
          <p className="muted">{t('admin.talkGroups.pick')}</p>
        )}
        <AdminError error={error} />
      </section>
    </div>
  );
}

/** The talk group's name, as the radio room calls it; members are saved apart. */
function RenameForm({
  group,
  onRenamed,
  onError,
}: {
  group: TalkGroupView;
  onRenamed: (group: TalkGroupView) => void;
  onError: (error: unknown) => void;
}) {
  const { t } = useI18n();
  const { api } = useSession();
  const [name, setName] = useState(group.name);
  const [busy, setBusy] = useState(false);
  const unchanged = name.trim() === group.name || name.trim() === '';
  return (
    <form
      className="admin-inline"
      data-testid="admin-talk-group-rename"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        onError(undefined);
        adminApi
          .renameTalkGroup(api, group, name.trim())
          .then(onRenamed, onError)
          .finally(() => setBusy(false));
      }}
    >
      <input
        name="talkGroupName"
        aria-label={t('admin.field.name')}
        value={name}
        maxLength={200}
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit" className="primary-button" disabled={busy || unchanged}>
        {t('admin.talkGroups.rename')}
      </button>
    </form>
  );
}

function MembersEditor({
  group,
  units,
  onSaved,
  onError,
}: {
  group: TalkGroupView;
  units: UnitView[];
  onSaved: (group: TalkGroupView) => void;
  onError: (error: unknown) => void;
}) {
  const { t, locale } = useI18n();
  const { api } = useSession();
  const [members, setMembers] = useState<string[]>(group.unitIds);
  const [filter, setFilter] = useState('');
  const [busy, setBusy] = useState(false);
  const added = members.filter((id) => !group.unitIds.includes(id)).length;
  const removed = group.unitIds.filter((id) => !members.includes(id)).length;
  // Members first, then the rest; the filter narrows both (a district has hundreds of units).
  const shown = units
    .filter((u) => filter === '' || u.name.includes(filter) || u.id.includes(filter))
    .sort((a, b) => Number(members.includes(b.id)) - Number(members.includes(a.id)));

  return (
    <form
      className="admin-form"
      data-testid="admin-members-editor"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        onError(undefined);
        adminApi
          .setMembers(api, group, members)
          .then(onSaved, onError)
          .finally(() => setBusy(false));
      }}
    >
      <h2>{localName(group, locale)}</h2>
      <p className="small">
        {t('admin.talkGroups.change', { count: members.length, added, removed })}
      </p>
      <label>
        {t('admin.talkGroups.filter')}
        <input name="unitFilter" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </label>
      <ul className="admin-members">
        {shown.map((unit) => (
          <li key={unit.id}>
            <label>
              <input
                type="checkbox"
                name="member"
                value={unit.id}
                checked={members.includes(unit.id)}
                onChange={(e) =>
                  setMembers((m) =>
                    e.target.checked ? [...m, unit.id] : m.filter((id) => id !== unit.id),
                  )
                }
              />
              {localName(unit, locale)}{' '}
              <span className="muted small">{t(`unit.kind.${unit.kind}`)}</span>
            </label>
          </li>
        ))}
      </ul>
      <button
        type="submit"
        className="primary-button"
        disabled={busy || (added === 0 && removed === 0)}
      >
        {t('admin.save')}
      </button>
    </form>
  );
}
