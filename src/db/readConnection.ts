// The read side's SQL connection: lists, the board, statistics and tracking run their queries as prepared
// statements on a second better-sqlite3 connection to the same file (as accessReads does for the two
// reads of every request). A list page can take several index seeks (one per access key, status value
// and keyset arm); through Prisma each would cost ~0.4 ms of query compilation and driver overhead, here
// it costs microseconds. A request's queries run in one read transaction, so they see one snapshot of
// the database even while the projection writes (WAL). Writes stay with Prisma.
import Database from 'better-sqlite3';
import type { Prisma } from '../generated/prisma/client';
import type { Db } from './client';

export type Row = Record<string, unknown>;
type Sql = Prisma.Sql;

export interface ReadSql {
  all<T = Row>(query: Sql): T[];
  get<T = Row>(query: Sql): T | undefined;
  /** The rows one at a time: the caller stops reading when it has enough. */
  iterate<T = Row>(query: Sql): IterableIterator<T>;
  /** Runs `fn` in one read transaction (one snapshot of the database); nested calls join it. */
  snapshot<T>(fn: () => T): T;
  /** Called with every statement before it runs (tests read the query plans with it). */
  trace?: (sql: string, values: unknown[]) => void;
  /** The raw connection, for EXPLAIN QUERY PLAN in tests and for ops. */
  readonly sqlite: Database.Database;
}

/** A DateTime as the Prisma driver adapter stores it, so bound dates compare textually with stored ones. */
export const toDbDate = (d: Date): string => d.toISOString().replace('Z', '+00:00');

/** Parameters as SQLite takes them: dates as stored text, booleans as 0/1. */
export function bindable(values: readonly unknown[]): unknown[] {
  return values.map((v) => (v instanceof Date ? toDbDate(v) : typeof v === 'boolean' ? (v ? 1 : 0) : v === undefined ? null : v));
}

/** A stored DateTime (text, or epoch milliseconds) as a Date; null stays null. */
export const fromDbDate = (v: unknown): Date | null =>
  (v === null || v === undefined ? null : new Date(typeof v === 'bigint' ? Number(v) : (v as string | number)));

const MAX_STATEMENTS = 500;

export function sqliteReadSql(file: string, busyTimeoutMs: number): ReadSql {
  let sqlite: Database.Database | undefined;
  const statements = new Map<string, Database.Statement>();
  let depth = 0;
  // Opened on first use: the file is migrated by then.
  const connection = () => {
    if (!sqlite) {
      sqlite = new Database(file, { fileMustExist: true, timeout: busyTimeoutMs });
      sqlite.pragma('query_only = ON');
      sqlite.pragma('cache_size = -65536'); // 64 MiB of pages: the list indexes' upper levels stay hot
    }
    return sqlite;
  };
  const prepared = (text: string): Database.Statement => {
    let s = statements.get(text);
    if (s) {
      statements.delete(text); // most recently used last
    } else {
      s = connection().prepare(text);
      if (statements.size >= MAX_STATEMENTS) statements.delete(statements.keys().next().value!);
    }
    statements.set(text, s);
    return s;
  };
  const self: ReadSql = {
    all<T>(q: Sql) {
      const values = bindable(q.values);
      self.trace?.(q.sql, values);
      return prepared(q.sql).all(...values) as T[];
    },
    get<T>(q: Sql) {
      const values = bindable(q.values);
      self.trace?.(q.sql, values);
      return prepared(q.sql).get(...values) as T | undefined;
    },
    iterate<T>(q: Sql) {
      const values = bindable(q.values);
      self.trace?.(q.sql, values);
      // A statement being iterated cannot run again meanwhile: a fresh one, outside the cache.
      return connection().prepare(q.sql).iterate(...values) as IterableIterator<T>;
    },
    snapshot<T>(fn: () => T): T {
      if (depth > 0) return fn();
      const c = connection();
      c.exec('BEGIN');
      depth++;
      try {
        return fn();
      } finally {
        depth--;
        c.exec('COMMIT');
      }
    },
    get sqlite() { return connection(); },
  };
  return self;
}

const registry = new WeakMap<Db, ReadSql>();

export function registerReadSql(db: Db, reads: ReadSql): void {
  registry.set(db, reads);
}

/** The read connection createDb opened beside this client. The read side needs a database file. */
export function readSqlFor(db: Db): ReadSql {
  const reads = registry.get(db);
  if (!reads) throw new Error('the read side needs a SQLite database file (DATABASE_URL=file:...), opened with createDb');
  return reads;
}
