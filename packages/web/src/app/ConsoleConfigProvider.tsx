import type { ConsoleConfig } from '@jiefang/contract';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { ApiClient } from '../api/api-client.ts';
import { fetchConsoleConfig } from '../api/console-config-api.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

const ConsoleConfigContext = createContext<ConsoleConfig | undefined>(undefined);

/**
 * Reads the server's console config once: every time the console shows follows the city's zone
 * from then on, and the login page can list the demo accounts of a demo server.
 */
export function ConsoleConfigProvider({ api, children }: { api: ApiClient; children: ReactNode }) {
  const { i18n } = useI18n();
  const [config, setConfig] = useState<ConsoleConfig | undefined>();
  useEffect(() => {
    let live = true;
    fetchConsoleConfig(api).then(
      (loaded) => {
        if (!live) return;
        i18n.setTimeZone(loaded.timeZone);
        setConfig(loaded);
      },
      // An older server without it: the browser's zone, no demo hint.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, i18n]);
  return <ConsoleConfigContext.Provider value={config}>{children}</ConsoleConfigContext.Provider>;
}

/** The console config, once loaded. */
export function useConsoleConfig(): ConsoleConfig | undefined {
  return useContext(ConsoleConfigContext);
}
