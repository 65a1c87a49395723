// Request schemas: the one source for validation and types (and, later, the OpenAPI document).
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);

export const PetitionerSchema = z.object({
  name: text(100),
  contact: text(100),
  idNumber: z.string().trim().max(32).optional(),
  address: z.string().trim().max(300).optional(),
});

export const SubmissionSchema = z.object({
  class: z.enum(['suggestion', 'report', 'claim']),
  channel: z.enum(['online', 'letter', 'phone', 'fax', 'visit']).default('online'),
  title: text(200),
  content: text(20_000),
  petitioner: PetitionerSchema,
  unitId: text(64).default('petition-office'),
  organisationId: text(64).default('national'),
}).strict();
export type Submission = z.infer<typeof SubmissionSchema>;

export const PetitionIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a petition id');
export const IdempotencyKeySchema = z.string().min(8, 'at least 8 characters').max(200).regex(/^[\x21-\x7e]+$/, 'printable ASCII only');
