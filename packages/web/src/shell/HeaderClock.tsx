import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** Wall-clock time in the city's zone, to the second, in the console's language. */
export function HeaderClock() {
  const { t, locale, timeZone } = useI18n();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  const time = now.toLocaleTimeString(locale, { hour12: false, timeZone });
  const date = now.toLocaleDateString(locale, {
    month: 'short',
    day: 'numeric',
    weekday: 'short',
    timeZone,
  });
  return (
    <time className="header-clock" dateTime={now.toISOString()} title={t('shell.clock')}>
      <span className="header-clock-date">{date}</span>
      <span className="header-clock-time">{time}</span>
    </time>
  );
}
