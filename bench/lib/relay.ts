// The floor of any HTTP service in front of Temporal: a bare node:http server that answers
// GET /petitions/{id} with the workflow's query, and nothing else (no framework, no authentication, no
// scope check, no database). The bench compares the API's detail with it to show which part of the
// API's overhead is the extra process hop itself. Started by the bench stack; never part of the service.
import http from 'node:http';
import { loadConfig } from '../../src/config';
import { connectClient } from '../../src/temporal/connection';
import { workflowIdFor } from '../../src/temporal/ids';
import { getCaseQuery } from '../../src/workflows/messages';

async function main(): Promise<void> {
  // The bench stack's environment: its Temporal address and payload key, as the API has them.
  const client = await connectClient(loadConfig());
  const server = http.createServer((req, res) => {
    const id = /^\/petitions\/([\w-]+)$/.exec(req.url ?? '')?.[1];
    const send = (status: number, body: unknown) => {
      const json = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
      res.end(json);
    };
    if (req.method !== 'GET' || !id) return send(404, { error: 'not_found' });
    client.workflow.getHandle(workflowIdFor(id)).query(getCaseQuery).then(
      (petition) => send(200, { petition }),
      (err: Error) => send(500, { error: err.message }),
    );
  });
  server.keepAliveTimeout = 60_000;
  server.listen(Number(process.env.RELAY_PORT), '127.0.0.1', () => console.log(`relay listening on ${process.env.RELAY_PORT}`));
}

void main();
