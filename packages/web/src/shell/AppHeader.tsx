import { LIVE_VIEWS, type ConsoleView } from '../auth/console-views.ts';
import { useAccount, useSession } from '../auth/SessionProvider.tsx';
import { LanguageSwitch } from '../i18n/LanguageSwitch.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { HeaderClock } from './HeaderClock.tsx';
import { LiveStatusIndicator } from './LiveStatusIndicator.tsx';

export interface AppHeaderProps {
  view: ConsoleView;
  views: readonly ConsoleView[];
  onViewChange: (view: ConsoleView) => void;
  onHelp: () => void;
}

/** The console's top bar: brand, view tabs, live state, clock, user, language, help, sign out. */
export function AppHeader({ view, views, onViewChange, onHelp }: AppHeaderProps) {
  const { t } = useI18n();
  const { logout } = useSession();
  const account = useAccount();
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          坊
        </span>
        <span className="brand-name">{t('app.name')}</span>
      </div>
      {views.length > 1 ? (
        <nav className="view-tabs" aria-label={t('shell.views')}>
          {views.map((option) => (
            <button
              key={option}
              type="button"
              className={option === view ? 'is-active' : undefined}
              aria-current={option === view ? 'page' : undefined}
              onClick={() => onViewChange(option)}
            >
              {t(`shell.view.${option}`)}
            </button>
          ))}
        </nav>
      ) : (
        <h1 className="view-title">{t(`shell.view.${view}`)}</h1>
      )}
      <div className="header-spacer" />
      {LIVE_VIEWS.has(view) && <LiveStatusIndicator />}
      <HeaderClock />
      <div className="header-user" data-testid="header-user">
        <span className="header-user-name">{account.displayName}</span>
        <span className="header-user-role">
          {account.roles.map((role) => t(`role.${role}`)).join(' · ')}
        </span>
      </div>
      <LanguageSwitch />
      <button
        type="button"
        className="icon-button"
        onClick={onHelp}
        aria-label={t('shell.help')}
        title={t('shell.help')}
      >
        ?
      </button>
      <button type="button" className="ghost-button" onClick={() => void logout()}>
        {t('shell.logout')}
      </button>
    </header>
  );
}
