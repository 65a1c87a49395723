// The keys that encrypt every Temporal payload (workflow inputs, update arguments, activity data, query
// answers): petitioners' identities and reports may not reach anyone beyond those handling the case
// (信访工作条例 on reports), and the Temporal server and its Web UI are not among them.
// Keys have ids, so a new key can become current while the old ones still decrypt older histories.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface PayloadKeyring {
  /** New payloads are encrypted with this key. */
  readonly currentId: string;
  /** Every key that may decrypt, by id (the current one included). */
  readonly keys: ReadonlyMap<string, Buffer>;
  /** Where the keys came from, for the log; never the keys themselves. */
  readonly source: string;
}

export class PayloadKeyError extends Error {}

export const KEY_BYTES = 32; // AES-256
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** A fresh random key as PAYLOAD_KEYS and the key file take it (base64 of 32 bytes). */
export const newKeyBase64 = (): string => crypto.randomBytes(KEY_BYTES).toString('base64');

function keyFrom(id: string, base64: string, where: string): Buffer {
  if (!KEY_ID.test(id)) throw new PayloadKeyError(`${where}: key id "${id}" must be 1 to 64 letters, digits, ".", "_" or "-"`);
  const bytes = BASE64.test(base64) ? Buffer.from(base64, 'base64') : undefined;
  if (bytes?.length !== KEY_BYTES) {
    throw new PayloadKeyError(`${where}: key "${id}" must be ${KEY_BYTES} random bytes in base64 (e.g. \`openssl rand -base64 32\`)`);
  }
  return bytes;
}

/** `id:base64key,id:base64key` (PAYLOAD_KEYS). */
export function parseKeyList(text: string, where = 'PAYLOAD_KEYS'): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const entry of text.split(',').map((e) => e.trim()).filter(Boolean)) {
    const colon = entry.indexOf(':');
    if (colon < 0) throw new PayloadKeyError(`${where}: each entry is "<id>:<base64 key>"; one has no ":"`);
    const id = entry.slice(0, colon).trim();
    if (keys.has(id)) throw new PayloadKeyError(`${where}: key "${id}" is listed twice`);
    keys.set(id, keyFrom(id, entry.slice(colon + 1).trim(), where));
  }
  if (keys.size === 0) throw new PayloadKeyError(`${where}: no key given`);
  return keys;
}

/** The key file: `{ "current": "<id>", "keys": { "<id>": "<base64 key>", ... } }`. */
export function readKeyFile(file: string): { keys: Map<string, Buffer>; current?: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new PayloadKeyError(`cannot read the payload key file ${file}: ${(err as Error).message}`);
  }
  const { current, keys } = (doc ?? {}) as { current?: unknown; keys?: unknown };
  if (typeof keys !== 'object' || keys === null || Array.isArray(keys) || (current !== undefined && typeof current !== 'string')) {
    throw new PayloadKeyError(`payload key file ${file}: expected { "current": "<id>", "keys": { "<id>": "<base64 key>" } }`);
  }
  const map = new Map<string, Buffer>();
  for (const [id, value] of Object.entries(keys)) map.set(id, keyFrom(id, String(value), file));
  if (map.size === 0) throw new PayloadKeyError(`payload key file ${file}: no key given`);
  return { keys: map, current };
}

export function keyring(keys: ReadonlyMap<string, Buffer>, current: string | undefined, source: string): PayloadKeyring {
  const currentId = current ?? (keys.size === 1 ? [...keys.keys()][0] : undefined);
  if (currentId === undefined) {
    throw new PayloadKeyError(`${source} has ${keys.size} keys: say which one encrypts new payloads with PAYLOAD_KEY_CURRENT`);
  }
  if (!keys.has(currentId)) throw new PayloadKeyError(`PAYLOAD_KEY_CURRENT is "${currentId}", which ${source} does not have (it has ${[...keys.keys()].join(', ')})`);
  return { currentId, keys, source };
}

export interface PayloadKeySettings {
  PAYLOAD_KEYS?: string;
  PAYLOAD_KEY_CURRENT?: string;
  PAYLOAD_KEY_FILE?: string;
  NODE_ENV?: string;
  DATA_DIR: string;
}

export const devKeyFile = (dataDir: string): string => path.resolve(dataDir, 'payload-keys.json');

/** Writes a new key file atomically (another process starting at the same time reads a whole file, or writes none). */
function createKeyFile(file: string, id: string): boolean {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ current: id, keys: { [id]: newKeyBase64() } }, null, 2) + '\n', { mode: 0o600 });
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false; // another process won: use its key
    throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

export interface ResolvedKeys {
  keyring: PayloadKeyring;
  /** The development key file in DATA_DIR was used (it exists outside production only). */
  development?: { file: string; created: boolean };
}

/**
 * PAYLOAD_KEYS (with PAYLOAD_KEY_CURRENT when there are several), or PAYLOAD_KEY_FILE. With neither:
 * refused in production; elsewhere a development key in DATA_DIR/payload-keys.json, created on first use,
 * so `npm start` works on its embedded defaults.
 */
export function resolvePayloadKeys(s: PayloadKeySettings): ResolvedKeys {
  if (s.PAYLOAD_KEYS && s.PAYLOAD_KEY_FILE) throw new PayloadKeyError('set PAYLOAD_KEYS or PAYLOAD_KEY_FILE, not both');
  if (s.PAYLOAD_KEYS) return { keyring: keyring(parseKeyList(s.PAYLOAD_KEYS), s.PAYLOAD_KEY_CURRENT, 'PAYLOAD_KEYS') };
  if (s.PAYLOAD_KEY_FILE) {
    const file = path.resolve(s.PAYLOAD_KEY_FILE);
    const { keys, current } = readKeyFile(file);
    return { keyring: keyring(keys, s.PAYLOAD_KEY_CURRENT ?? current, file) };
  }
  if (s.NODE_ENV === 'production') {
    throw new PayloadKeyError(
      'NODE_ENV=production and no payload encryption key is configured: petitioners\' data would be readable in Temporal. ' +
      'Set PAYLOAD_KEYS=<id>:<base64 of 32 random bytes> (e.g. `echo "k1:$(openssl rand -base64 32)"`) or PAYLOAD_KEY_FILE. ' +
      'A development key is generated only outside production.',
    );
  }
  const file = devKeyFile(s.DATA_DIR);
  const created = !fs.existsSync(file) && createKeyFile(file, `dev-${new Date().toISOString().slice(0, 10)}`);
  const { keys, current } = readKeyFile(file);
  return { keyring: keyring(keys, s.PAYLOAD_KEY_CURRENT ?? current, file), development: { file, created } };
}
