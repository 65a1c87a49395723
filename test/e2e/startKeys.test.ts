// `npm start` and the payload key: on the embedded defaults it generates a development key into the data
// folder, says so, and points the Web UI at the API's codec endpoint; in production without a key nothing
// starts and the message says what to set.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, killAllChildren, spawnChild, type ChildProc } from '../support/processes';
import { eventually } from '../support/http';

const ROOT = path.resolve(__dirname, '..', '..');
let dir: string;

/** A clean environment: nothing about keys from the caller's shell. */
function env(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const k of ['PAYLOAD_KEYS', 'PAYLOAD_KEY_CURRENT', 'PAYLOAD_KEY_FILE', 'NODE_ENV', 'TEMPORAL_ADDRESS']) delete base[k];
  return { ...base, DATA_DIR: dir, DATABASE_URL: `file:${path.join(dir, 'petitions.db')}`, LOG_LEVEL: 'info', ...extra };
}

function run(script: string, extra: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env: env(extra), timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? -1) : 0, output: stdout + stderr }));
  });
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petition-start-'));
});

afterEach(async () => {
  await killAllChildren();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('in production without a key, npm start, the worker and the API refuse to start, saying what to set, and create nothing', async () => {
  for (const script of ['src/start.ts', 'src/worker.ts', 'src/server.ts']) {
    const { code, output } = await run(script, { NODE_ENV: 'production', API_PORT: String(await freePort()) });
    expect([script, code]).toEqual([script, 1]);
    expect(output).toContain('NODE_ENV=production and no payload encryption key is configured');
    expect(output).toContain('PAYLOAD_KEYS');
    expect(fs.readdirSync(dir)).toEqual([]); // no key file, no database, no Temporal state
  }
});

test('on the embedded defaults, npm start generates a development key (once), logs it, and starts the Web UI with the codec endpoint', async () => {
  const [temporalPort, uiPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const logFile = path.join(dir, 'start.log');
  const start: ChildProc = spawnChild('start', process.execPath, ['--import', 'tsx', 'src/start.ts'], {
    env: env({ TEMPORAL_DEV_PORT: String(temporalPort), TEMPORAL_UI_PORT: String(uiPort), API_PORT: String(apiPort) }), logFile,
  });
  const log = () => fs.readFileSync(logFile, 'utf8');
  await eventually(async () => (/\[start\] ready/.test(log()) ? true : !start.running() ? Promise.reject(new Error(start.tail())) : undefined), 'npm start to be ready', 90_000);

  const keyFile = path.join(dir, 'payload-keys.json');
  expect(log()).toContain(`generated a development payload encryption key in ${keyFile}`);
  expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
  const { current, keys } = JSON.parse(fs.readFileSync(keyFile, 'utf8'));
  expect(Buffer.from(keys[current], 'base64')).toHaveLength(32);
  // The worker and the API use that same file.
  expect(log()).toMatch(new RegExp(`\\[worker\\].*payload encryption currentKey=${current} keys=1 from=${keyFile}`));
  expect(log()).toMatch(new RegExp(`\\[api\\].*payload encryption currentKey=${current} keys=1 from=${keyFile}`));
  const endpoint = `http://127.0.0.1:${apiPort}/api/v1/codec`;
  expect(log()).toContain(`Codec endpoint     ${endpoint}`);
  const settings = await (await fetch(`http://127.0.0.1:${uiPort}/api/v1/settings`)).json() as { Codec: { Endpoint: string } };
  expect(settings.Codec.Endpoint).toBe(endpoint);
  // The endpoint answers the Web UI's origin (and refuses a caller who is not signed in as admin).
  const preflight = await fetch(`${endpoint}/decode`, { method: 'OPTIONS', headers: { origin: `http://127.0.0.1:${uiPort}`, 'access-control-request-method': 'POST' } });
  expect(preflight.headers.get('access-control-allow-origin')).toBe(`http://127.0.0.1:${uiPort}`);
  expect((await fetch(`${endpoint}/decode`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"payloads":[]}' })).status).toBe(401);

  process.kill(-start.pid, 'SIGTERM');
  await start.exited;
  // A second start keeps the key: the petitions it encrypted stay readable.
  const again = await run('src/worker.ts', { TEMPORAL_ADDRESS: '127.0.0.1:1', TEMPORAL_DEV_PORT: String(temporalPort) });
  expect(again.output).toContain(`payload encryption currentKey=${current} keys=1 from=${keyFile} development=true`);
  expect(again.output).not.toContain('generated');
  expect(JSON.parse(fs.readFileSync(keyFile, 'utf8'))).toEqual({ current, keys });
}, 150_000);
