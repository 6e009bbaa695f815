/**
 * The session as the server sees it, kept in the query cache under ['session']. The CSRF token of the
 * session is handed to the API client; a 401 from any request clears the session and the guards send the
 * person back to the sign-in page.
 */
import { createContext, use, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TSessionResponse } from '../../contract/auth';
import type { TRole } from '../../contract/common';
import { api, apiRequest, isApiError, onUnauthenticated, setCsrfToken } from './api';
import { hasAnyRole } from './roles';

export const SESSION_KEY = ['session'] as const;

async function fetchSession(): Promise<TSessionResponse | null> {
  try {
    const s = await apiRequest<TSessionResponse>('/auth/session', { quiet401: true });
    setCsrfToken(s.csrfToken);
    return s;
  } catch (e) {
    if (isApiError(e) && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

export type TSignOutReason = 'signed_out' | 'expired';

interface TAuthContext {
  /** The session in any state (also half-way through sign-in), or null. */
  session: TSessionResponse | null;
  /** True only once the first session probe has answered. */
  ready: boolean;
  /** Set when the last session ended without the person asking for it. */
  endReason: TSignOutReason | null;
  authenticated: boolean;
  setSession: (s: TSessionResponse | null) => void;
  signOut: () => Promise<void>;
  hasRole: (roles: readonly TRole[]) => boolean;
}

const AuthContext = createContext<TAuthContext | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [endReason, setEndReason] = useState<TSignOutReason | null>(null);
  const query = useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Infinity, retry: false, refetchOnWindowFocus: false });
  const session = query.data ?? null;

  const clearPrivateData = useCallback(() => {
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' && q.queryKey[0] !== 'reference' });
  }, [queryClient]);

  const setSession = useCallback(
    (s: TSessionResponse | null) => {
      setCsrfToken(s ? s.csrfToken : null);
      if (s) setEndReason(null);
      queryClient.setQueryData(SESSION_KEY, s);
    },
    [queryClient],
  );

  useEffect(() => {
    onUnauthenticated(() => {
      const had = queryClient.getQueryData(SESSION_KEY);
      setCsrfToken(null);
      if (had) setEndReason('expired');
      queryClient.setQueryData(SESSION_KEY, null);
      clearPrivateData();
    });
    return () => onUnauthenticated(null);
  }, [queryClient, clearPrivateData]);

  const signOut = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } catch {
      // the session may already be gone; signing out locally is what matters
    }
    setCsrfToken(null);
    setEndReason('signed_out');
    queryClient.setQueryData(SESSION_KEY, null);
    clearPrivateData();
  }, [queryClient, clearPrivateData]);

  const value = useMemo<TAuthContext>(
    () => ({
      session,
      ready: !query.isPending,
      endReason,
      authenticated: session?.state === 'authenticated',
      setSession,
      signOut,
      hasRole: (roles) => session?.state === 'authenticated' && hasAnyRole(session.user.roles, roles),
    }),
    [session, query.isPending, endReason, setSession, signOut],
  );
  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): TAuthContext {
  const ctx = use(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in session; only for components rendered behind `RequireAuth`. */
export function useSession(): TSessionResponse {
  const { session } = useAuth();
  if (!session) throw new Error('useSession without a session');
  return session;
}
