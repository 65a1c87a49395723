// AES-256-GCM payload codec. Each payload is serialised whole (metadata and data) and encrypted with the
// current key; the result carries only `encoding: binary/encrypted` and the key's id, so the server and
// its Web UI see neither the data nor its original encoding. The layout (12-byte IV, ciphertext, 16-byte
// tag; the serialised Payload inside) is the one of Temporal's encryption samples.
// Runs in the client and the worker's main thread, never in the workflow sandbox.
import crypto from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { PayloadKeyring } from './payloadKeys';

export const ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const ProtoPayload = temporal.api.common.v1.Payload;
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined): string | undefined => (b ? Buffer.from(b).toString('utf8') : undefined);

/** A payload that cannot be decrypted: unknown key, wrong key or altered bytes. The message says which. */
export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
}

export const isEncrypted = (p: Payload): boolean => text(p.metadata?.encoding) === ENCODING;
export const keyIdOf = (p: Payload): string | undefined => text(p.metadata?.[KEY_ID_METADATA]);

export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keyring: PayloadKeyring) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const id = this.keyring.currentId;
    const key = this.keyring.keys.get(id)!;
    return payloads.map((p) => {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([iv, cipher.update(ProtoPayload.encode(p).finish()), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: utf8(ENCODING), [KEY_ID_METADATA]: utf8(id) }, data: new Uint8Array(sealed) };
    });
  }

  /** Payloads written before encryption (older histories) pass through unchanged. */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => (isEncrypted(p) ? this.decrypt(p) : p));
  }

  private decrypt(p: Payload): Payload {
    const id = keyIdOf(p);
    if (id === undefined) throw new PayloadDecryptionError(`an encrypted payload has no "${KEY_ID_METADATA}"`);
    const key = this.keyring.keys.get(id);
    if (!key) {
      throw new PayloadDecryptionError(`a payload is encrypted with key "${id}", which is not configured ` +
        `(configured: ${[...this.keyring.keys.keys()].join(', ')}); keep every key as long as the histories it encrypted are kept`);
    }
    const data = Buffer.from(p.data ?? []);
    if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError(`a payload encrypted with key "${id}" is truncated`);
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return ProtoPayload.decode(plain);
    } catch {
      throw new PayloadDecryptionError(`a payload encrypted with key "${id}" does not decrypt: the key "${id}" configured here is another one, or the payload was altered`);
    }
  }
}
