// HTTP without a client's manners: node:http sends the path exactly as given (no URL normalisation, so
// broken percent-encoding and ".." reach the server), any method token, latin-1 header bytes, any body.
import http from 'node:http';

export interface RawRequest {
  method: string;
  /** Path and query string as sent on the wire. */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** A fresh connection (for bodies the server may refuse before reading them). */
  fresh?: boolean;
  /** Give up (error "no answer") after this long; by default wait as long as it takes. */
  timeoutMs?: number;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body as JSON, or undefined when it is not JSON. */
  json: unknown;
  /** Set when no answer came: the connection failed. */
  error?: string;
}

export function rawClient(baseUrl: string, maxSockets = 16) {
  const { hostname, port } = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  function send(r: RawRequest): Promise<RawResponse> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (v: RawResponse) => { if (!settled) { settled = true; resolve(v); } };
      let responded = false;
      // Node's client sends a body of a DELETE (or OPTIONS, …) without Content-Length or chunking, which puts
      // the body on the wire as the next request: say its length, as any real client does.
      const headers = r.body !== undefined && !['POST', 'PUT', 'PATCH'].includes(r.method) && !Object.keys(r.headers).some((h) => /^(content-length|transfer-encoding)$/i.test(h))
        ? { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) }
        : r.headers;
      const req = http.request({ host: hostname, port, method: r.method, path: r.path, headers, agent: r.fresh ? false : agent }, (res) => {
        responded = true;
        const chunks: Buffer[] = [];
        const finish = () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
          done({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        };
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', () => undefined);
        res.on('end', finish);
        res.on('close', finish);
      });
      // A server that answers before reading a huge body may reset the connection while we still write:
      // the answer, if one comes, is what counts. A kept-alive connection the server closed while idle just
      // as it was reused is no answer at all: sent again on a new one, as browsers and Node's docs do.
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (!responded && req.reusedSocket && err.code === 'ECONNRESET' && !r.fresh) return void send({ ...r, fresh: true }).then(done);
        setTimeout(() => { if (!responded) done({ status: 0, headers: {}, text: '', json: undefined, error: String(err) }); }, 500);
      });
      if (r.timeoutMs) {
        const timer = setTimeout(() => { done({ status: 0, headers: {}, text: '', json: undefined, error: `no answer within ${r.timeoutMs} ms` }); req.destroy(); }, r.timeoutMs);
        req.on('close', () => clearTimeout(timer));
      }
      req.end(r.body);
    });
  }
  return { send, close: () => agent.destroy() };
}
