// Signing in as the console does: user name and password, then the session cookie on every request and
// the CSRF token on every write. The cookie is kept the way a browser keeps it (set, replaced, cleared).
import { demoPassword } from '../../src/accounts/demo';
import { httpClient, type HttpResult } from './http';

export interface SessionClient {
  /** The answer of the sign-in (201 with the session, or the refusal). */
  signIn: HttpResult;
  csrfToken?: string;
  /** The cookie's value as the browser holds it now (undefined once cleared). */
  cookie(): string | undefined;
  /** A request with the cookie; writes carry X-CSRF-Token unless `csrf` is false or another value. */
  call<T = any>(method: string, path: string, body?: unknown, options?: { csrf?: string | false; headers?: Record<string, string> }): Promise<HttpResult<T>>;
  get<T = any>(path: string, headers?: Record<string, string>): Promise<HttpResult<T>>;
  post<T = any>(path: string, body?: unknown, options?: { csrf?: string | false; headers?: Record<string, string> }): Promise<HttpResult<T>>;
}

const COOKIE = 'petition_session';

/** The session cookie from an answer's Set-Cookie headers: its value ('' when cleared) and attributes. */
export function sessionCookieOf(res: HttpResult): { value: string; attributes: string[] } | undefined {
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`));
  if (!line) return undefined;
  const [pair, ...attributes] = line.split(';').map((p) => p.trim());
  return { value: pair!.slice(COOKIE.length + 1), attributes };
}

export async function signInAs(baseUrl: string, username: string, password = demoPassword(username), headers: Record<string, string> = {}): Promise<SessionClient> {
  const http = httpClient(baseUrl);
  const signIn = await http.post('/api/v1/session', { username, password }, headers);
  let cookie = sessionCookieOf(signIn)?.value || undefined;
  const csrfToken = signIn.status === 201 ? (signIn.body.csrfToken as string) : undefined;
  const call = async <T = any>(method: string, path: string, body?: unknown, options: { csrf?: string | false; headers?: Record<string, string> } = {}) => {
    const csrf = options.csrf === undefined ? csrfToken : options.csrf;
    const res = await http.call<T>(method, path, body, {
      ...headers,
      ...(cookie ? { cookie: `${COOKIE}=${cookie}` } : {}),
      ...(method !== 'GET' && csrf ? { 'x-csrf-token': csrf } : {}),
      ...options.headers,
    });
    const set = sessionCookieOf(res);
    if (set) cookie = set.value || undefined;
    return res;
  };
  return {
    signIn,
    csrfToken,
    cookie: () => cookie,
    call,
    get: (path, h) => call('GET', path, undefined, { headers: h }),
    post: (path, body, options) => call('POST', path, body ?? {}, options),
  };
}
