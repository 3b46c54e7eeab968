import type { ApiClient } from '../api/api-client.ts';
import { LoginPage } from '../auth/LoginPage.tsx';
import { SessionProvider, useSession } from '../auth/SessionProvider.tsx';
import type { I18n } from '../i18n/i18n.ts';
import { I18nProvider, useI18n } from '../i18n/I18nProvider.tsx';
import type { ShortcutRegistry } from '../keyboard/shortcut-registry.ts';
import { ShortcutProvider } from '../keyboard/ShortcutProvider.tsx';
import { ConsoleApp } from './ConsoleApp.tsx';
import { ConsoleConfigProvider } from './ConsoleConfigProvider.tsx';

export interface AppProps {
  api: ApiClient;
  i18n: I18n;
  shortcuts: ShortcutRegistry;
}

/** The whole console: language, shortcuts, session; then the login page or the console. */
export function App({ api, i18n, shortcuts }: AppProps) {
  return (
    <I18nProvider i18n={i18n}>
      <ShortcutProvider registry={shortcuts}>
        <ConsoleConfigProvider api={api}>
          <SessionProvider api={api}>
            <SessionGate />
          </SessionProvider>
        </ConsoleConfigProvider>
      </ShortcutProvider>
    </I18nProvider>
  );
}

function SessionGate() {
  const { session } = useSession();
  const { t } = useI18n();
  if (session.status === 'checking') {
    return (
      <div className="splash" role="status">
        <span className="brand-mark" aria-hidden="true">
          坊
        </span>
        {t('auth.checkingSession')}
      </div>
    );
  }
  if (session.status === 'anonymous') return <LoginPage />;
  // A new login (another account) starts a fresh console: new live store, new socket.
  return <ConsoleApp key={session.account.id} />;
}
