// PDF documents: drawn on a worker thread (./pdfWorker.cjs) with a CJK font from the machine. The font is
// Noto Serif CJK (Debian's fonts-noto-cjk, which scripts/setup.mjs installs when it is missing), or
// whatever PDF_FONT_FILE names; without one, PDFs are unavailable (503) and the HTML page still works.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PrintDocument } from './model';

export interface PdfFont { regular: { file: string; name: string }; bold: { file: string; name: string } }

/** Where Debian, Ubuntu and Fedora put Noto CJK (the .ttc holds every CJK language; SC is Simplified Chinese). */
const CANDIDATES: PdfFont[] = ['/usr/share/fonts/opentype/noto', '/usr/share/fonts/noto-cjk', '/usr/share/fonts/google-noto-cjk'].flatMap((dir) => [
  { regular: { file: path.join(dir, 'NotoSerifCJK-Regular.ttc'), name: 'NotoSerifCJKsc-Regular' }, bold: { file: path.join(dir, 'NotoSerifCJK-Bold.ttc'), name: 'NotoSerifCJKsc-Bold' } },
  { regular: { file: path.join(dir, 'NotoSansCJK-Regular.ttc'), name: 'NotoSansCJKsc-Regular' }, bold: { file: path.join(dir, 'NotoSansCJK-Bold.ttc'), name: 'NotoSansCJKsc-Bold' } },
]);

/**
 * The font for PDFs: a configured file (a .ttf/.otf, or a .ttc with the face's PostScript name after a '#',
 * e.g. /fonts/simsun.ttc#SimSun), else the first Noto CJK found. Undefined when there is none.
 */
export function findPdfFont(configured?: string): PdfFont | undefined {
  if (configured) {
    const [file, name] = configured.split('#') as [string, string | undefined];
    if (!fs.existsSync(file)) return undefined;
    const face = { file, name: name ?? '' };
    return { regular: face, bold: face };
  }
  const found = CANDIDATES.find((f) => fs.existsSync(f.regular.file));
  if (!found) return undefined;
  return fs.existsSync(found.bold.file) ? found : { regular: found.regular, bold: found.regular };
}

export class PdfUnavailableError extends Error {}

/** One worker thread, started on first use, taking one document at a time; restarted if it dies. */
export function pdfRenderer(font: PdfFont | undefined) {
  let worker: Worker | undefined;
  let nextId = 0;
  const waiting = new Map<number, { resolve(pdf: Buffer): void; reject(err: Error): void }>();
  const start = () => {
    const w = new Worker(path.join(__dirname, 'pdfWorker.cjs'));
    w.on('message', (m: { id: number; pdf?: Uint8Array; error?: string }) => {
      const job = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.pdf) job?.resolve(Buffer.from(m.pdf));
      else job?.reject(new Error(`PDF rendering failed: ${m.error}`));
      if (!waiting.size) w.unref();
    });
    const fail = (err: Error) => {
      for (const job of waiting.values()) job.reject(err);
      waiting.clear();
      worker = undefined;
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`the PDF worker stopped (exit code ${code})`)));
    return w;
  };
  return {
    available: font !== undefined,
    render(doc: PrintDocument): Promise<Buffer> {
      if (!font) return Promise.reject(new PdfUnavailableError('no CJK font on this machine: install fonts-noto-cjk or set PDF_FONT_FILE'));
      worker ??= start();
      const id = nextId++;
      const w = worker;
      // Kept alive while it has work, not while it waits for some (an idle thread never holds the process open).
      w.ref();
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        w.postMessage({ id, doc, font });
      });
    },
    async close(): Promise<void> {
      await worker?.terminate();
      worker = undefined;
    },
  };
}

export type PdfRenderer = ReturnType<typeof pdfRenderer>;
