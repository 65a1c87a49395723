import fs from 'node:fs';
import path from 'node:path';

export const DEFAULT_DATABASE_URL = 'file:.data/petitions.db';

/** Resolves a `file:` URL to an absolute SQLite path (relative to the project root) and makes its folder. */
export function sqliteFileFromUrl(url: string | undefined = DEFAULT_DATABASE_URL): string {
  const raw = url || DEFAULT_DATABASE_URL;
  if (!raw.startsWith('file:')) {
    throw new Error(`DATABASE_URL must be a SQLite "file:" URL, got "${raw.split(':')[0]}:..."`);
  }
  const file = raw.slice('file:'.length);
  if (file === ':memory:') return file;
  const absolute = path.isAbsolute(file) ? file : path.resolve(__dirname, '..', '..', file);
  fs.mkdirSync(path.dirname(absolute), { recursive: true });
  return absolute;
}
