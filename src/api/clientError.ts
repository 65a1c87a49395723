// Requests Node itself rejects before Express sees them (the request line and headers over
// MAX_HEADER_BYTES, an unknown method token): answered in the one error shape too, as a documented 400.
import http, { type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';

/**
 * How long the request line and headers together may be. Node's default (16 KB) was below what valid
 * input reaches: a list query with a 2,000-character cursor percent-encodes to up to 18 KB, and the
 * documented parameters at their longest to about 25 KB. Past this a request is refused with 400
 * `request_too_large` (not 431, which no operation documents).
 */
export const MAX_HEADER_BYTES = 64 * 1024;

export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || err.code === 'ECONNRESET') return void socket.destroy();
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const body = JSON.stringify({
      error: tooLarge
        ? { code: 'request_too_large', message: `the request line and headers together exceed ${MAX_HEADER_BYTES / 1024} KB (no parameter is that long)`, details: null }
        : { code: 'bad_request', message: 'the request is not valid HTTP', details: null },
    });
    socket.end('HTTP/1.1 400 Bad Request\r\n'
      + `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
}

/** The API's HTTP server: the header limit above, and Node's own refusals in the error shape. */
export function listenApi(app: Express, port: number, host: string): Promise<Server> {
  const server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES }, app);
  // Idle connections stay open longer than clients and proxies keep them (load balancers commonly 60 s):
  // a server that closes first races the client's next request on that connection (ECONNRESET).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  answerClientErrors(server);
  return new Promise<Server>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
