// Internal notes on a case: staff only, never shown to the petitioner or in the public view.
import { z } from 'zod';
import { text } from './common';

export const AddNoteSchema = z.object({
  text: text(5000).meta({ description: 'The note (internal: never shown to the petitioner)' }),
}).strict();

export const CaseNoteSchema = z.object({
  id: z.string(),
  petitionId: z.string(),
  authorId: z.string().meta({ description: 'Who wrote it (user id)' }),
  authorName: z.string().nullable().meta({ description: 'Their name (null if the user no longer exists)' }),
  text: z.string(),
  createdAt: z.string().meta({ format: 'date-time', description: 'When it was written (ISO 8601 instant, UTC)' }),
}).meta({ id: 'CaseNote' });

export const CaseNoteListSchema = z.object({
  petitionId: z.string(),
  notes: z.array(CaseNoteSchema).meta({ description: 'Oldest first' }),
});
