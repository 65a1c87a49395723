// The bench's figures as one self-contained SVG: latency panels (API against raw, p50 bar with a p99
// whisker, per concurrency), worker memory while open petitions were started, deadline lateness.
import type { Cell } from '../scenarios/compare';

const W = 760;
const LABEL = 120;
const PLOT = W - LABEL - 60;
const COLORS = { api: '#2f6db5', raw: '#9a9a9a' };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const text = (x: number, y: number, s: string, extra = '') => `<text x="${x}" y="${y}" ${extra}>${esc(s)}</text>`;

function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((m) => m >= v)!;
}

function axis(y: number, max: number, unit: string): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const x = LABEL + f * PLOT;
    return `<line x1="${x}" x2="${x}" y1="${y}" y2="${y + 4}" stroke="#444"/>${text(x, y + 16, `${+(f * max).toPrecision(3)}${f === 1 ? ` ${unit}` : ''}`, 'text-anchor="middle" font-size="10"')}`;
  });
  return `<line x1="${LABEL}" x2="${LABEL + PLOT}" y1="${y}" y2="${y}" stroke="#444"/>${ticks.join('')}`;
}

function latencyPanel(title: string, cells: Cell[], y0: number): { svg: string; height: number } {
  const max = niceMax(Math.max(...cells.flatMap((c) => [c.api.p99, c.raw.p99])));
  const scale = (v: number) => (Number.isFinite(v) ? (v / max) * PLOT : 0);
  let y = y0 + 22;
  const parts = [text(8, y0 + 14, title, 'font-weight="bold" font-size="13"')];
  for (const c of cells) {
    parts.push(text(LABEL - 8, y + 15, `c=${c.concurrency}  ${c.overheadP50Pct >= 0 ? '+' : ''}${c.overheadP50Pct.toFixed(0)}%`, 'text-anchor="end" font-size="11"'));
    for (const side of ['api', 'raw'] as const) {
      const s = c[side];
      parts.push(
        `<rect x="${LABEL}" y="${y}" width="${scale(s.p50).toFixed(1)}" height="10" fill="${COLORS[side]}"/>`,
        `<line x1="${LABEL + scale(s.p50)}" x2="${LABEL + scale(s.p99)}" y1="${y + 5}" y2="${y + 5}" stroke="${COLORS[side]}"/>`,
        `<line x1="${LABEL + scale(s.p99)}" x2="${LABEL + scale(s.p99)}" y1="${y + 1}" y2="${y + 9}" stroke="${COLORS[side]}"/>`,
        text(LABEL + scale(s.p99) + 4, y + 9, `${s.p50.toFixed(1)} / ${s.p99.toFixed(1)}`, 'font-size="9" fill="#333"'),
      );
      y += 12;
    }
    y += 8;
  }
  parts.push(axis(y, max, 'ms'));
  return { svg: parts.join(''), height: y + 26 - y0 };
}

function linePanel(title: string, points: { x: number; y: number }[], xUnit: string, yUnit: string, y0: number): { svg: string; height: number } {
  const h = 120;
  const xMax = niceMax(Math.max(...points.map((p) => p.x)));
  const yMax = niceMax(Math.max(...points.map((p) => p.y)));
  const px = (x: number) => LABEL + (x / xMax) * PLOT;
  const py = (y: number) => y0 + 22 + h - (y / yMax) * h;
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ');
  const parts = [
    text(8, y0 + 14, title, 'font-weight="bold" font-size="13"'),
    `<line x1="${LABEL}" x2="${LABEL}" y1="${y0 + 22}" y2="${y0 + 22 + h}" stroke="#444"/>`,
    text(LABEL - 6, y0 + 30, `${yMax} ${yUnit}`, 'text-anchor="end" font-size="10"'),
    text(LABEL - 6, y0 + 22 + h, '0', 'text-anchor="end" font-size="10"'),
    `<path d="${path}" fill="none" stroke="${COLORS.api}" stroke-width="2"/>`,
    axis(y0 + 22 + h, xMax, xUnit),
  ];
  return { svg: parts.join(''), height: h + 50 };
}

function barsPanel(title: string, bars: { label: string; value: number }[], unit: string, y0: number): { svg: string; height: number } {
  const max = niceMax(Math.max(...bars.map((b) => b.value)));
  let y = y0 + 22;
  const parts = [text(8, y0 + 14, title, 'font-weight="bold" font-size="13"')];
  for (const b of bars) {
    const w = Math.max(0, (b.value / max) * PLOT);
    parts.push(text(LABEL - 8, y + 9, b.label, 'text-anchor="end" font-size="11"'),
      `<rect x="${LABEL}" y="${y}" width="${w.toFixed(1)}" height="10" fill="${COLORS.api}"/>`,
      text(LABEL + w + 4, y + 9, `${b.value.toFixed(0)} ${unit}`, 'font-size="9"'));
    y += 14;
  }
  parts.push(axis(y + 2, max, unit));
  return { svg: parts.join(''), height: y + 28 - y0 };
}

export interface ChartInput {
  title: string;
  cells: Cell[];
  workerRss?: { started: number; rssMiB: number }[];
  lateness?: { label: string; value: number }[];
}

export function chart(input: ChartInput): string {
  const panels: string[] = [];
  let y = 40;
  for (const scenario of [...new Set(input.cells.map((c) => c.scenario))]) {
    const p = latencyPanel(`${scenario}: p50 bar, p99 whisker (ms); API blue, raw grey; label = API p50 overhead`, input.cells.filter((c) => c.scenario === scenario), y);
    panels.push(p.svg);
    y += p.height;
  }
  if (input.workerRss?.length) {
    const p = linePanel('worker RSS while open petitions were started', input.workerRss.map((r) => ({ x: r.started, y: r.rssMiB })), 'petitions', 'MiB', y);
    panels.push(p.svg);
    y += p.height;
  }
  const lateness = input.lateness?.filter((b) => Number.isFinite(b.value));
  if (lateness?.length) {
    const p = barsPanel('deadline handling lateness (ms after the marker)', lateness, 'ms', y);
    panels.push(p.svg);
    y += p.height;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${y + 10}" font-family="sans-serif" font-size="11">` +
    `<rect width="100%" height="100%" fill="white"/>${text(8, 22, input.title, 'font-weight="bold" font-size="15"')}${panels.join('')}</svg>\n`;
}
