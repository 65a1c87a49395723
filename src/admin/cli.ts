// `npm run admin -- <command>`: units, users, API tokens and holiday arrangements (USAGE in ./usage.ts).
// Exit code 0 done, 1 refused (the message says why; no stack trace), 2 wrong command line (with the usage).
import { parseArgs } from 'node:util';
import { AccountError } from '../accounts';
import { CalendarError } from './calendarError';
import { loadConfig } from '../config';
import type { Db } from '../db/client';
import { COMMANDS, type CommandSpec, type Options, type Out } from './commands';
import { MigrationError, openMigratedDb } from './migrations';
import { USAGE, UsageError } from './usage';

const OPTIONS = {
  name: { type: 'string' },
  parent: { type: 'string' },
  role: { type: 'string' },
  unit: { type: 'string' },
  label: { type: 'string' },
  source: { type: 'string' },
  'dry-run': { type: 'boolean' },
  password: { type: 'string' },
  'one-time': { type: 'boolean' },
  generate: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type Parsed = { help: true } | { help: false; command: string; spec: CommandSpec; args: string[]; options: Options };

export function parseCommand(argv: string[]): Parsed {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { help, ...options } = parsed.values;
  if (help) return { help: true };
  const [noun, verb, ...args] = parsed.positionals;
  if (!noun) throw new UsageError('no command given');
  const command = [noun, verb].filter(Boolean).join(' ');
  const spec = COMMANDS[command];
  if (!spec) throw new UsageError(`unknown command "${command}"`);
  const required = spec.args.filter((a) => !a.endsWith('?'));
  if (args.length < required.length) throw new UsageError(`${command}: <${spec.args[args.length]}> is missing`);
  if (args.length > spec.args.length) throw new UsageError(`${command}: unexpected argument "${args[spec.args.length]}"`);
  for (const k of Object.keys(options) as (keyof Options)[]) {
    if (!spec.options.includes(k)) throw new UsageError(`${command} does not take --${k}`);
  }
  for (const k of spec.required ?? []) if (options[k] === undefined) throw new UsageError(`${command} needs --${k}`);
  return { help: false, command, spec, args, options };
}

const console_: Out = {
  print: (text) => process.stdout.write(`${text}\n`),
  note: (text) => process.stderr.write(`${text}\n`),
  async readInput() {
    if (process.stdin.isTTY) process.stderr.write('password (it is shown as you type; end with Enter, then Ctrl-D): ');
    let text = '';
    for await (const chunk of process.stdin) text += chunk;
    return text;
  },
};

export async function main(argv: string[], out: Out = console_): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseCommand(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    out.note(`error: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    out.print(USAGE);
    return 0;
  }

  let db: Db | undefined;
  try {
    const config = loadConfig();
    db = await openMigratedDb(config.DATABASE_URL, out.note);
    await parsed.spec.run(db, parsed.args, parsed.options, out, { config });
    return 0;
  } catch (err) {
    const e = err as Error;
    if (err instanceof AccountError || err instanceof CalendarError || err instanceof MigrationError) {
      out.note(`error: ${e.message}`);
    } else {
      // Not a refusal we foresaw (an invalid environment, an unreadable database file): the message is enough
      // for the person at the terminal; the stack is there for whoever debugs it.
      out.note(`error: ${e.message}`);
      if (process.env.LOG_LEVEL === 'debug') out.note(e.stack ?? '');
      else out.note('(LOG_LEVEL=debug shows the stack trace)');
    }
    return 1;
  } finally {
    await db?.$disconnect();
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
