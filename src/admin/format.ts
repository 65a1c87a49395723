// Plain-text output of the admin command: aligned columns, dates in UTC.

/** Left-aligned columns. Put free text (names, labels with CJK characters) last: it is not padded. */
export function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

export const when = (d: Date | null | undefined): string => (d ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : '-');

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
