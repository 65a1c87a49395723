// Passwords for signing in to the console: scrypt (node:crypto) with a random salt, the parameters stored
// with the hash so they can be raised later (a sign-in re-hashes a password stored with weaker ones), and
// a constant-time comparison.
import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

/** 2^15 x 8 x 128 bytes = 32 MiB and about 0.1 s per hash on one core: expensive to guess, cheap enough to sign in. */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
const PREFIX = 'scrypt';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

interface Parsed { N: number; r: number; p: number; salt: Buffer; hash: Buffer }

const maxmem = (p: { N: number; r: number }) => 128 * p.N * p.r * 2;

/** `scrypt$N$r$p$<salt base64>$<hash base64>`: everything needed to check it again. */
export async function hashPassword(password: string, params: { N: number; r: number; p: number } = SCRYPT_PARAMS): Promise<string> {
  const salt = crypto.randomBytes(SALT_BYTES);
  const hash = await scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...params, maxmem: maxmem(params) });
  return [PREFIX, params.N, params.r, params.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

function parse(stored: string): Parsed | undefined {
  const [prefix, N, r, p, salt, hash] = stored.split('$');
  if (prefix !== PREFIX || !salt || !hash) return undefined;
  const n = Number(N); const rr = Number(r); const pp = Number(p);
  if (![n, rr, pp].every((x) => Number.isSafeInteger(x) && x > 0)) return undefined;
  return { N: n, r: rr, p: pp, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
}

/** A hash no password matches: checked against when the user is unknown, so the answer takes as long either way. */
let decoy: Promise<string> | undefined;

/** True when the password matches the stored hash. Without a stored hash, a decoy is checked (same time, false). */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parsed = parse(stored ?? (await (decoy ??= hashPassword(crypto.randomBytes(16).toString('hex')))));
  if (!parsed) return false;
  const candidate = await scrypt(password.normalize('NFC'), parsed.salt, parsed.hash.length, { N: parsed.N, r: parsed.r, p: parsed.p, maxmem: maxmem(parsed) });
  return crypto.timingSafeEqual(candidate, parsed.hash) && stored !== undefined && stored !== null;
}

/** Stored with weaker parameters than today's: re-hash at the next successful sign-in. */
export function needsRehash(stored: string): boolean {
  const p = parse(stored);
  return !p || p.N < SCRYPT_PARAMS.N || p.r < SCRYPT_PARAMS.r || p.p < SCRYPT_PARAMS.p;
}

/** Why a new password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string, userId?: string): string | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `at most ${PASSWORD_MAX_LENGTH} characters`;
  if (password.trim() !== password) return 'must not begin or end with a space';
  if (userId && password.toLowerCase().includes(userId.toLowerCase())) return 'must not contain the user name';
  if (new Set(password).size < 4) return 'too simple: use at least 4 different characters';
  return undefined;
}

/** A one-time password an admin hands over (read aloud or on paper): no 0/O or 1/l/I. */
export function generateOneTimePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const chars = Array.from({ length: 14 }, () => alphabet[crypto.randomInt(alphabet.length)]);
  return `${chars.slice(0, 7).join('')}-${chars.slice(7).join('')}`;
}
