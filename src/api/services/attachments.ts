// Attachments: uploaded first (an id), then named in a submission or an action body (attachmentIds), and
// the API links them to the case once that succeeds. The workflow never sees them: commands reach it
// without attachmentIds, so history holds no file and no file name.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { ApiError } from '../errors';
import type { AttachmentStore } from './attachmentStore';
import { cleanFileName, detectMediaType, type AttachmentMediaType } from './attachmentTypes';

/** Attachments of these steps are the petitioner's (their own evidence, and what they were sent); the rest are internal. */
export const PETITIONER_VISIBLE_VIA = [
  'submission', 'repeat', 'accept', 'notAccept', 'reply', 'issueReviewOpinion', 'issueReReviewOpinion', 'evaluate', 'requestReview', 'requestReReview', 'withdraw',
] as const;

export const MAX_ATTACHMENTS_PER_REQUEST = 20;

/** Unlinked uploads are dropped after a day: long enough to finish a form, short enough to not collect files. */
export const UNLINKED_TTL_MS = 24 * 3600_000;

export interface AttachmentSettings { store: AttachmentStore; maxBytes: number }

export type AttachmentRow = Awaited<ReturnType<Db['attachment']['findUniqueOrThrow']>>;

const invalid = (field: string, message: string) => new ApiError(400, 'validation_failed', `${field}: ${message}`, [{ field, message }]);

/** Checks and stores an upload; the declared type must be what the bytes are. */
export async function upload(db: Db, s: AttachmentSettings, input: { bytes: Buffer; declaredType: string; fileName: string; uploadedBy: string }): Promise<AttachmentRow> {
  if (!input.bytes.length) throw invalid('(body)', 'the file is empty');
  const detected = detectMediaType(input.bytes);
  if (!detected) throw new ApiError(415, 'unsupported_media_type', 'the file is not a PDF, JPEG, PNG, TIFF, UTF-8 plain text or .docx document');
  if (detected !== input.declaredType) {
    throw new ApiError(415, 'unsupported_media_type', `the file was sent as ${input.declaredType} but its content is ${detected}`);
  }
  const fileName = cleanFileName(input.fileName);
  if (!fileName) throw invalid('X-File-Name', 'give the file\'s name (percent-encoded UTF-8)');
  const sha256 = await s.store.put(input.bytes);
  return db.attachment.create({
    data: { id: crypto.randomUUID(), sha256, size: input.bytes.length, mediaType: detected satisfies AttachmentMediaType, fileName, uploadedBy: input.uploadedBy },
  });
}

/**
 * The attachments a request names, checked before anything is done: each exists, is not linked to a case
 * yet, and was uploaded by the same caller (an anonymous upload by an anonymous caller: its id is the key).
 */
export async function checkLinkable(db: Db, ids: readonly string[] | undefined, uploadedBy: string, field = 'attachmentIds'): Promise<string[]> {
  const unique = [...new Set(ids ?? [])];
  if (!unique.length) return [];
  const rows = await db.attachment.findMany({ where: { id: { in: unique } } });
  for (const id of unique) {
    const row = rows.find((r) => r.id === id);
    if (!row || row.uploadedBy !== uploadedBy) throw invalid(field, `attachment ${id} not found (upload it first, as the same user)`);
    if (row.petitionId) throw invalid(field, `attachment ${id} is already attached to a case`);
  }
  return unique;
}

/**
 * Links checked attachments to the case, in the order the request named them (each a millisecond after the
 * one before, which is the order they are listed in); one already linked meanwhile (a retry) is left as it is.
 */
export async function link(db: Db, ids: readonly string[], petitionId: string, linkedBy: string, via: string): Promise<void> {
  const now = Date.now();
  for (const [i, id] of ids.entries()) {
    await db.attachment.updateMany({ where: { id, petitionId: null }, data: { petitionId, linkedAt: new Date(now + i), linkedBy, linkedVia: via } });
  }
}

export const isPetitionerVisible = (via: string | null): boolean => (PETITIONER_VISIBLE_VIA as readonly string[]).includes(via ?? '');

/** A case's attachments, in the order they were attached; for a petitioner only theirs to see. */
export async function attachmentsOf(db: Db, petitionId: string, petitionerView: boolean): Promise<AttachmentRow[]> {
  const rows = await db.attachment.findMany({ where: { petitionId }, orderBy: [{ linkedAt: 'asc' }, { id: 'asc' }] });
  return petitionerView ? rows.filter((r) => isPetitionerVisible(r.linkedVia)) : rows;
}

/** Drops uploads never attached to a case, and their files when no other attachment has the same content. */
export async function purgeUnlinked(db: Db, store: AttachmentStore, now = Date.now()): Promise<number> {
  const stale = await db.attachment.findMany({ where: { petitionId: null, uploadedAt: { lt: new Date(now - UNLINKED_TTL_MS) } }, take: 1000 });
  for (const row of stale) {
    await db.attachment.deleteMany({ where: { id: row.id, petitionId: null } });
    if (!(await db.attachment.count({ where: { sha256: row.sha256 } }))) await store.remove(row.sha256, new Date(now - UNLINKED_TTL_MS));
  }
  return stale.length;
}

/** Purges unlinked uploads every `everyMs` in the background; the timer never keeps the process alive. */
export function scheduleAttachmentPurge(db: Db, store: AttachmentStore, log: (msg: string) => void, everyMs = 15 * 60_000): () => void {
  const timer = setInterval(() => {
    purgeUnlinked(db, store).then(
      (n) => { if (n) log(`deleted ${n} uploads that were never attached to a case`); },
      (err: Error) => log(`attachment purge failed: ${err.message}`),
    );
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
