// Where the API's extra time goes: each step the API adds to a request, timed on its own at concurrency 1
// against the same database file and server (the bench process runs the API's own functions).
import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import { assertInScope } from '../../src/api/services/caseAccess';
import { principalFor } from '../../src/api/http/principal';
import type { Db } from '../../src/db/client';
import { workflowIdFor } from '../../src/temporal/ids';
import { getCaseQuery } from '../../src/workflows/messages';
import type { JsonClient } from '../lib/http';
import type { Account, Person } from '../lib/stack';
import { percentile, round } from '../lib/stats';

export interface Step { step: string; usedBy: string; p50: number; p99: number; note?: string }

async function time(n: number, fn: () => Promise<unknown> | unknown): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < Math.min(20, n); i++) await fn(); // warm
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return { p50: round(percentile(t, 50), 2), p99: round(percentile(t, 99), 2) };
}

export async function overhead(db: Db, client: Client, http: JsonClient, accounts: Record<Person, Account>, petitionId: string, n = 200): Promise<Step[]> {
  const steps: Step[] = [];
  const add = async (step: string, usedBy: string, fn: () => Promise<unknown> | unknown, note?: string) => steps.push({ step, usedBy, ...(await time(n, fn)), note });
  await add('HTTP round trip + Express (unknown route, 404)', 'every request', () => http.call('GET', '/api/v1/bench-no-such-route'));
  await add('token -> principal (case officer)', 'every authenticated request', () => principalFor(db, accounts.officer.token));
  await add('token -> principal (intake officer: + unit subtree)', 'requests by intake officers and supervisors', () => principalFor(db, accounts.intake.token));
  const officer = await principalFor(db, accounts.officer.token);
  await add('scope check (projection row)', 'detail, every action', () => assertInScope(db, officer, petitionId));
  await add('unit exists (submission)', 'submit', () => db.unit.findUnique({ where: { id: 'unit-bench' } }));
  await add('open matter lookup (submission)', 'submit', () => db.petition.findFirst({ where: { matterKey: 'none', status: { not: 'closed' }, id: { not: 'x' } }, orderBy: { receivedAt: 'asc' } }));
  await add('idempotency record create + update', 'POST with Idempotency-Key (not sent by the bench cells)', async () => {
    const key = `bench-${performance.now()}-${Math.random()}`;
    await db.idempotencyRecord.create({ data: { key, requestHash: 'h', status: 0, response: '' } });
    await db.idempotencyRecord.update({ where: { key }, data: { status: 200, response: '{}' } });
  });
  const view = await client.workflow.getHandle(workflowIdFor(petitionId)).query(getCaseQuery);
  const json = JSON.stringify({ petition: view });
  await add('JSON of the case view', 'detail, every action', () => JSON.stringify({ petition: view }), `${(json.length / 1024).toFixed(1)} KiB`);
  await add('raw query (the work itself)', 'detail', () => client.workflow.getHandle(workflowIdFor(petitionId)).query(getCaseQuery));
  return steps;
}
