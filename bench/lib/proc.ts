// Child processes of a bench run: each in its own process group (a Ctrl-C reaches only the bench, which
// stops them in order), output to a log file, resident memory read from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

const STOP_GRACE_MS = 10_000;

/** Resident set size of a process in MiB, or undefined once it is gone. */
export function rssMiB(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU time (user + system, all threads) a process has used so far, in seconds. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    // Fields after the command name, which is in parentheses and may contain spaces.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** The process whose command line contains `arg` (the dev server is found by its own db file). */
export function findPidByArg(arg: string): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(arg)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

export interface Child {
  name: string;
  pid: number;
  logFile: string;
  /** Everything the child printed so far. */
  output(): string;
  running(): boolean;
  exited: Promise<void>;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const p of live) killGroup(p, 'SIGKILL');
});

function killGroup(p: ChildProcess, signal: NodeJS.Signals): void {
  try { process.kill(-p.pid!, signal); } catch { p.kill(signal); }
}

/** Runs a TypeScript entry of the project (`node --import tsx <script>`) with the given environment. */
export function spawnNode(name: string, script: string, cwd: string, env: NodeJS.ProcessEnv, logFile: string, nodeArgs: string[] = []): Child {
  const out = fs.openSync(logFile, 'a');
  const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], { cwd, env, stdio: ['ignore', out, out], detached: true });
  fs.closeSync(out);
  live.add(proc);
  let alive = true;
  const exited = new Promise<void>((resolve) => {
    proc.once('exit', () => { alive = false; live.delete(proc); resolve(); });
    proc.once('error', () => { alive = false; live.delete(proc); resolve(); });
  });
  let stopping: Promise<void> | undefined;
  return {
    name,
    pid: proc.pid!,
    logFile,
    output: () => { try { return fs.readFileSync(logFile, 'utf8'); } catch { return ''; } },
    running: () => alive,
    exited,
    stop: () => (stopping ??= (async () => {
      if (!alive) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => killGroup(proc, 'SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    })()),
  };
}
