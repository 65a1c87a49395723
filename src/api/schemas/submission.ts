// Registration of a petition: online by the petitioner, or by an intake officer for letters, visits and calls.
import { z } from 'zod';
import { AttachmentIdsSchema } from './attachments';
import { ChannelSchema, Id, optionalText, PetitionClassSchema, text } from './common';

export const PetitionerSchema = z.object({
  name: text(100),
  contact: text(100).meta({ description: 'Phone number or postal address for notices' }),
  idNumber: optionalText(32),
  address: optionalText(300),
}).strict();

export const SubmissionSchema = z.object({
  anonymous: z.boolean().default(false).meta({ description: '匿名: a suggestion or report without name or contact. It is followed with the query code only, and closes when answered (no evaluation, no appeal).' }),
  class: PetitionClassSchema,
  channel: ChannelSchema.default('online').meta({ description: 'online for petitioners; an intake officer registers letter, phone, fax and visit' }),
  title: text(200),
  content: text(20_000).meta({ description: 'The request, the facts and the reasons' }),
  petitioner: PetitionerSchema.optional().meta({ description: 'Required unless anonymous; must be absent when anonymous' }),
  unitId: Id.optional().meta({ description: 'The receiving unit; defaults to the petition office (or the intake officer\'s unit)' }),
  organisationId: Id.default('national').meta({ description: 'Whose time limits apply (policy/default.json)' }),
  identityChecked: z.boolean().optional().meta({
    description: 'Intake officers only: true when you checked the petitioner\'s identity (ID card at a visit, a signed letter matching the register). '
      + 'Only then is a repeat of an open matter linked to that case at once; without it the new case is opened and flagged as a likely repeat (likelyRepeatOf) for an officer to link.',
  }),
  attachmentIds: AttachmentIdsSchema.optional(),
}).strict().superRefine((s, ctx) => {
  if (s.anonymous && s.class === 'claim') {
    ctx.addIssue({ code: 'custom', path: ['anonymous'], message: 'a claim (申诉求决) needs a petitioner; only suggestions and reports may be anonymous' });
  }
  if (s.anonymous && s.petitioner) ctx.addIssue({ code: 'custom', path: ['petitioner'], message: 'an anonymous petition carries no petitioner' });
  if (!s.anonymous && !s.petitioner) ctx.addIssue({ code: 'custom', path: ['petitioner'], message: 'required (or set anonymous for a suggestion or report)' });
});
export type Submission = z.infer<typeof SubmissionSchema>;
