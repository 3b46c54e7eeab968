import { useState, type ComponentType } from 'react';
import { landingView, LIVE_VIEWS, viewsFor, type ConsoleView } from '../auth/console-views.ts';
import { useAccount, useSession } from '../auth/SessionProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ShortcutHelpOverlay } from '../keyboard/ShortcutHelpOverlay.tsx';
import { useShortcut } from '../keyboard/ShortcutProvider.tsx';
import { LiveProvider } from '../live/LiveProvider.tsx';
import { AppHeader } from '../shell/AppHeader.tsx';
import { AdminView } from '../views/admin/AdminView.tsx';
import { AlertsView } from '../views/alerts/AlertsView.tsx';
import { DepartmentPortal } from '../views/cases/DepartmentPortal.tsx';
import { LoopBoard } from '../views/cases/LoopBoard.tsx';
import { DispatcherView } from '../views/dispatcher/DispatcherView.tsx';
import { PatrolView } from '../views/patrol/PatrolView.tsx';
import { SeriesView } from '../views/series/SeriesView.tsx';
import { ReadOnlyView } from '../views/read-only/ReadOnlyView.tsx';
import { ResponderView } from '../views/responder/ResponderView.tsx';
import { SupervisorView } from '../views/supervisor/SupervisorView.tsx';

const VIEW_COMPONENTS: Record<ConsoleView, ComponentType> = {
  dispatcher: DispatcherView,
  supervisor: SupervisorView,
  responder: ResponderView,
  'read-only': ReadOnlyView,
  department: DepartmentPortal,
  loop: LoopBoard,
  admin: AdminView,
  patrol: PatrolView,
  series: SeriesView,
  alerts: AlertsView,
};

/**
 * The logged-in console: live data, the header, the view for the account's roles (tabs when it
 * may open several) and the global shortcuts (`?` help, Alt+L language).
 */
export function ConsoleApp() {
  const account = useAccount();
  const { api } = useSession();
  const { locale, setLocale } = useI18n();
  const views = viewsFor(account.roles);
  const [view, setView] = useState<ConsoleView>(() => landingView(account.roles));
  const [help, setHelp] = useState(false);

  useShortcut({
    id: 'app.help',
    keys: '?',
    description: 'keyboard.shortcut.help',
    group: 'keyboard.group.general',
    run: () => setHelp((open) => !open),
  });
  useShortcut({
    id: 'app.language',
    keys: 'Alt+L',
    description: 'keyboard.shortcut.language',
    group: 'keyboard.group.general',
    inTextFields: true,
    run: () => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN'),
  });

  const View = VIEW_COMPONENTS[view];
  const page = (
    <div className={`console-app view-${view}`}>
      <AppHeader view={view} views={views} onViewChange={setView} onHelp={() => setHelp(true)} />
      <View />
      <ShortcutHelpOverlay open={help} onClose={() => setHelp(false)} />
    </div>
  );
  return LIVE_VIEWS.has(view) ? <LiveProvider api={api}>{page}</LiveProvider> : page;
}
