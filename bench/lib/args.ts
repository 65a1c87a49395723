// `--name value`, `--name=value` and `--flag` options; unknown ones are refused so a typo is not ignored.
export function parseArgs(argv: string[], known: Record<string, 'flag' | 'value'>): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]!);
    if (!m || !known[m[1]!]) throw new Error(`unknown option ${argv[i]} (known: ${Object.keys(known).map((k) => `--${k}`).join(', ')})`);
    const name = m[1]!;
    if (known[name] === 'flag') out[name] = true;
    else {
      const v = m[2] ?? argv[++i];
      if (v === undefined) throw new Error(`--${name} needs a value`);
      out[name] = v;
    }
  }
  return out;
}

export function num(v: string | true | undefined, fallback: number): number {
  if (v === undefined || v === true) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`expected a positive number, got ${v}`);
  return n;
}

/** Stops the stack on Ctrl-C or SIGTERM (children and the dev server are in their own process groups). */
export function stopOnSignals(stop: () => Promise<void> | undefined): void {
  let stopping = false;
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(s, () => {
      if (stopping) process.exit(130);
      stopping = true;
      process.stderr.write(`\n${s}: stopping the bench stack\n`);
      // Before the stack is up there is nothing to drain: exit handlers kill whatever was started.
      void Promise.resolve(stop()).finally(() => process.exit(130));
    });
  }
}
