#!/usr/bin/env node
// One idempotent set-up step shared by `npm start` and `npm test`: installs npm packages, the pinned
// Temporal binaries (into the ignored .tools/ folder) and the generated Prisma client, each only when
// missing or stale. Plain Node with no dependencies, because it runs before `npm install`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tools from './tools.cjs';

const { TOOLS, findTool, toolInstallHint } = tools;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const forTests = process.argv.includes('--test');
const log = (msg) => console.log(`[setup] ${msg}`);

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  return res.status === 0;
}

function mtime(file) {
  try { return fs.statSync(file).mtimeMs; } catch { return 0; }
}

// 1. npm packages: install when node_modules is missing or older than the lock file.
const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');
if (mtime(installed) < mtime(lock)) {
  log('installing npm packages (npm ci)');
  if (!run('npm', ['ci', '--no-audit', '--no-fund'])) {
    console.error('[setup] npm ci failed; see the output above.');
    process.exit(1);
  }
}

// 2. Temporal binaries: the CLI (dev server + Web UI) always unless an external cluster is configured;
//    the time-skipping test server only for the tests.
const wanted = [];
if (forTests || !process.env.TEMPORAL_ADDRESS) wanted.push(TOOLS.cli);
if (forTests) wanted.push(TOOLS.testServer);
for (const tool of wanted) {
  const found = findTool(tool, root);
  if (found) continue;
  log(`installing ${tool.name} ${tool.version} into ${path.relative(root, tool.dir(root))}/`);
  const ok =
    run('python3', ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-warn-script-location', '--root-user-action=ignore',
      '--upgrade', '--target', tool.dir(root), `${tool.wheel}==${tool.version}`]) ||
    (tool.goModule && run('go', ['install', `${tool.goModule}@v${tool.goVersion}`], {
      env: { ...process.env, GOBIN: path.join(tool.dir(root), 'bin') },
    }));
  if (!ok || !findTool(tool, root)) {
    console.error(`[setup] ${toolInstallHint(tool, root)}`);
    process.exit(1);
  }
}

// 3. Prisma client: regenerate when the schema changed since the last generation.
const schema = path.join(root, 'prisma', 'schema.prisma');
const generated = path.join(root, 'src', 'generated', 'prisma', 'client.ts');
if (mtime(generated) < mtime(schema)) {
  log('generating the Prisma client');
  if (!run('npx', ['prisma', 'generate'])) process.exit(1);
}
