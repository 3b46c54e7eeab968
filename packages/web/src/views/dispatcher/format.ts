import type { Translate } from '../../i18n/i18n.ts';
import type { Locale } from '../../i18n/locale.ts';

/** "320 m" / "1.4 km". */
export function formatDistance(t: Translate, metres: number): string {
  if (metres < 1000) return t('dispatcher.distance.metres', { metres: Math.round(metres) });
  return t('dispatcher.distance.km', { km: (metres / 1000).toFixed(1) });
}

/** "45 s" / "2:05" — an ETA or a travel time. */
export function formatSeconds(t: Translate, seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t('dispatcher.seconds', { seconds: s });
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** "14:03:27" — timeline times to the second, in the city's zone. */
export function formatTimeOfDay(iso: string, locale: Locale, timeZone: string | undefined): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleTimeString(locale, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZone,
  });
}

/** Straight-line metres between two points (for ordering units by hand, not for ETAs). */
export function straightMetres(a: { lon: number; lat: number }, b: { lon: number; lat: number }) {
  const rad = Math.PI / 180;
  const x = (b.lon - a.lon) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
  const y = (b.lat - a.lat) * rad;
  return Math.sqrt(x * x + y * y) * 6_371_000;
}

/** A profile in words: "on foot", "by car", "by bike". */
export function profileKey(profile: string) {
  return profile === 'walk'
    ? ('dispatcher.profile.walk' as const)
    : profile === 'bike'
      ? ('dispatcher.profile.bike' as const)
      : ('dispatcher.profile.drive' as const);
}
