// Where attachment bytes live: outside Temporal history (a workflow carries ids only) and outside the
// database (the SQLite file every request reads stays small, and backups of files and of rows are separate).
// Files are named by their SHA-256 under one directory, so a file uploaded twice is stored once and a name
// can never be chosen by a client. An object store (S3, OSS, MinIO) for PostgreSQL deployments with several
// API hosts is another implementation of the same three calls, keyed the same way.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';

export interface AttachmentStore {
  /** Stores the bytes (once per content); answers their SHA-256, the key. */
  put(bytes: Buffer): Promise<string>;
  read(sha256: string): Readable;
  /** Removes the bytes unless they were stored (or stored again) after `notStoredSince`. */
  remove(sha256: string, notStoredSince: Date): Promise<void>;
}

export function directoryStore(dir: string): AttachmentStore {
  const fileOf = (sha256: string) => {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a SHA-256');
    return path.join(dir, sha256.slice(0, 2), sha256);
  };
  return {
    async put(bytes) {
      const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
      const file = fileOf(sha256);
      if (fs.existsSync(file)) {
        // Stored again: its time moves, so a purge of an old upload with the same content leaves it alone.
        const now = new Date();
        await fs.promises.utimes(file, now, now);
        return sha256;
      }
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      // Written aside, then renamed: a reader never sees half a file, and a crash leaves only a temp file.
      const temp = `${file}.${crypto.randomUUID()}.tmp`;
      await fs.promises.writeFile(temp, bytes, { flag: 'wx' });
      await fs.promises.rename(temp, file);
      return sha256;
    },
    read: (sha256) => fs.createReadStream(fileOf(sha256)),
    async remove(sha256, notStoredSince) {
      const file = fileOf(sha256);
      const stat = await fs.promises.stat(file).catch(() => undefined);
      if (stat && stat.mtime < notStoredSince) await fs.promises.rm(file, { force: true });
    },
  };
}
