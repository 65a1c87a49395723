// The payload keys of the test suite. Fixed, not random: histories recorded by the tests
// (RECORD_HISTORIES) are encrypted with them and must still replay in every later run.
// Test keys only, public in this file: never configure them anywhere else.
import type { DataConverter } from '@temporalio/common';
import { dataConverterFor } from '../../src/temporal/dataConverter';
import { keyring, parseKeyList, type PayloadKeyring } from '../../src/temporal/payloadKeys';

export const TEST_KEYS = {
  'test-1': 'W16fFwXGC8xb5259BK9lonvOsvhz7pab2HU+1MyJ/zQ=',
  'test-2': '3FrVcPz2U7sVGTpRsCBcR/wY4SMI8Iuu/AVCIi+yfOw=',
} as const;
export type TestKeyId = keyof typeof TEST_KEYS;

/** PAYLOAD_KEYS for the given test keys, e.g. `test-1:…,test-2:…`. */
export const payloadKeysSetting = (...ids: TestKeyId[]): string => ids.map((id) => `${id}:${TEST_KEYS[id]}`).join(',');

/** The environment of a worker or API process of the tests: test-1 current, as in-process clients and workers have it. */
export const TEST_PAYLOAD_ENV: NodeJS.ProcessEnv = { PAYLOAD_KEYS: payloadKeysSetting('test-1'), PAYLOAD_KEY_CURRENT: 'test-1', PAYLOAD_KEY_FILE: undefined };

export function testKeyring(current: TestKeyId = 'test-1', ids: TestKeyId[] = [current]): PayloadKeyring {
  return keyring(parseKeyList(payloadKeysSetting(...ids)), current, `test keys ${ids.join(', ')}`);
}

/** The data converter of the suite's clients and workers (the service's own factory, with the test key). */
export const testDataConverter = (current: TestKeyId = 'test-1', ids: TestKeyId[] = [current]): DataConverter =>
  dataConverterFor(testKeyring(current, ids));
