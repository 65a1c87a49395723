// Attachments: scanned letters, photos and documents, uploaded as raw bytes and then attached to a case by
// naming their ids in a submission or an action.
import { z } from 'zod';
import { PetitionIdSchema } from './common';

export const AttachmentIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not an attachment id').meta({ description: 'Attachment id (from POST /api/v1/attachments)' });

export const AttachmentIdsSchema = z.array(AttachmentIdSchema).max(20, 'at most 20 attachments').meta({
  description: 'Files uploaded before (POST /api/v1/attachments, by the same caller) to attach to the case once this succeeds: scanned letters, evidence, the signed reply. At most 20.',
});

export const AttachmentParams = z.object({ id: AttachmentIdSchema });

export const AttachmentSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  mediaType: z.string().meta({ description: 'application/pdf, image/jpeg, image/png, image/tiff, text/plain or the .docx type, as recognised from the content' }),
  size: z.number().int().min(1).meta({ description: 'Bytes' }),
  uploadedAt: z.string().meta({ format: 'date-time', description: 'ISO 8601 instant, UTC' }),
  uploadedBy: z.string().optional().meta({ description: 'Who uploaded it (user id, or "anonymous"). Staff only.' }),
  petitionId: z.string().nullable().meta({ description: 'The case it is attached to; null until a submission or an action names it' }),
  linkedVia: z.string().nullable().meta({ description: 'How it was attached: "submission", "repeat" (a repeated submission of the same matter), or the action (e.g. "reply")' }),
  linkedAt: z.string().meta({ format: 'date-time' }).nullable().meta({ description: 'When it was attached (ISO 8601 instant, UTC)' }),
}).meta({ id: 'Attachment' });

export const AttachmentListSchema = z.object({
  petitionId: PetitionIdSchema,
  attachments: z.array(AttachmentSchema).meta({ description: 'In the order they were attached. A petitioner sees their own uploads and those of the steps they are told of (acceptance, reply, opinions), not those of internal steps.' }),
});

/** The public tracking view: how many files, and their names; never their content. */
export const PublicAttachmentsSchema = z.object({
  count: z.number().int().min(0),
  names: z.array(z.string()).meta({ description: 'The file names, in the order they were attached' }),
}).meta({ description: 'Files attached to the case that the petitioner may see, by name only (download them signed in)' });
