import { fetchCurrentAccount } from '../api/auth-api.ts';
import {
  createContext,
  useContext,
  useEffect,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import type { ApiClient } from '../api/api-client.ts';
import { fetchUnits } from '../api/unit-api.ts';
import { LiveConnection, type LiveStatus } from './live-connection.ts';
import type { BBox } from './live-protocol.ts';
import { LiveStore } from './live-store.ts';

/**
 * The whole scope: the server filters by the caller's org subtree, and a city fits on one
 * console. (A province-wide deployment would subscribe to the visible area instead.)
 */
export const WHOLE_SCOPE: BBox = [-180, -90, 180, 90];

/** Units seen only in position frames are looked up at most this often. */
const UNKNOWN_UNITS_LOOKUP_MS = 5000;

interface LiveContextValue {
  store: LiveStore;
  connection: LiveConnection;
  status: LiveStatus;
}

const LiveContext = createContext<LiveContextValue | undefined>(undefined);

/**
 * One live store and one WebSocket for the logged-in console (live/live-store.ts,
 * live/live-connection.ts). Views read the store through `useLiveStore` and re-render per
 * batch with `useLiveBatch` — at most four times a second however busy the city is.
 */
export function LiveProvider({ api, children }: { api: ApiClient; children: ReactNode }) {
  const [value] = useState(() => createLive(api));
  const [status, setStatus] = useState<LiveStatus>(value.connection.status);
  useEffect(() => {
    const { connection } = value;
    const stopStatus = connection.onStatusChange(setStatus);
    connection.start();
    return () => {
      stopStatus();
      connection.stop();
    };
  }, [value]);
  // The server closes the socket the moment the session is revoked or the account disabled:
  // ask who we are, whose 401 takes the page back to the login screen instead of leaving a
  // frozen map behind.
  useEffect(() => {
    if (status === 'session_ended') fetchCurrentAccount(api).catch(() => undefined);
  }, [api, status]);
  return <LiveContext.Provider value={{ ...value, status }}>{children}</LiveContext.Provider>;
}

function createLive(api: ApiClient): Omit<LiveContextValue, 'status'> {
  let lookingUp = false;
  let lastLookup = 0;
  const pending = new Set<string>();
  const store: LiveStore = new LiveStore({
    onUnknownUnits: (ids) => {
      for (const id of ids) pending.add(id);
      if (lookingUp || Date.now() - lastLookup < UNKNOWN_UNITS_LOOKUP_MS) return;
      lookingUp = true;
      lastLookup = Date.now();
      fetchUnits(api)
        .then((units) => {
          const wanted = units.filter((unit) => pending.has(unit.id));
          pending.clear();
          if (wanted.length > 0) store.addUnits(wanted);
        })
        .catch(() => undefined)
        .finally(() => (lookingUp = false));
    },
  });
  const connection = new LiveConnection({
    bbox: WHOLE_SCOPE,
    onFrame: (frame) => store.receive(frame),
    lastSeq: () => store.lastSeq,
  });
  return { store, connection };
}

function useLiveContext(): LiveContextValue {
  const value = useContext(LiveContext);
  if (!value) throw new Error('live hooks outside <LiveProvider>');
  return value;
}

export function useLiveStore(): LiveStore {
  return useLiveContext().store;
}

export function useLiveStatus(): LiveStatus {
  return useLiveContext().status;
}

/** The number of the latest batch; a component using it re-renders once per batch. */
export function useLiveBatch(): number {
  const store = useLiveStore();
  return useSyncExternalStore(
    (onChange) => store.subscribe(onChange),
    () => store.batch,
  );
}
