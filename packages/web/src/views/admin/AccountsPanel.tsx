import { ROLES } from '@jiefang/core';
import type { AdminAccount, CredentialView, OrgView, Role, UnitView } from '@jiefang/contract';
import { useCallback, useEffect, useState } from 'react';
import { useAccount, useSession } from '../../auth/SessionProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { localName, nameOfId } from '../../i18n/local-name.ts';
import { AdminError } from './AdminError.tsx';
import { AdminNotice } from './AdminNotice.tsx';
import { adminApi } from './admin-api.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { formatDateTime } from '../../i18n/format-time.ts';

type Pending =
  | { kind: 'password'; password: string }
  | { kind: 'disable'; reason: string }
  | { kind: 'revoke'; credential: CredentialView };

const newKey = () => crypto.randomUUID();

/** Accounts of the admin's subtree: create, roles and org, password reset, disable, sessions. */
export function AccountsPanel({ orgs, units }: { orgs: OrgView[]; units: UnitView[] }) {
  const { t, locale } = useI18n();
  const { api } = useSession();
  const me = useAccount();
  const [accounts, setAccounts] = useState<AdminAccount[]>([]);
  const [selectedId, setSelectedId] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const orgName = (id: string) => nameOfId(orgs, id, locale);

  const reload = useCallback(() => adminApi.accounts(api).then(setAccounts, setError), [api]);
  useEffect(() => void reload(), [reload]);

  const selected = accounts.find((a) => a.id === selectedId);
  const replace = (account: AdminAccount) =>
    setAccounts((all) => all.map((a) => (a.id === account.id ? account : a)));

  return (
    <div className="admin-split">
      <section className="admin-list" aria-labelledby="admin-accounts-title">
        <h2 id="admin-accounts-title">{t('admin.accounts.title')}</h2>
        <table className="admin-table" data-testid="admin-accounts">
          <thead>
            <tr>
              <th>{t('admin.field.username')}</th>
              <th>{t('admin.field.displayName')}</th>
              <th>{t('admin.field.orgId')}</th>
              <th>{t('admin.field.roles')}</th>
              <th>{t('admin.accounts.state')}</th>
            </tr>
          </thead>
          <tbody>
            {accounts
              .slice()
              .sort((a, b) => a.username.localeCompare(b.username))
              .map((account) => (
                <tr
                  key={account.id}
                  data-username={account.username}
                  aria-selected={account.id === selectedId}
                  className={account.disabled ? 'is-disabled' : undefined}
                  onClick={() => {
                    setSelectedId(account.id);
                    setError(undefined);
                    setNotice(undefined);
                  }}
                >
                  <td>
                    <button type="button" className="link-button">
                      {account.username}
                    </button>
                  </td>
                  <td>{account.displayName}</td>
                  <td>{orgName(account.orgId)}</td>
                  <td>{account.roles.map((r) => t(`role.${r}`)).join(t('admin.listSeparator'))}</td>
                  <td>
                    {account.disabled
                      ? t('admin.accounts.disabled')
                      : t('admin.accounts.active', { count: account.activeCredentials })}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </section>
      <section className="admin-detail">
        <AdminNotice notice={notice} />
        {selected ? (
          <AccountDetail
            key={`${selected.id}:${selected.version}`}
            account={selected}
            isMe={selected.id === me.id}
            orgs={orgs}
            units={units}
            onChanged={(account, message) => {
              replace(account);
              setNotice(message);
            }}
            onError={setError}
            error={error}
            locale={locale}
          />
        ) : (
          <CreateAccountForm
            orgs={orgs}
            units={units}
            onCreated={(account) => {
              setAccounts((all) => [...all, account]);
              setSelectedId(account.id);
              setNotice(t('admin.accounts.created', { username: account.username }));
            }}
          />
        )}
        {selected && (
          <button type="button" className="ghost-button" onClick={() => setSelectedId(undefined)}>
            {t('admin.accounts.new')}
          </button>
        )}
      </section>
    </div>
  );
}

function RolePicker({ value, onChange }: { value: Role[]; onChange: (roles: Role[]) => void }) {
  const { t } = useI18n();
  return (
    <fieldset className="admin-roles">
      <legend>{t('admin.field.roles')}</legend>
      {ROLES.map((role) => (
        <label key={role}>
          <input
            type="checkbox"
            name="role"
            value={role}
            checked={value.includes(role)}
            onChange={(e) =>
              onChange(e.target.checked ? [...value, role] : value.filter((r) => r !== role))
            }
          />
          {t(`role.${role}`)}
        </label>
      ))}
    </fieldset>
  );
}

function OrgSelect({
  orgs,
  value,
  onChange,
}: {
  orgs: OrgView[];
  value: string;
  onChange: (orgId: string) => void;
}) {
  const { t, locale } = useI18n();
  const depth = (org: OrgView): number => {
    const parent = orgs.find((o) => o.id === org.parentId);
    return parent ? depth(parent) + 1 : 0;
  };
  return (
    <label>
      {t('admin.field.orgId')}
      <select name="orgId" value={value} onChange={(e) => onChange(e.target.value)}>
        {orgs.map((org) => (
          <option key={org.id} value={org.id}>
            {`${'\u00a0\u00a0'.repeat(depth(org))}${localName(org, locale)}`}
          </option>
        ))}
      </select>
    </label>
  );
}

function UnitSelect({
  units,
  value,
  onChange,
}: {
  units: UnitView[];
  value: string[];
  onChange: (unitIds: string[]) => void;
}) {
  const { t, locale } = useI18n();
  return (
    <label>
      {t('admin.field.unitIds')}
      <select
        name="unitId"
        value={value[0] ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? [] : [e.target.value])}
      >
        <option value="">{t('admin.accounts.noUnit')}</option>
        {units.map((unit) => (
          <option key={unit.id} value={unit.id}>
            {localName(unit, locale)}
          </option>
        ))}
      </select>
    </label>
  );
}

function CreateAccountForm({
  orgs,
  units,
  onCreated,
}: {
  orgs: OrgView[];
  units: UnitView[];
  onCreated: (account: AdminAccount) => void;
}) {
  const { t } = useI18n();
  const { api } = useSession();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [orgId, setOrgId] = useState(orgs[0]?.id ?? '');
  const [roles, setRoles] = useState<Role[]>([]);
  const [unitIds, setUnitIds] = useState<string[]>([]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // One key per filled-in form: pressing Create again after a network error creates once.
  const [key, setKey] = useState(newKey);
  useEffect(() => {
    if (orgId === '' && orgs[0]) setOrgId(orgs[0].id);
  }, [orgs, orgId]);

  return (
    <form
      className="admin-form"
      data-testid="admin-create-account"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(undefined);
        adminApi
          .createAccount(api, { username, displayName, password, orgId, roles, unitIds }, key)
          .then((account) => {
            setKey(newKey());
            onCreated(account);
          }, setError)
          .finally(() => setBusy(false));
      }}
    >
      <h2>{t('admin.accounts.new')}</h2>
      <label>
        {t('admin.field.username')}
        <input
          name="username"
          value={username}
          autoComplete="off"
          onChange={(e) => setUsername(e.target.value.trim())}
        />
        <small>{t('admin.hint.username')}</small>
      </label>
      <label>
        {t('admin.field.displayName')}
        <input
          name="displayName"
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
        />
      </label>
      <label>
        {t('admin.field.password')}
        <input
          name="password"
          type="text"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <small>{t('admin.hint.password')}</small>
      </label>
      <OrgSelect orgs={orgs} value={orgId} onChange={setOrgId} />
      <RolePicker value={roles} onChange={setRoles} />
      <UnitSelect units={units} value={unitIds} onChange={setUnitIds} />
      <AdminError error={error} />
      <button type="submit" className="primary-button" disabled={busy}>
        {t('admin.accounts.create')}
      </button>
    </form>
  );
}

function AccountDetail({
  account,
  isMe,
  orgs,
  units,
  onChanged,
  onError,
  error,
  locale,
}: {
  account: AdminAccount;
  isMe: boolean;
  orgs: OrgView[];
  units: UnitView[];
  onChanged: (account: AdminAccount, notice: string) => void;
  onError: (error: unknown) => void;
  error: unknown;
  locale: 'zh-CN' | 'en';
}) {
  const { t, timeZone } = useI18n();
  const { api } = useSession();
  const [displayName, setDisplayName] = useState(account.displayName);
  const [roles, setRoles] = useState<Role[]>(account.roles);
  const [orgId, setOrgId] = useState(account.orgId);
  const [unitIds, setUnitIds] = useState<string[]>(account.unitIds);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [reason, setReason] = useState('');
  const [credentials, setCredentials] = useState<CredentialView[]>([]);
  const [pending, setPending] = useState<Pending>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    adminApi.credentials(api, account).then(setCredentials, onError);
  }, [api, account, onError]);

  const run = <T,>(call: Promise<T>, done: (value: T) => void) => {
    setBusy(true);
    onError(undefined);
    call.then(done, onError).finally(() => {
      setBusy(false);
      setPending(undefined);
    });
  };
  const changed =
    displayName !== account.displayName ||
    orgId !== account.orgId ||
    roles.join() !== account.roles.join() ||
    unitIds.join() !== account.unitIds.join();

  return (
    <div className="admin-account" data-testid="admin-account-detail">
      <h2>
        {account.username}
        {account.disabled && <span className="admin-badge">{t('admin.accounts.disabled')}</span>}
      </h2>
      <form
        className="admin-form"
        onSubmit={(e) => {
          e.preventDefault();
          const changes = {
            ...(displayName !== account.displayName ? { displayName } : {}),
            ...(orgId !== account.orgId ? { orgId } : {}),
            ...(roles.join() !== account.roles.join() ? { roles } : {}),
            ...(unitIds.join() !== account.unitIds.join() ? { unitIds } : {}),
          };
          run(adminApi.updateAccount(api, account, changes), (updated) =>
            onChanged(updated, t('admin.accounts.saved', { username: updated.username })),
          );
        }}
      >
        <label>
          {t('admin.field.displayName')}
          <input
            name="displayName"
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
        </label>
        <OrgSelect orgs={orgs} value={orgId} onChange={setOrgId} />
        <RolePicker value={roles} onChange={setRoles} />
        <UnitSelect units={units} value={unitIds} onChange={setUnitIds} />
        <button type="submit" className="primary-button" disabled={busy || !changed}>
          {t('admin.save')}
        </button>
      </form>
      <AdminError error={error} />

      <form
        className="admin-form"
        data-testid="admin-reset-password"
        onSubmit={(e) => {
          e.preventDefault();
          setPending({ kind: 'password', password });
        }}
      >
        <h3>{t('admin.accounts.resetPassword')}</h3>
        <label>
          {t('admin.field.password')}
          <input
            name="newPassword"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <small>{t('admin.hint.password')}</small>
        </label>
        <label>
          {t('admin.accounts.repeatPassword')}
          <input
            name="repeatPassword"
            type="password"
            autoComplete="new-password"
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
          />
        </label>
        {repeat !== '' && repeat !== password && (
          <p className="form-error">{t('admin.accounts.passwordsDiffer')}</p>
        )}
        <button
          type="submit"
          className="ghost-button"
          disabled={busy || password === '' || repeat !== password}
        >
          {t('admin.accounts.resetPassword')}
        </button>
      </form>

      {account.disabled ? (
        <button
          type="button"
          className="primary-button"
          disabled={busy}
          onClick={() =>
            run(adminApi.enable(api, account), (updated) =>
              onChanged(updated, t('admin.accounts.enabled', { username: updated.username })),
            )
          }
        >
          {t('admin.accounts.enable')}
        </button>
      ) : (
        <form
          className="admin-form"
          data-testid="admin-disable"
          onSubmit={(e) => {
            e.preventDefault();
            setPending({ kind: 'disable', reason });
          }}
        >
          <h3>{t('admin.accounts.disable')}</h3>
          {isMe ? (
            <p className="muted small">{t('admin.accounts.notYourself')}</p>
          ) : (
            <>
              <label>
                {t('admin.field.reason')}
                <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} />
              </label>
              <button
                type="submit"
                className="danger-button"
                disabled={busy || reason.trim() === ''}
              >
                {t('admin.accounts.disable')}
              </button>
            </>
          )}
        </form>
      )}

      <h3>{t('admin.accounts.credentials')}</h3>
      {credentials.length === 0 ? (
        <p className="muted small">{t('admin.accounts.noCredentials')}</p>
      ) : (
        <ul className="admin-credentials">
          {credentials.map((c) => (
            <li key={c.id}>
              {c.kind === 'session'
                ? t('admin.accounts.session')
                : (c.name ?? t('admin.accounts.token'))}
              {' · '}
              {t('admin.accounts.until', { at: formatDateTime(c.expiresAt, locale, timeZone) })}
              <button
                type="button"
                className="ghost-button"
                onClick={() => setPending({ kind: 'revoke', credential: c })}
              >
                {t('admin.accounts.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}

      {pending && (
        <ConfirmDialog
          title={t(`admin.confirm.${pending.kind}.title`, { username: account.username })}
          confirmLabel={t(`admin.confirm.${pending.kind}.action`)}
          busy={busy}
          onCancel={() => setPending(undefined)}
          onConfirm={() => {
            if (pending.kind === 'password') {
              run(adminApi.resetPassword(api, account, pending.password), (r) => {
                setPassword('');
                setRepeat('');
                onChanged(
                  r.account,
                  t('admin.accounts.passwordReset', {
                    username: account.username,
                    count: r.revokedCredentials,
                  }),
                );
              });
            } else if (pending.kind === 'disable') {
              run(adminApi.disable(api, account, pending.reason), (r) =>
                onChanged(
                  r.account,
                  t('admin.accounts.disabledNotice', {
                    username: account.username,
                    count: r.revokedCredentials,
                  }),
                ),
              );
            } else {
              const credential = pending.credential;
              run(adminApi.revoke(api, credential), () => {
                setCredentials((all) => all.filter((c) => c.id !== credential.id));
                onChanged(
                  { ...account, activeCredentials: Math.max(0, account.activeCredentials - 1) },
                  t('admin.accounts.revoked'),
                );
              });
            }
          }}
        >
          <p>{t(`admin.confirm.${pending.kind}.body`, { username: account.username })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
