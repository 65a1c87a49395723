// Printable documents of a case: the notices and opinions the petitioner is sent, as HTML or PDF.
import { z } from 'zod';
import { PetitionIdSchema } from './common';
import { PRINTABLE_KINDS } from '../services/documents/model';

export const DocumentParams = z.object({
  id: PetitionIdSchema,
  kind: z.enum(PRINTABLE_KINDS).meta({
    description: 'acceptance 受理告知书 · non_acceptance 不予受理告知书 · reply 处理意见书 · review_opinion 复查意见书 · re_review_opinion 复核意见书',
  }),
});

export const DocumentQuerySchema = z.object({
  format: z.enum(['html', 'pdf']).optional().meta({ description: 'html (default: a page ready to print on A4) or pdf; Accept: application/pdf also asks for the PDF' }),
}).strict();
