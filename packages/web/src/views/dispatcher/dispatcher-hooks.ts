import { localName } from '../../i18n/local-name.ts';
import { useEffect, useState } from 'react';
import type { ApiClient } from '../../api/api-client.ts';
import type { Tier } from '@jiefang/contract';
import type { Locale } from '../../i18n/locale.ts';
import type { LiveStore } from '../../live/live-store.ts';
import { dispatcherApi, type Category } from './dispatcher-api.ts';
import type { TierArrival as Arrival } from '@jiefang/core';

/** The wall clock, re-read every `intervalMs` (the 1-3-5 timers tick once a second). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * Every arrival (on-scene time) the live store has shown, by incident. The store drops a
 * dispatch once it is cleared; the clocks must still know that the tier was met, so arrivals
 * are remembered here for the console's life.
 */
export class ArrivalLog {
  private readonly byIncident = new Map<string, Map<string, Arrival>>();

  constructor(private readonly store: LiveStore) {}

  /** Follows the store; returns the function that stops. */
  attach(): () => void {
    this.collect();
    return this.store.subscribe(() => this.collect());
  }

  arrivals(incidentId: string): Arrival[] {
    return [...(this.byIncident.get(incidentId)?.values() ?? [])];
  }

  /** Arrivals learnt elsewhere (the incident panel reads every dispatch of its incident). */
  remember(incidentId: string, dispatchId: string, arrival: Arrival): void {
    let map = this.byIncident.get(incidentId);
    if (!map) {
      map = new Map();
      this.byIncident.set(incidentId, map);
    }
    map.set(dispatchId, arrival);
  }

  private collect(): void {
    for (const d of this.store.dispatches.values()) {
      if (d.times.on_scene) {
        this.remember(d.incidentId, d.id, {
          tier: d.tier as Tier,
          onSceneAt: d.times.on_scene,
          unitId: d.unitId,
        });
      }
    }
  }
}

/** The incident catalogue (loaded once per console); empty until it arrives. */
export function useCatalogue(api: ApiClient): { categories: Category[]; error?: unknown } {
  const [state, setState] = useState<{ categories: Category[]; error?: unknown }>({
    categories: [],
  });
  useEffect(() => {
    let live = true;
    dispatcherApi
      .catalogue(api)
      .then((answer) => live && setState({ categories: answer.categories }))
      .catch((error: unknown) => live && setState({ categories: [], error }));
    return () => {
      live = false;
    };
  }, [api]);
  return state;
}

/** A category's name in the console's language (the code when the catalogue lacks it). */
export function categoryName(
  categories: readonly Category[],
  code: string,
  locale: Locale,
): string {
  const category = categories.find((c) => c.code === code);
  if (!category) return code;
  return locale === 'zh-CN' ? category.names.zh : category.names.en;
}

/** The unit's name in the console's language from the live store, or its id. */
export function unitName(store: LiveStore, unitId: string, locale: Locale): string {
  const row = store.units.rowOf(unitId);
  return row === undefined ? unitId : localName(store.units.views[row], locale);
}
