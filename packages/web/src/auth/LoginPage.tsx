import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/api-error.ts';
import { describeApiError } from '../api/describe-api-error.ts';
import { LanguageSwitch } from '../i18n/LanguageSwitch.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { useConsoleConfig } from '../app/ConsoleConfigProvider.tsx';
import { useSession } from './SessionProvider.tsx';

/**
 * The login page: user name and password against POST /api/v1/auth/login. A failure shows the
 * message for the server's error code (wrong credentials, rate limit, server down…) and marks
 * the field the server named.
 */
export function LoginPage() {
  const { t, i18n } = useI18n();
  const { login, session } = useSession();
  const demoLogins = useConsoleConfig()?.demoLogins ?? [];
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; field?: string } | undefined>();

  const notice =
    session.status === 'anonymous' && session.reason === 'expired'
      ? t('auth.sessionExpired')
      : session.status === 'anonymous' && session.reason === 'logged_out'
        ? t('auth.loggedOut')
        : undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await login(username.trim(), password);
    } catch (failure) {
      setError({
        message: describeApiError(i18n, failure),
        field: failure instanceof ApiError ? failure.field : undefined,
      });
      setPassword('');
      setBusy(false);
    }
  }

  return (
    <div className="login-page">
      <div className="login-language">
        <LanguageSwitch />
      </div>
      <main className="login-panel">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            坊
          </span>
          <div>
            <div className="brand-name">{t('app.title')}</div>
            <div className="brand-tagline">{t('app.tagline')}</div>
          </div>
        </div>
        <form onSubmit={submit} noValidate aria-labelledby="login-heading">
          <h1 id="login-heading">{t('auth.heading')}</h1>
          {notice && !error && <p className="form-notice">{notice}</p>}
          <label className="field">
            <span>{t('auth.username')}</span>
            <input
              name="username"
              autoComplete="username"
              autoFocus
              required
              value={username}
              onChange={(event) => setUsername(event.target.value)}
              aria-invalid={error?.field === 'username' || undefined}
            />
          </label>
          <label className="field">
            <span>{t('auth.password')}</span>
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={error?.field === 'password' || undefined}
            />
          </label>
          {error && (
            <p className="form-error" role="alert">
              {error.message}
            </p>
          )}
          <button
            type="submit"
            className="primary-button"
            disabled={busy || username.trim() === '' || password === ''}
          >
            {busy ? t('auth.submitting') : t('auth.submit')}
          </button>
        </form>
        <p className="login-footnote">{t('auth.notice')}</p>
      </main>
      {demoLogins.length > 0 && (
        <aside className="login-demo" data-testid="demo-logins" aria-labelledby="demo-heading">
          <h2 id="demo-heading">{t('auth.demo.heading')}</h2>
          <p>{t('auth.demo.hint')}</p>
          <table>
            <thead>
              <tr>
                <th>{t('auth.username')}</th>
                <th>{t('auth.password')}</th>
                <th>{t('auth.demo.role')}</th>
              </tr>
            </thead>
            <tbody>
              {demoLogins.map((demo) => (
                <tr key={demo.username}>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      aria-label={t('auth.demo.use', {
                        username: demo.username,
                        role: t(`role.${demo.role}`),
                      })}
                      onClick={() => {
                        setUsername(demo.username);
                        setPassword(demo.password);
                        setError(undefined);
                      }}
                    >
                      {demo.username}
                    </button>
                  </td>
                  <td>
                    <code>{demo.password}</code>
                  </td>
                  <td>{t(`role.${demo.role}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </aside>
      )}
    </div>
  );
}
