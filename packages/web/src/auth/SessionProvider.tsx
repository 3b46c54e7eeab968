import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import type { ApiClient } from '../api/api-client.ts';
import { ApiError, ClientErrorCode } from '../api/api-error.ts';
import type { Account } from '@jiefang/contract';
import {
  fetchCurrentAccount,
  login as loginRequest,
  logout as logoutRequest,
} from '../api/auth-api.ts';

export type Session =
  | { status: 'checking' }
  | { status: 'anonymous'; reason?: 'expired' | 'logged_out' }
  | { status: 'authenticated'; account: Account };

export interface SessionApi {
  session: Session;
  api: ApiClient;
  /** Throws ApiError (e.g. ERR_BAD_CREDENTIALS) for the login form to show. */
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionApi | undefined>(undefined);

/**
 * The account last signed in on this device (who, roles, unit — no secret: the session stays an
 * HttpOnly cookie), so the installed app opens without a signal and its outbox keeps queueing.
 * The server still decides: the first answer after reconnecting that says the session is gone
 * signs the device out.
 */
const REMEMBERED_ACCOUNT = 'jiefang.account';

function remember(account: Account | undefined): void {
  try {
    if (account) localStorage.setItem(REMEMBERED_ACCOUNT, JSON.stringify(account));
    else localStorage.removeItem(REMEMBERED_ACCOUNT);
  } catch {
    // Private mode without storage: the app then needs a signal to open.
  }
}

function remembered(): Account | undefined {
  try {
    const text = localStorage.getItem(REMEMBERED_ACCOUNT);
    return text ? (JSON.parse(text) as Account) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Who is logged in: asked of the server once (GET /api/v1/auth/me; the session itself is an
 * HttpOnly cookie the page never sees), changed by login and logout, and dropped whenever any
 * API call answers ERR_UNAUTHENTICATED. Without a network the account last signed in here is
 * used (see REMEMBERED_ACCOUNT).
 */
export function SessionProvider({ api, children }: { api: ApiClient; children: ReactNode }) {
  const [session, setSession] = useState<Session>({ status: 'checking' });

  useEffect(() => {
    let cancelled = false;
    api.onUnauthenticated = () => {
      remember(undefined);
      setSession((current) =>
        current.status === 'authenticated' ? { status: 'anonymous', reason: 'expired' } : current,
      );
    };
    fetchCurrentAccount(api).then(
      (account) => {
        if (cancelled) return;
        remember(account);
        setSession({ status: 'authenticated', account });
      },
      (error: unknown) => {
        if (cancelled) return;
        const offlineAccount =
          error instanceof ApiError && error.code === ClientErrorCode.NETWORK
            ? remembered()
            : undefined;
        if (offlineAccount) {
          setSession({ status: 'authenticated', account: offlineAccount });
          return;
        }
        // Not logged in is the normal answer; anything else also lands on the login page.
        setSession({ status: 'anonymous' });
      },
    );
    return () => {
      cancelled = true;
      api.onUnauthenticated = undefined;
    };
  }, [api]);

  const login = useCallback(
    async (username: string, password: string) => {
      const result = await loginRequest(api, username, password);
      remember(result.account);
      setSession({ status: 'authenticated', account: result.account });
    },
    [api],
  );

  const logout = useCallback(async () => {
    try {
      await logoutRequest(api);
    } finally {
      remember(undefined);
      setSession({ status: 'anonymous', reason: 'logged_out' });
    }
  }, [api]);

  const value = useMemo(() => ({ session, api, login, logout }), [session, api, login, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside <SessionProvider>');
  return value;
}

/** The logged-in account (only inside the authenticated part of the app). */
export function useAccount(): Account {
  const { session } = useSession();
  if (session.status !== 'authenticated') throw new Error('useAccount without a session');
  return session.account;
}
