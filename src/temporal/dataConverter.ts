// The one data converter of every Temporal client and worker of the service (API, worker, `npm start`,
// reconcile, bench, tests): the default JSON payloads, encrypted by the payload codec.
import type { DataConverter } from '@temporalio/common';
import type { Config } from '../config';
import type { Logger } from '../log';
import { EncryptionCodec } from './encryptionCodec';
import { resolvePayloadKeys, type PayloadKeyring, type ResolvedKeys } from './payloadKeys';

/** The failure converter every process uses, by path: the workflow bundle is built with it too. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failureConverter');

export function dataConverterFor(keyring: PayloadKeyring): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keyring)], failureConverterPath: FAILURE_CONVERTER_PATH };
}

const resolved = new WeakMap<Config, ResolvedKeys>();

/** The configured keys (once per config: the development key is created and announced once). */
export function payloadKeysFor(config: Config, log?: Logger): ResolvedKeys {
  let keys = resolved.get(config);
  if (!keys) {
    keys = resolvePayloadKeys(config);
    resolved.set(config, keys);
    const { keyring, development } = keys;
    if (development?.created) {
      log?.warn(`generated a development payload encryption key in ${development.file}: every payload in Temporal is encrypted with it. ` +
        'Keep the file as long as the Temporal state next to it, which cannot be read without it; in production configure PAYLOAD_KEYS or PAYLOAD_KEY_FILE');
    } else {
      log?.info('payload encryption', { currentKey: keyring.currentId, keys: keyring.keys.size, from: keyring.source, ...(development ? { development: true } : {}) });
    }
  }
  return keys;
}

export function dataConverterFromConfig(config: Config, log?: Logger): DataConverter {
  return dataConverterFor(payloadKeysFor(config, log).keyring);
}
