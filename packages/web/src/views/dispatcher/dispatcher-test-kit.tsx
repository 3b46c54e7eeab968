import type { ReactNode } from 'react';
import { vi } from 'vitest';
import type { ApiClient } from '../../api/api-client.ts';
import type { Incident } from '@jiefang/contract';
import { I18n } from '../../i18n/i18n.ts';
import { I18nProvider } from '../../i18n/I18nProvider.tsx';
import { ShortcutRegistry } from '../../keyboard/shortcut-registry.ts';
import { ShortcutProvider } from '../../keyboard/ShortcutProvider.tsx';
import { LiveProvider } from '../../live/LiveProvider.tsx';

/** Shared by the dispatcher view's component tests (not shipped: imported by tests only). */

export const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that answers by `METHOD path` (query string ignored); records every call. */
export function routedFetch(routes: Record<string, (call: Call) => Response | Promise<Response>>) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    const call: Call = {
      method,
      url,
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    const route = routes[`${method} ${url.split('?')[0]}`];
    if (!route) return json(404, { error: { code: 'ERR_NOT_FOUND', message: `no ${url}` } });
    return route(call);
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

/** A WebSocket that never connects: the live store stays as the test fills it. */
export class SilentSocket {
  readyState = 0;
  onopen = null;
  onmessage = null;
  onclose = null;
  onerror = null;
  send() {}
  close() {}
}

export function renderKit(api: ApiClient, children: ReactNode, options: { live?: boolean } = {}) {
  const registry = new ShortcutRegistry();
  const i18n = new I18n({ languages: ['en'] });
  const tree = (
    <I18nProvider i18n={i18n}>
      <ShortcutProvider registry={registry}>
        {options.live ? <LiveProvider api={api}>{children}</LiveProvider> : children}
      </ShortcutProvider>
    </I18nProvider>
  );
  return { tree, registry, i18n };
}

export function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'incident-1',
    orgId: 'station-1',
    source: 'call',
    categoryCode: 'fight',
    priority: 2,
    policeMatter: true,
    location: { lon: 118.78, lat: 32.04, placeName: '中央商场' },
    description: 'two men fighting at the entrance',
    receivedAt: new Date().toISOString(),
    createdAt: new Date().toISOString(),
    status: 'open',
    workflow: {
      definitionId: 'incident',
      stage: 'analyse',
      enteredAt: new Date().toISOString(),
      escalationLevel: 0,
      history: [{ stage: 'analyse', enteredAt: new Date().toISOString() }],
    },
    version: 1,
    ...overrides,
  };
}
