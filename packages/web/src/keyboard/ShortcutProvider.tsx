import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import type { Shortcut, ShortcutRegistry } from './shortcut-registry.ts';

const ShortcutContext = createContext<ShortcutRegistry | undefined>(undefined);

/** One registry for the page, listening on window. */
export function ShortcutProvider({
  registry,
  children,
}: {
  registry: ShortcutRegistry;
  children: ReactNode;
}) {
  useEffect(() => registry.attach(window), [registry]);
  return <ShortcutContext.Provider value={registry}>{children}</ShortcutContext.Provider>;
}

export function useShortcutRegistry(): ShortcutRegistry {
  const registry = useContext(ShortcutContext);
  if (!registry) throw new Error('useShortcutRegistry outside <ShortcutProvider>');
  return registry;
}

/**
 * Registers a shortcut while the component is mounted (and `enabled`). `run` may change on
 * every render; the latest one is called.
 */
export function useShortcut(shortcut: Shortcut, enabled = true): void {
  const registry = useShortcutRegistry();
  const run = useRef(shortcut.run);
  run.current = shortcut.run;
  const { id, keys, description, group, inTextFields, listed } = shortcut;
  useEffect(() => {
    if (!enabled) return;
    return registry.register({
      id,
      keys,
      description,
      group,
      inTextFields,
      listed,
      run: (event) => run.current(event),
    });
  }, [registry, enabled, id, keys, description, group, inTextFields, listed]);
}
