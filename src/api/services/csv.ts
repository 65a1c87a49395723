// CSV for spreadsheets: UTF-8 with a byte-order mark (Excel then reads Chinese correctly), CRLF line ends,
// every cell quoted (RFC 4180), and cells a spreadsheet would run as a formula made inert: a cell that
// begins with =, +, -, @, a tab or a carriage return gets a leading apostrophe (OWASP "CSV injection").
import type { Request } from 'express';

export const BOM = '\uFEFF';

export type Cell = string | number | boolean | null | undefined;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '""';
  let text = typeof value === 'boolean' ? (value ? '是' : '否') : String(value);
  // Numbers the API writes itself are safe as they are; any text could be a formula.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export const csvLine = (cells: readonly Cell[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/** format=csv, or (with no format) an Accept header that prefers text/csv to JSON. */
export function wantsCsv(req: Request, format: string | undefined): boolean {
  if (format !== undefined) return format === 'csv';
  return req.accepts(['application/json', 'text/csv']) === 'text/csv' && !!req.header('accept')?.includes('text/csv');
}

/** A download name: what, and the day, e.g. petitions-2026-11-28.csv. */
export function csvDisposition(what: string, now = new Date()): string {
  return `attachment; filename="${what}-${now.toISOString().slice(0, 10)}.csv"`;
}
