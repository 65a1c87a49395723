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

// 4. A CJK font for the PDF documents (受理告知书, 处理意见书 …): Debian's fonts-noto-cjk, installed with apt
//    when missing and this runs as root (CI, a fresh server); otherwise only a hint, since PDFs are then
//    unavailable (503) while everything else, the printable HTML pages included, works. PDF_FONT_FILE
//    names another font.
const NOTO_CJK = ['/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc', '/usr/share/fonts/google-noto-cjk/NotoSerifCJK-Regular.ttc'];
if (!process.env.PDF_FONT_FILE && !NOTO_CJK.some((f) => fs.existsSync(f))) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    log('installing the CJK font for PDF documents (apt-get install fonts-noto-cjk)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (!run('apt-get', ['install', '-y', '--no-install-recommends', 'fonts-noto-cjk'], { env })) {
      run('apt-get', ['update'], { env }) && run('apt-get', ['install', '-y', '--no-install-recommends', 'fonts-noto-cjk'], { env });
    }
  }
  if (!NOTO_CJK.some((f) => fs.existsSync(f))) {
    const message = 'no CJK font for PDF documents: install fonts-noto-cjk (Debian/Ubuntu) or google-noto-serif-cjk-fonts, or set PDF_FONT_FILE';
    // The tests print PDFs and read their text back: there the font is required.
    if (forTests) { console.error(`[setup] ${message}`); process.exit(1); }
    log(`${message}; until then PDFs answer 503 (the HTML documents work)`);
  }
}
