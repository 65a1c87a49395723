// The payload codec and its keys on their own: what is written, what reads back, what is refused and why.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Payload } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import { loadConfig } from '../../src/config';
import { ENCODING, EncryptionCodec, KEY_ID_METADATA, PayloadDecryptionError } from '../../src/temporal/encryptionCodec';
import { devKeyFile, keyring, parseKeyList, PayloadKeyError, resolvePayloadKeys } from '../../src/temporal/payloadKeys';
import { payloadKeysSetting, TEST_KEYS, testKeyring } from '../support/codec';

const CASE = { petitioner: { name: '欧阳澈明', contact: '13912345678', idNumber: '11010519900307783X' }, title: 'ZEBRA title' };
const payload = (v: unknown): Payload => defaultPayloadConverter.toPayload(v);
const meta = (p: Payload, k: string) => Buffer.from(p.metadata?.[k] ?? []).toString('utf8');
const value = (p: Payload) => defaultPayloadConverter.fromPayload(p);

describe('EncryptionCodec', () => {
  const codec = new EncryptionCodec(testKeyring());

  test('encrypts each payload whole: only the encoding and the key id show, and it decrypts to the same payload', async () => {
    const [sealed] = await codec.encode([payload(CASE)]);
    expect(Object.keys(sealed!.metadata!).sort()).toEqual(['encoding', KEY_ID_METADATA].sort());
    expect([meta(sealed!, 'encoding'), meta(sealed!, KEY_ID_METADATA)]).toEqual([ENCODING, 'test-1']);
    const bytes = Buffer.from(sealed!.data!);
    for (const secret of ['欧阳澈明', '13912345678', '11010519900307783X', 'ZEBRA', 'json/plain']) expect(bytes.includes(Buffer.from(secret))).toBe(false);
    const [opened] = await codec.decode([sealed!]);
    expect(meta(opened!, 'encoding')).toBe('json/plain');
    expect(value(opened!)).toEqual(CASE);
  });

  test('the same value encrypts differently each time (a fresh IV), so equal inputs cannot be told apart', async () => {
    const [a, b] = await codec.encode([payload(CASE), payload(CASE)]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  test('payloads written before encryption pass through decode unchanged; so do empty lists', async () => {
    const plain = [payload(CASE), payload(null), payload(undefined)];
    expect(await codec.decode(plain)).toEqual(plain);
    expect(await codec.decode([])).toEqual([]);
    expect(await codec.encode([])).toEqual([]);
  });

  test('after rotation: new payloads under the new key, old ones still read', async () => {
    const [old] = await codec.encode([payload('written under test-1')]);
    const rotated = new EncryptionCodec(testKeyring('test-2', ['test-1', 'test-2']));
    const [fresh] = await rotated.encode([payload('written under test-2')]);
    expect(meta(fresh!, KEY_ID_METADATA)).toBe('test-2');
    expect((await rotated.decode([old!, fresh!])).map(value)).toEqual(['written under test-1', 'written under test-2']);
  });

  test('refused with a message that says why: unknown key, another key under the same id, altered bytes, truncated, no key id', async () => {
    const [sealed] = await new EncryptionCodec(testKeyring('test-2')).encode([payload(CASE)]);
    await expect(codec.decode([sealed!])).rejects.toThrow(new PayloadDecryptionError(
      'a payload is encrypted with key "test-2", which is not configured (configured: test-1); keep every key as long as the histories it encrypted are kept'));

    const impostor = new EncryptionCodec(keyring(parseKeyList(`test-2:${TEST_KEYS['test-1']}`), undefined, 'impostor'));
    await expect(impostor.decode([sealed!])).rejects.toThrow(/key "test-2" does not decrypt: the key "test-2" configured here is another one, or the payload was altered/);

    const [mine] = await codec.encode([payload(CASE)]);
    const altered = Buffer.from(mine!.data!);
    altered[20] = altered[20]! ^ 1;
    await expect(codec.decode([{ ...mine!, data: altered }])).rejects.toThrow(/does not decrypt/);
    await expect(codec.decode([{ ...mine!, data: altered.subarray(0, 10) }])).rejects.toThrow(/is truncated/);
    await expect(codec.decode([{ metadata: { encoding: mine!.metadata!.encoding! }, data: mine!.data! }])).rejects.toThrow(/has no "encryption-key-id"/);
  });
});

describe('payload keys from the configuration', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'payload-keys-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('PAYLOAD_KEYS: one key is current by itself; with several, PAYLOAD_KEY_CURRENT says which', () => {
    expect(resolvePayloadKeys({ PAYLOAD_KEYS: payloadKeysSetting('test-1'), DATA_DIR: dir }).keyring.currentId).toBe('test-1');
    const two = resolvePayloadKeys({ PAYLOAD_KEYS: payloadKeysSetting('test-1', 'test-2'), PAYLOAD_KEY_CURRENT: 'test-2', DATA_DIR: dir, NODE_ENV: 'production' });
    expect([two.keyring.currentId, [...two.keyring.keys.keys()], two.development]).toEqual(['test-2', ['test-1', 'test-2'], undefined]);
    expect(() => resolvePayloadKeys({ PAYLOAD_KEYS: payloadKeysSetting('test-1', 'test-2'), DATA_DIR: dir }))
      .toThrow('PAYLOAD_KEYS has 2 keys: say which one encrypts new payloads with PAYLOAD_KEY_CURRENT');
    expect(() => resolvePayloadKeys({ PAYLOAD_KEYS: payloadKeysSetting('test-1'), PAYLOAD_KEY_CURRENT: 'test-9', DATA_DIR: dir }))
      .toThrow('PAYLOAD_KEY_CURRENT is "test-9", which PAYLOAD_KEYS does not have (it has test-1)');
    expect(fs.readdirSync(dir)).toEqual([]); // no development key when one is configured
  });

  test('malformed keys are refused at start-up, naming the key and never printing it', () => {
    const short = Buffer.alloc(16, 1).toString('base64');
    const cases: [string, RegExp][] = [
      [`k1:${short}`, /key "k1" must be 32 random bytes in base64/],
      ['k1:not base64!', /key "k1" must be 32 random bytes in base64/],
      [`k1 ${TEST_KEYS['test-1']}`, /each entry is "<id>:<base64 key>"/],
      [`k1:${TEST_KEYS['test-1']},k1:${TEST_KEYS['test-2']}`, /key "k1" is listed twice/],
      [`bad id!:${TEST_KEYS['test-1']}`, /key id "bad id!" must be 1 to 64 letters/],
      [' , ', /no key given/],
    ];
    for (const [setting, message] of cases) {
      expect(() => parseKeyList(setting)).toThrow(message);
      const err = (() => { try { loadConfig({ PAYLOAD_KEYS: setting }); } catch (e) { return e as Error; } })();
      expect(err?.message).toMatch(/^Invalid configuration in the environment:\n {2}PAYLOAD_KEYS: /);
      expect(err?.message).not.toContain(short);
    }
    expect(() => resolvePayloadKeys({ PAYLOAD_KEYS: payloadKeysSetting('test-1'), PAYLOAD_KEY_FILE: 'x', DATA_DIR: dir })).toThrow('set PAYLOAD_KEYS or PAYLOAD_KEY_FILE, not both');
  });

  test('PAYLOAD_KEY_FILE: keys and the current one from a JSON file (a mounted secret); PAYLOAD_KEY_CURRENT overrides', () => {
    const file = path.join(dir, 'keys.json');
    fs.writeFileSync(file, JSON.stringify({ current: 'test-1', keys: TEST_KEYS }));
    expect(resolvePayloadKeys({ PAYLOAD_KEY_FILE: file, DATA_DIR: dir, NODE_ENV: 'production' }).keyring).toMatchObject({ currentId: 'test-1', source: file });
    expect(resolvePayloadKeys({ PAYLOAD_KEY_FILE: file, PAYLOAD_KEY_CURRENT: 'test-2', DATA_DIR: dir }).keyring.currentId).toBe('test-2');
    fs.writeFileSync(file, JSON.stringify({ keys: ['x'] }));
    expect(() => resolvePayloadKeys({ PAYLOAD_KEY_FILE: file, DATA_DIR: dir })).toThrow(/expected \{ "current": "<id>", "keys"/);
    expect(() => resolvePayloadKeys({ PAYLOAD_KEY_FILE: path.join(dir, 'missing.json'), DATA_DIR: dir })).toThrow(/cannot read the payload key file .*missing\.json/);
  });

  test('nothing configured, outside production: a development key is created once in DATA_DIR (owner-only) and reused', () => {
    const first = resolvePayloadKeys({ DATA_DIR: dir });
    const file = devKeyFile(dir);
    expect(first.development).toEqual({ file, created: true });
    expect(first.keyring.currentId).toMatch(/^dev-\d{4}-\d{2}-\d{2}$/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const again = resolvePayloadKeys({ DATA_DIR: dir, NODE_ENV: 'development' });
    expect(again.development).toEqual({ file, created: false });
    expect(again.keyring.keys.get(again.keyring.currentId)).toEqual(first.keyring.keys.get(first.keyring.currentId));
    expect(fs.readdirSync(dir)).toEqual(['payload-keys.json']); // no temporary file left behind
  });

  test('nothing configured in production: refused, saying what to set; no key file is written', () => {
    expect(() => resolvePayloadKeys({ DATA_DIR: dir, NODE_ENV: 'production' }))
      .toThrow(/^NODE_ENV=production and no payload encryption key is configured: .*Set PAYLOAD_KEYS=<id>:<base64 of 32 random bytes>.* or PAYLOAD_KEY_FILE/);
    fs.writeFileSync(devKeyFile(dir), JSON.stringify({ current: 'test-1', keys: TEST_KEYS }));
    // Even with a development key lying there: production names its key explicitly.
    expect(() => resolvePayloadKeys({ DATA_DIR: dir, NODE_ENV: 'production' })).toThrow(PayloadKeyError);
  });
});

test('the Temporal Web UI origins allowed to call the codec: the embedded UI by default, or TEMPORAL_UI_ORIGINS', () => {
  expect(loadConfig({}).temporalUiOrigins).toEqual(['http://127.0.0.1:8233', 'http://localhost:8233']);
  expect(loadConfig({ TEMPORAL_UI_PORT: '9000', TEMPORAL_DEV_HOST: '10.0.0.5' }).temporalUiOrigins).toEqual(['http://10.0.0.5:9000']);
  expect(loadConfig({ TEMPORAL_UI_ORIGINS: 'https://temporal.example.gov.cn, https://ops.example.gov.cn' }).temporalUiOrigins)
    .toEqual(['https://temporal.example.gov.cn', 'https://ops.example.gov.cn']);
});
