// POST /api/v1/attachments (upload), GET /api/v1/petitions/{id}/attachments (a case's files) and
// GET /api/v1/attachments/{id} (download, within scope only).
import type { Db } from '../../db/client';
import type { Principal } from '../../domain';
import { ApiError, notFound } from '../errors';
import { endpoint, type Endpoint } from '../http/endpoint';
import { isStaff } from '../queries/scope';
import { AttachmentListSchema, AttachmentParams, AttachmentSchema } from '../schemas/attachments';
import { PetitionIdParams } from '../schemas/common';
import { assertInScope } from '../services/caseAccess';
import { ATTACHMENT_MEDIA_TYPES, contentDisposition } from '../services/attachmentTypes';
import { attachmentsOf, isPetitionerVisible, upload, type AttachmentRow, type AttachmentSettings } from '../services/attachments';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const attachmentOut = (a: AttachmentRow, staff: boolean) => ({
  id: a.id, fileName: a.fileName, mediaType: a.mediaType, size: a.size, uploadedAt: a.uploadedAt.toISOString(),
  ...(staff ? { uploadedBy: a.uploadedBy } : {}), petitionId: a.petitionId, linkedVia: a.linkedVia, linkedAt: iso(a.linkedAt),
});

const FILE_NAME_HEADER = 'X-File-Name';

function fileNameOf(header: string | undefined): string {
  if (!header) throw new ApiError(400, 'validation_failed', `${FILE_NAME_HEADER}: required: the file's name, percent-encoded UTF-8`, [{ field: FILE_NAME_HEADER, message: 'required' }]);
  try {
    return decodeURIComponent(header);
  } catch {
    throw new ApiError(400, 'validation_failed', `${FILE_NAME_HEADER}: not valid percent-encoding`, [{ field: FILE_NAME_HEADER, message: 'not valid percent-encoding' }]);
  }
}

/** Who may download: within the case's scope (a petitioner only what they may see), or the uploader before it is attached. */
async function assertMayRead(db: Db, p: Principal, a: AttachmentRow): Promise<void> {
  if (!a.petitionId) {
    if (a.uploadedBy !== p.userId) throw notFound('attachment');
    return;
  }
  try {
    await assertInScope(db, p, a.petitionId);
  } catch (err) {
    // Outside the scope the file does not exist, as far as the caller can tell.
    if (err instanceof ApiError && err.status === 403) throw notFound('attachment');
    throw err;
  }
  if (!isStaff(p) && !isPetitionerVisible(a.linkedVia)) throw notFound('attachment');
}

export function attachmentEndpoints(deps: { db: Db; attachments: AttachmentSettings }): Endpoint[] {
  const { db } = deps;
  const megabytes = Math.round((deps.attachments.maxBytes / 1024 / 1024) * 10) / 10;
  return [
    endpoint({
      operationId: 'uploadAttachment',
      method: 'post',
      path: '/api/v1/attachments',
      summary: 'Upload a file to attach',
      description: `The file's bytes as the body, with its Content-Type and its name in the ${FILE_NAME_HEADER} header (percent-encoded UTF-8, e.g. encodeURIComponent). `
        + `PDF, JPEG, PNG, TIFF, UTF-8 plain text or .docx, at most ${megabytes} MB; the type is recognised from the content and must match the Content-Type (else 415). `
        + 'Answers its id: name it in attachmentIds of a submission or of an action, and it is attached to that case when the request succeeds. '
        + 'Anonymous online petitioners may upload too (rate limited per address). An upload not attached within a day is deleted.',
      tags: ['attachments'],
      auth: 'optional',
      roles: ['petitioner', 'intake_officer', 'case_officer', 'supervisor'],
      rawBody: { mediaTypes: ATTACHMENT_MEDIA_TYPES, maxBytes: deps.attachments.maxBytes, description: `The file itself (at most ${megabytes} MB), its name in ${FILE_NAME_HEADER}` },
      idempotent: true,
      responses: { 201: { description: 'Stored; not attached to a case yet', schema: AttachmentSchema } },
      async handle({ body, principal, req }) {
        const row = await upload(db, deps.attachments, {
          bytes: body as Buffer,
          declaredType: (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase(),
          fileName: fileNameOf(req.header(FILE_NAME_HEADER)),
          uploadedBy: principal?.userId ?? 'anonymous',
        });
        return { status: 201, headers: { Location: `/api/v1/attachments/${row.id}` }, body: attachmentOut(row, true) };
      },
    }),
    endpoint({
      operationId: 'listPetitionAttachments',
      method: 'get',
      path: '/api/v1/petitions/{id}/attachments',
      summary: 'List a case\'s attachments',
      description: 'For staff whose scope holds the case, and for the case\'s own petitioner (their uploads and those of the steps they are told of).',
      tags: ['attachments'],
      auth: 'bearer',
      roles: ['petitioner', 'intake_officer', 'case_officer', 'supervisor', 'admin'],
      params: PetitionIdParams,
      errors: [404],
      responses: { 200: { description: 'The attachments', schema: AttachmentListSchema } },
      async handle({ params, principal }) {
        await assertInScope(db, principal!, params.id);
        const staff = isStaff(principal!);
        return { body: { petitionId: params.id, attachments: (await attachmentsOf(db, params.id, !staff)).map((a) => attachmentOut(a, staff)) } };
      },
    }),
    endpoint({
      operationId: 'downloadAttachment',
      method: 'get',
      path: '/api/v1/attachments/{id}',
      summary: 'Download an attachment',
      description: 'The file, as a download (Content-Disposition: attachment, X-Content-Type-Options: nosniff), in its own type. Only within the case\'s scope '
        + '(a petitioner: the files of their own case they may see); before it is attached, only its uploader. Anything else is 404.',
      tags: ['attachments'],
      auth: 'bearer',
      roles: ['petitioner', 'intake_officer', 'case_officer', 'supervisor', 'admin'],
      params: AttachmentParams,
      errors: [404],
      responses: {
        200: {
          description: 'The file',
          jsonless: true,
          alternatives: Object.fromEntries(ATTACHMENT_MEDIA_TYPES.map((t) => [t, { binary: true }])),
        },
      },
      async handle({ params, principal }) {
        const a = await db.attachment.findUnique({ where: { id: params.id } });
        if (!a) throw notFound('attachment');
        await assertMayRead(db, principal!, a);
        const stream = deps.attachments.store.read(a.sha256);
        // Opened before the answer starts, so a missing file is an error answer, not a cut download.
        await new Promise<void>((resolve, reject) => stream.once('readable', resolve).once('error', reject));
        return {
          stream,
          contentType: a.mediaType,
          headers: {
            'Content-Disposition': contentDisposition(a.fileName),
            'Content-Length': String(a.size),
            'X-Content-Type-Options': 'nosniff',
            'Cache-Control': 'private, no-store',
          },
        };
      },
    }),
  ];
}
