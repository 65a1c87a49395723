// Idempotency-Key: the first request with a key claims it, its answer is stored, and a retry gets that
// answer back. The workflow side is idempotent too (update id, workflow id from the key), so even a
// crash between the action and storing the answer applies nothing twice.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { ApiError, toApiError } from '../errors';
import type { Reply } from './endpoint';

/**
 * A claim older than this whose request never finished (the API crashed) may be taken over. Taking
 * over early is safe: the retry carries the same update id, signal request id or workflow id, so
 * Temporal itself applies it once.
 */
const ABANDONED_AFTER_MS = 10_000;

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

interface Stored { body: unknown; headers?: Record<string, string> }

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === 'P2002';
}

export async function idempotent(db: Db, scope: string, request: unknown, run: () => Promise<Reply>): Promise<Reply> {
  const key = sha256(scope);
  const requestHash = sha256(JSON.stringify(request ?? null));
  try {
    await db.idempotencyRecord.create({ data: { key, requestHash, status: 0, response: '' } });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const prior = await db.idempotencyRecord.findUnique({ where: { key } });
    if (!prior) return idempotent(db, scope, request, run); // expired between the two statements
    if (prior.requestHash !== requestHash) {
      throw new ApiError(422, 'idempotency_key_reused', 'this Idempotency-Key was used for a different request', [
        { field: 'Idempotency-Key', message: 'use a new key for a new request' },
      ]);
    }
    if (prior.status !== 0) {
      const stored = JSON.parse(prior.response) as Stored;
      return { status: prior.status, body: stored.body, headers: { ...stored.headers, 'Idempotent-Replayed': 'true' } };
    }
    const abandoned = Date.now() - prior.createdAt.getTime() > ABANDONED_AFTER_MS;
    const taken = abandoned && (await db.idempotencyRecord.updateMany({ where: { key, status: 0, createdAt: prior.createdAt }, data: { createdAt: new Date() } })).count === 1;
    if (!taken) throw new ApiError(409, 'request_in_progress', 'a request with this Idempotency-Key is still in progress; retry shortly');
  }

  let reply: Reply;
  try {
    reply = await run();
  } catch (err) {
    const api = toApiError(err);
    // A definite answer (refused, invalid) is the first result; a server failure frees the key for a retry.
    if (api.status < 500) await save(db, key, api.status, { body: { error: { code: api.code, message: api.message, details: api.details ?? null } } });
    else await db.idempotencyRecord.delete({ where: { key } }).catch(() => undefined);
    throw api;
  }
  // Only JSON answers are stored (a file or an export is not an action to repeat).
  if (!('body' in reply)) throw new Error('an idempotent endpoint must answer with JSON');
  await save(db, key, reply.status ?? 200, { body: reply.body, headers: reply.headers });
  return reply;
}

async function save(db: Db, key: string, status: number, stored: Stored): Promise<void> {
  await db.idempotencyRecord.update({ where: { key }, data: { status, response: JSON.stringify(stored) } });
}
