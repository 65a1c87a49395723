// A real SQLite file per test file, with the project's migrations applied as written.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createDb, type Db } from '../../src/db/client';

const ROOT = path.resolve(__dirname, '..', '..');

export function migratedDatabaseFile(): string {
  const file = path.join(ROOT, '.data', 'test', `${crypto.randomUUID()}.db`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  const dir = path.join(ROOT, 'prisma', 'migrations');
  for (const name of fs.readdirSync(dir).filter((n) => fs.statSync(path.join(dir, n)).isDirectory()).sort()) {
    sqlite.exec(fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8'));
  }
  sqlite.close();
  return file;
}

export async function createTestDb(): Promise<{ db: Db; url: string; file: string; cleanup(): Promise<void> }> {
  const file = migratedDatabaseFile();
  const url = `file:${file}`;
  const db = await createDb(url);
  return {
    db,
    url,
    file,
    async cleanup() {
      await db.$disconnect();
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    },
  };
}
