// Opaque page cursors: base64url JSON of the last row's sort-key values, tied to the query that made
// them. Anything that does not decode to exactly the expected shape is a 400 on the `cursor` field, so
// a tampered or stale cursor never reaches SQL as anything but typed, bound values.
import crypto from 'node:crypto';
import { ApiError } from '../errors';

export type KeyType = 'date' | 'int' | 'string';
export type KeyValue = Date | number | string | null;

export interface CursorShape {
  /** Which listing made it: a board cursor is no list cursor. */
  kind: string;
  keys: readonly { type: KeyType; nullable?: boolean }[];
  /** Fingerprint of the filters and sort: a cursor is only valid for the query that produced it. */
  query: string;
}

const VERSION = 1;
const MAX_LENGTH = 2000;

const invalid = (message: string) =>
  new ApiError(400, 'validation_failed', `cursor: ${message}`, [{ field: 'cursor', message }]);

/** A short, stable hash of a query's filters and sort (object keys sorted, array items sorted). */
export function fingerprint(query: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (v instanceof Date) return v.toISOString();
    if (Array.isArray(v)) return v.map(canonical).sort();
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canonical(x)]));
    }
    return v;
  };
  return crypto.createHash('sha256').update(JSON.stringify(canonical(query))).digest('base64url').slice(0, 16);
}

export function encodeCursor(shape: CursorShape, values: readonly KeyValue[]): string {
  const a = values.map((v) => (v instanceof Date ? v.toISOString() : v));
  return Buffer.from(JSON.stringify({ v: VERSION, k: shape.kind, q: shape.query, a }), 'utf8').toString('base64url');
}

export function decodeCursor(shape: CursorShape, cursor: string): KeyValue[] {
  if (cursor.length > MAX_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid('not a cursor from this API');
  let payload: { v?: unknown; k?: unknown; q?: unknown; a?: unknown };
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not a cursor from this API');
  }
  if (!payload || typeof payload !== 'object' || payload.v !== VERSION || payload.k !== shape.kind) throw invalid('not a cursor from this API');
  if (payload.q !== shape.query) throw invalid('this cursor belongs to a query with other filters or another sort; start again without a cursor');
  const a = payload.a;
  if (!Array.isArray(a) || a.length !== shape.keys.length) throw invalid('not a cursor from this API');
  return shape.keys.map((key, i) => {
    const v = a[i];
    if (v === null && key.nullable) return null;
    if (key.type === 'int' && Number.isSafeInteger(v)) return v as number;
    if (key.type === 'string' && typeof v === 'string' && v.length <= 200) return v;
    if (key.type === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v) && !Number.isNaN(Date.parse(v))) return new Date(v);
    throw invalid('not a cursor from this API');
  });
}
