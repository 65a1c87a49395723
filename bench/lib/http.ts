// A small keep-alive JSON client over node:http: little client-side overhead, so the bench measures the API.
import http from 'node:http';

export interface Reply<T = any> { status: number; body: T }

export class HttpError extends Error {
  constructor(readonly status: number, readonly body: unknown, what: string) {
    super(`${what} -> ${status} ${JSON.stringify(body).slice(0, 300)}`);
  }
}

export function jsonClient(baseUrl: string) {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  function call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: url.hostname, port: url.port, method, path, agent,
        headers: { accept: 'application/json', ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}), ...headers },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try { parsed = text ? JSON.parse(text) : undefined; } catch { /* keep the text */ }
          resolve({ status: res.statusCode ?? 0, body: parsed as T });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }
  return { call, close: () => agent.destroy() };
}
export type JsonClient = ReturnType<typeof jsonClient>;
