// The Temporal binaries the project provisions (see scripts/tools.cjs, shared with the set-up script).
import path from 'node:path';

interface Tool { name: string; command: string; envVar: string }
interface ToolsModule {
  TOOLS: { cli: Tool; testServer: Tool };
  findTool(tool: Tool, root: string): string | undefined;
  toolInstallHint(tool: Tool, root: string): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tools = require('../../scripts/tools.cjs') as ToolsModule;
const ROOT = path.resolve(__dirname, '..', '..');

function required(tool: Tool): string {
  const found = tools.findTool(tool, ROOT);
  if (!found) throw new Error(`${tools.toolInstallHint(tool, ROOT)}\n  Or run \`npm run setup\`.`);
  return found;
}

export const temporalCliPath = (): string => required(tools.TOOLS.cli);
export const temporalTestServerPath = (): string => required(tools.TOOLS.testServer);
