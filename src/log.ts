// A tiny structured logger: one readable line per message, `<time> <LEVEL> [component] message key=value`.
import { inspect } from 'node:util';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Fields = Record<string, unknown>;
export type Logger = Record<LogLevel, (message: string, fields?: Fields) => void>;

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const fromEnv = process.env.LOG_LEVEL as LogLevel | undefined;
let threshold = RANK[fromEnv && fromEnv in RANK ? fromEnv : 'info'];

/** Call with config.LOG_LEVEL once the config is loaded (until then LOG_LEVEL from the env, or info). */
export function setLogLevel(level: LogLevel): void {
  threshold = RANK[level];
}

const show = (v: unknown): string =>
  v instanceof Error ? v.message : typeof v === 'string' && !/\s/.test(v) && v ? v : inspect(v, { breakLength: Infinity, depth: 3 });

export function createLogger(component: string): Logger {
  const write = (level: LogLevel) => (message: string, fields?: Fields) => {
    if (RANK[level] < threshold) return;
    const extra = fields ? Object.entries(fields).filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}=${show(v)}`).join('') : '';
    const line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} [${component}] ${message}${extra}\n`;
    (RANK[level] >= RANK.warn ? process.stderr : process.stdout).write(line);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
