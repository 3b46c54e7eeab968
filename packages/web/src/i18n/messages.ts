import { adminMessages } from '../views/admin/admin-messages.ts';
import { alertsMessages } from '../views/alerts/alerts-messages.ts';
import { authMessages } from '../auth/auth-messages.ts';
import { errorMessages } from '../api/error-messages.ts';
import { keyboardMessages } from '../keyboard/keyboard-messages.ts';
import { liveMessages } from '../live/live-messages.ts';
import { mapMessages } from '../map/map-messages.ts';
import { offlineMessages } from '../offline/offline-messages.ts';
import { shellMessages } from '../shell/shell-messages.ts';
import { dispatcherMessages } from '../views/dispatcher/dispatcher-messages.ts';
import { casesMessages } from '../views/cases/cases-messages.ts';
import { patrolMessages } from '../views/patrol/patrol-messages.ts';
import { seriesMessages } from '../views/series/series-messages.ts';
import { enRouteMessages } from '../views/dispatcher/en-route-messages.ts';
import { mobiliseMessages } from '../views/dispatcher/mobilise-messages.ts';
import { placeKindMessages } from '../views/dispatcher/place-kind-messages.ts';
import { readOnlyMessages } from '../views/read-only/read-only-messages.ts';
import { responderMessages } from '../views/responder/responder-messages.ts';
import { supervisorMessages } from '../views/supervisor/supervisor-messages.ts';
import { commonMessages } from './common-messages.ts';
import type { MessageBundle } from './define-messages.ts';
import { domainMessages } from './domain-messages.ts';
import { seededNameMessages } from './seeded-names.ts';
import { LOCALES, type Locale } from './locale.ts';

/**
 * Every area's strings, merged. A new view adds its bundle to this list (one line); its keys
 * then type-check everywhere `t()` is called.
 */
const BUNDLES = [
  commonMessages,
  domainMessages,
  seededNameMessages,
  errorMessages,
  authMessages,
  shellMessages,
  liveMessages,
  mapMessages,
  keyboardMessages,
  dispatcherMessages,
  enRouteMessages,
  mobiliseMessages,
  placeKindMessages,
  supervisorMessages,
  responderMessages,
  readOnlyMessages,
  casesMessages,
  adminMessages,
  patrolMessages,
  seriesMessages,
  offlineMessages,
  alertsMessages,
] as const;

type KeysOf<B> = B extends MessageBundle<infer K> ? K : never;

/** Every key of every bundle. */
export type MessageKey = KeysOf<(typeof BUNDLES)[number]>;

export type Dictionary = Readonly<Record<string, string>>;

/** Merges bundles per locale; a key defined by two areas is a mistake and throws. */
export function mergeBundles(
  bundles: readonly MessageBundle<string>[],
): Readonly<Record<Locale, Dictionary>> {
  const merged = Object.fromEntries(LOCALES.map((l) => [l, {} as Record<string, string>]));
  for (const bundle of bundles) {
    for (const locale of LOCALES) {
      for (const [key, text] of Object.entries(bundle[locale])) {
        if (key in merged[locale]) throw new Error(`message key ${key} is defined twice`);
        merged[locale][key] = text;
      }
    }
  }
  return merged as Record<Locale, Dictionary>;
}

export const MESSAGES = mergeBundles(BUNDLES);
