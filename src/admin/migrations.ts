// The database schema is brought up to date by `prisma migrate deploy`: `npm start` runs it at every
// start, the admin command only when the database is new or behind prisma/migrations (it takes seconds).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config';
import { createDb, type Db } from '../db/client';

export const MIGRATE_COMMAND = 'npx prisma migrate deploy';
const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'prisma', 'migrations');

/** Runs `prisma migrate deploy` on the database; resolves with its output, rejects with it on failure. */
export function applyMigrations(databaseUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn('npx', ['prisma', 'migrate', 'deploy'], {
      cwd: PROJECT_ROOT, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    proc.stdout.on('data', (d: Buffer) => { output += d; });
    proc.stderr.on('data', (d: Buffer) => { output += d; });
    proc.once('error', (err) => reject(new Error(`cannot run \`${MIGRATE_COMMAND}\`: ${err.message}`)));
    proc.once('exit', (code, signal) => {
      if (code === 0) return resolve(output);
      reject(new Error(
        `database migration failed (\`${MIGRATE_COMMAND}\`, ${signal ?? `exit code ${code}`}) ` +
        `for DATABASE_URL=${databaseUrl}:\n${output.trimEnd().split('\n').map((l) => `    ${l}`).join('\n')}`));
    });
  });
}

function migrationNames(): string[] {
  return fs.readdirSync(MIGRATIONS_DIR).filter((n) => fs.statSync(path.join(MIGRATIONS_DIR, n)).isDirectory()).sort();
}

/**
 * The migrations the database still needs: all of them when it has no tables yet. Tables without Prisma's
 * history table were made from the migration files directly (as the tests do) and count as current.
 */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const tables = new Set((await db.$queryRawUnsafe<{ name: string }[]>("SELECT name FROM sqlite_master WHERE type = 'table'")).map((t) => t.name));
  if (!tables.has('User')) return migrationNames();
  if (!tables.has('_prisma_migrations')) return [];
  const applied = new Set((await db.$queryRawUnsafe<{ migration_name: string }[]>(
    'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')).map((m) => m.migration_name));
  return migrationNames().filter((n) => !applied.has(n));
}

/** Opens the database, migrating it first when it needs it. `note` says so (the CLI writes it to stderr). */
export async function openMigratedDb(databaseUrl: string, note: (message: string) => void): Promise<Db> {
  const db = await createDb(databaseUrl);
  const pending = await pendingMigrations(db);
  if (!pending.length) return db;
  await db.$disconnect();
  note(`applying ${pending.length} database migration(s) to ${databaseUrl} (${MIGRATE_COMMAND}) ...`);
  try {
    await applyMigrations(databaseUrl);
  } catch (err) {
    throw new MigrationError(`${(err as Error).message}\nFix the cause, then run \`npm run db:migrate\` (or \`npm start\` once) and try again.`);
  }
  return createDb(databaseUrl);
}

export class MigrationError extends Error {}
