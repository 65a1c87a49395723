// Bearer tokens: random, shown once, stored only as a SHA-256 hash.
import crypto from 'node:crypto';

const PREFIX = 'pt_';

export function generateToken(): string {
  return PREFIX + crypto.randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}
