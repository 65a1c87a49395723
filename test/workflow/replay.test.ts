// Replays the recorded history of every path (test/histories, written with RECORD_HISTORIES=1)
// against today's workflow code: a change that breaks a running petition fails here.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { BUNDLE_PATH } from '../support/globalSetup';
import { historyFromFile } from '../support/histories';

const DIR = path.resolve(__dirname, '..', 'histories');
const files = fs.existsSync(DIR) ? fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort() : [];

test('recorded histories cover the lifecycle paths', () => {
  expect(files.length).toBeGreaterThanOrEqual(15);
});

test.each(files)('replays %s deterministically', async (file) => {
  const history = historyFromFile(fs.readFileSync(path.join(DIR, file), 'utf8'));
  await Worker.runReplayHistory({ workflowBundle: { codePath: BUNDLE_PATH } }, history, file);
});
