// The Express application: HTTP in, Temporal and the database behind. Errors are mapped in one place.
import express from 'express';
import type { Client } from '@temporalio/client';
import type { Db } from '../db/client';
import type { PolicyDocument } from '../domain';
import { errorHandler, unknownRoute } from './errors';
import { petitionsRouter } from './routes/petitions';

export interface AppDeps {
  client: Client;
  db: Db;
  policy: PolicyDocument;
  taskQueue: string;
  log?: (msg: string, meta?: unknown) => void;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '100kb' }));

  app.get('/healthz', async (_req, res) => {
    const [database, temporal] = await Promise.all([
      deps.db.$queryRawUnsafe('SELECT 1').then(() => 'ok', (e: Error) => `error: ${e.message}`),
      deps.client.workflowService.getSystemInfo({}).then(() => 'ok', (e: Error) => `error: ${e.message}`),
    ]);
    const ok = database === 'ok' && temporal === 'ok';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', database, temporal, namespace: deps.client.options.namespace });
  });

  app.use('/api/v1/petitions', petitionsRouter(deps));
  app.use(unknownRoute);
  app.use(errorHandler(deps.log ?? ((msg, meta) => console.error(msg, meta))));
  return app;
}
