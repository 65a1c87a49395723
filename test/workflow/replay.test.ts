// Replays the recorded history of every path (test/histories, written with RECORD_HISTORIES=1)
// against today's workflow code: a change that breaks a running petition fails here. The payload codec is
// configured as in the service: histories from before encryption pass through it unchanged.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { testDataConverter } from '../support/codec';
import { BUNDLE_PATH } from '../support/globalSetup';
import { historyFromFile } from '../support/histories';

const DIR = path.resolve(__dirname, '..', 'histories');
const files = fs.readdirSync(DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).sort();
const sets = new Set(files.map((f) => path.dirname(f)));

test('every workflow version has recorded histories of the lifecycle paths', () => {
  expect([...sets].sort()).toEqual(['v1', 'v2', 'v3']);
  for (const set of sets) expect(files.filter((f) => path.dirname(f) === set).length).toBeGreaterThanOrEqual(17);
});

test.each(files)('replays %s deterministically', async (file) => {
  const history = historyFromFile(fs.readFileSync(path.join(DIR, file), 'utf8'));
  await Worker.runReplayHistory({ workflowBundle: { codePath: BUNDLE_PATH }, dataConverter: testDataConverter() }, history, file);
});
