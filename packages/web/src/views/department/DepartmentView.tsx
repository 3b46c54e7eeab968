import { useAccount } from '../../auth/SessionProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import './department.css';

/**
 * The department liaison's own page. The role may not read the live map (the server refuses it
 * the socket), so it lands here instead of on a map that would wait for a connection forever:
 * who is signed in, what the role does, and its department's work orders.
 */
export function DepartmentView() {
  const { t } = useI18n();
  const account = useAccount();
  return (
    <main className="department-view" data-testid="department-view">
      <section className="panel department-panel" aria-labelledby="department-title">
        <h2 id="department-title">{t('department.title')}</h2>
        <p>{t('department.welcome', { org: account.displayName })}</p>
        <p className="muted">{t('department.explain')}</p>
        <p className="panel-empty">{t('department.empty')}</p>
      </section>
    </main>
  );
}
