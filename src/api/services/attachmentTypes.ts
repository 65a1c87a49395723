// Which files may be attached (scanned letters, photos, documents), recognised by their first bytes, not by
// what the client says: a declared type must match the content, so an HTML page cannot be stored as a "PDF".

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const ATTACHMENT_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/tiff', 'text/plain', DOCX] as const;
export type AttachmentMediaType = (typeof ATTACHMENT_MEDIA_TYPES)[number];

const startsWith = (b: Buffer, ...bytes: number[]) => bytes.every((x, i) => b[i] === x);
const hasAscii = (b: Buffer, text: string) => b.includes(Buffer.from(text, 'latin1'));

/** Plain text: UTF-8 (a BOM allowed), no NUL and no other control characters but tab, line ends and form feed. */
function isPlainText(b: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return false;
  }
  return !/[\u0000-\u0008\u000B\u000E-\u001F\u007F]/.test(text);
}

const SNIFF: Record<AttachmentMediaType, (b: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/jpeg': (b) => startsWith(b, 0xff, 0xd8, 0xff),
  'image/png': (b) => startsWith(b, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
  'image/tiff': (b) => startsWith(b, 0x49, 0x49, 0x2a, 0x00) || startsWith(b, 0x4d, 0x4d, 0x00, 0x2a),
  // A .docx is a ZIP whose entries name the Word document part (names are stored uncompressed).
  [DOCX]: (b) => startsWith(b, 0x50, 0x4b, 0x03, 0x04) && hasAscii(b, '[Content_Types].xml') && hasAscii(b, 'word/document.xml'),
  'text/plain': isPlainText,
};

/** What the bytes are, among the allowed types; undefined when none. */
export function detectMediaType(bytes: Buffer): AttachmentMediaType | undefined {
  if (!bytes.length) return undefined;
  // Binary signatures first: a PDF is not "text" even when its first kilobytes happen to be ASCII.
  return ATTACHMENT_MEDIA_TYPES.filter((t) => t !== 'text/plain').find((t) => SNIFF[t](bytes)) ?? (SNIFF['text/plain'](bytes) ? 'text/plain' : undefined);
}

/** A display name as stored: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  return base.replace(/[\u0000-\u001F\u007F]/g, '').trim().slice(0, 200);
}

/** Content-Disposition for a download: an ASCII fallback and the UTF-8 name (RFC 6266 / 8187). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'attachment';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
