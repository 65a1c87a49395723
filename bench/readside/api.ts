// The API alone on a seeded database, for the read-side bench: the real Express app and endpoints, a
// Temporal client that never connects (the read endpoints do not use it). Prints its URL when listening.
//   READSIDE_DATABASE=<file> READSIDE_PORT=<port> node --import tsx bench/readside/api.ts
import path from 'node:path';
import type { Server } from 'node:http';
import { Client } from '@temporalio/client';
import { createApp } from '../../src/api/app';
import { answerClientErrors } from '../../src/api/clientError';
import { createDb } from '../../src/db/client';
import { loadPolicy } from '../../src/policy/load';

async function main(): Promise<void> {
  const file = process.env.READSIDE_DATABASE;
  const port = process.env.READSIDE_PORT;
  if (!file || !port) throw new Error('set READSIDE_DATABASE and READSIDE_PORT');
  const db = await createDb(`file:${file}`);
  // Connection.lazy: no server is contacted unless a route needs Temporal, and these do not.
  const client = new Client();
  const app = createApp({
    client, db, policy: loadPolicy(path.resolve(__dirname, '..', '..', 'policy', 'default.json')), taskQueue: 'bench-readside',
    log: (msg, meta) => console.error(msg, meta), rateLimits: { publicPerMinute: 100_000_000, perUserPerMinute: 100_000_000 },
  });
  const server: Server = await new Promise((resolve) => { const s = app.listen(Number(port), '127.0.0.1', () => resolve(s)); });
  answerClientErrors(server);
  console.log(`listening on http://127.0.0.1:${port}`);
  const stop = () => server.close(() => void db.$disconnect().then(() => process.exit(0)));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: Error) => {
  console.error(`read-side bench API failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
