// Progress on stderr: a redrawn bar on a terminal, a plain line every 10 % otherwise (CI logs, pipes).
const WIDTH = 28;

export class Progress {
  private done = 0;
  private lastDecile = -1;
  private lastDraw = 0;
  private readonly started = Date.now();
  private readonly tty = !!process.stderr.isTTY;

  constructor(private readonly label: string, private readonly total: number) {
    this.draw(true);
  }

  tick(n = 1): void {
    this.done = Math.min(this.total, this.done + n);
    this.draw(false);
  }

  finish(note = ''): void {
    this.done = this.total;
    const secs = ((Date.now() - this.started) / 1000).toFixed(1);
    if (this.tty) process.stderr.write(`\r\x1b[2K${this.bar()} ${this.label} done in ${secs} s${note ? ` (${note})` : ''}\n`);
    else process.stderr.write(`[bench] ${this.label}: done in ${secs} s${note ? ` (${note})` : ''}\n`);
  }

  private bar(): string {
    const frac = this.total ? this.done / this.total : 1;
    const full = Math.round(frac * WIDTH);
    return `[${'#'.repeat(full)}${'-'.repeat(WIDTH - full)}] ${String(Math.floor(frac * 100)).padStart(3)}%`;
  }

  private draw(first: boolean): void {
    if (this.tty) {
      const now = Date.now();
      if (!first && now - this.lastDraw < 100 && this.done < this.total) return;
      this.lastDraw = now;
      const elapsed = (now - this.started) / 1000;
      const eta = this.done > 0 && this.done < this.total ? ` eta ${Math.ceil((elapsed / this.done) * (this.total - this.done))} s` : '';
      process.stderr.write(`\r\x1b[2K${this.bar()} ${this.label} ${this.done}/${this.total}${eta}`);
      return;
    }
    const decile = this.total ? Math.floor((this.done / this.total) * 10) : 10;
    if (decile !== this.lastDecile && decile < 10) {
      this.lastDecile = decile;
      process.stderr.write(`[bench] ${this.label}: ${this.done}/${this.total}\n`);
    }
  }
}

/** A one-line status message that does not break a bar in progress. */
export function say(msg: string): void {
  process.stderr.write(process.stderr.isTTY ? `\r\x1b[2K${msg}\n` : `[bench] ${msg}\n`);
}
