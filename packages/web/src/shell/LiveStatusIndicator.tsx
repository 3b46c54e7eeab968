import { useI18n } from '../i18n/I18nProvider.tsx';
import { useLiveStatus } from '../live/LiveProvider.tsx';

/** The live socket's state in the header: a green dot when live, amber while reconnecting. */
export function LiveStatusIndicator() {
  const { t } = useI18n();
  const status = useLiveStatus();
  return (
    <span className={`live-status live-${status}`} role="status" aria-live="polite">
      <span className="live-dot" aria-hidden="true" />
      {t(`live.status.${status}`)}
    </span>
  );
}
