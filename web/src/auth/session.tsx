// Who is signed in, and how requests carry it. Two modes behind one interface:
// - cookie: user name and password open a session (HttpOnly cookie); writes carry the X-CSRF-Token header;
// - bearer: an API token (the demo tokens in the README, or an issued one), kept for this tab only.
// Pages use useSession() and never see a credential.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiFailure, callPath, setAuth } from '../api/client';

export type Role = 'petitioner' | 'intake_officer' | 'case_officer' | 'supervisor' | 'admin';

export interface Session {
  userId?: string;
  name?: string;
  role: Role;
  unitId?: string | null;
  unitName?: string | null;
  organisationName?: string;
  /** A one-time password (after an admin's reset) must be changed before anything else. */
  passwordChangeRequired?: boolean;
  /** The organisation's time zone: every date is shown in it. */
  timeZone: string;
  mode: 'cookie' | 'bearer';
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
const TOKEN_KEY = 'petition-console.token';

interface Credentials { token?: string; csrf?: string }
let credentials: Credentials = {};

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
function headersFor(method: string): Record<string, string> {
  if (credentials.token) return { authorization: `Bearer ${credentials.token}` };
  if (credentials.csrf && WRITE.has(method.toUpperCase())) return { 'x-csrf-token': credentials.csrf };
  return {};
}

/** GET /api/v1/session (and the sign-in answer). */
interface SessionAnswer {
  user: { id: string; name?: string; role: Role; unitId?: string | null; unitName?: string | null };
  organisation?: { name?: string; timeZone?: string };
  via?: 'session' | 'bearer';
  csrfToken?: string | null;
  passwordChangeRequired?: boolean;
}

function sessionFrom(a: SessionAnswer, mode: Session['mode']): Session {
  return {
    userId: a.user.id, name: a.user.name, role: a.user.role, unitId: a.user.unitId, unitName: a.user.unitName,
    organisationName: a.organisation?.name, timeZone: a.organisation?.timeZone ?? DEFAULT_TIME_ZONE, mode,
    passwordChangeRequired: a.passwordChangeRequired,
  };
}

/** The caller's session as the API tells it (GET /api/v1/session), or undefined when none. */
async function readSession(mode: Session['mode']): Promise<Session | undefined> {
  try {
    const { body } = await callPath<SessionAnswer>('GET', '/api/v1/session');
    if (body?.csrfToken) credentials.csrf = body.csrfToken;
    return sessionFrom(body, mode);
  } catch (e) {
    if (e instanceof ApiFailure && (e.status === 401 || e.status === 404)) return undefined;
    throw e;
  }
}

interface SessionContextValue {
  session: Session | null;
  loading: boolean;
  signIn(username: string, password: string): Promise<void>;
  signInWithToken(token: string): Promise<void>;
  signOut(): Promise<void>;
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [loading, setLoading] = useState(true);
  const queryClient = useQueryClient();

  const clear = useCallback(() => {
    credentials = {};
    sessionStorage.removeItem(TOKEN_KEY);
    setSession(null);
    queryClient.clear();
  }, [queryClient]);

  useEffect(() => { setAuth(headersFor, clear); }, [clear]);

  const signInWithToken = useCallback(async (token: string) => {
    credentials = { token };
    try {
      const s = await readSession('bearer');
      if (!s) throw new ApiFailure(401, 'unauthorized', 'the token is unknown or revoked', null);
      sessionStorage.setItem(TOKEN_KEY, token);
      setSession(s);
    } catch (e) {
      credentials = {};
      throw e;
    }
  }, []);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const token = sessionStorage.getItem(TOKEN_KEY);
      if (token) await signInWithToken(token).catch(() => sessionStorage.removeItem(TOKEN_KEY));
      else {
        const s = await readSession('cookie').catch(() => undefined);
        if (!cancelled && s) setSession(s);
      }
      if (!cancelled) setLoading(false);
    })();
    return () => { cancelled = true; };
  }, [signInWithToken]);

  const signIn = useCallback(async (username: string, password: string) => {
    credentials = {};
    const { body } = await callPath<SessionAnswer>('POST', '/api/v1/session', { username, password });
    if (body?.csrfToken) credentials.csrf = body.csrfToken;
    setSession(sessionFrom(body, 'cookie'));
  }, []);

  const signOut = useCallback(async () => {
    if (session?.mode === 'cookie') await callPath('DELETE', '/api/v1/session').catch(() => undefined);
    clear();
  }, [session, clear]);

  const changePassword = useCallback(async (currentPassword: string, newPassword: string) => {
    const { body } = await callPath<SessionAnswer>('POST', '/api/v1/session/password', { currentPassword, newPassword });
    if (body?.csrfToken) credentials.csrf = body.csrfToken;
    setSession(sessionFrom(body, session?.mode ?? 'cookie'));
  }, [session]);

  const value = useMemo(() => ({ session, loading, signIn, signInWithToken, signOut, changePassword }), [session, loading, signIn, signInWithToken, signOut, changePassword]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

export const isStaff = (role: Role | undefined) => role !== undefined && role !== 'petitioner';
