// Registration of a petition: online by the petitioner, or by an intake officer for letters, visits and calls.
import { z } from 'zod';
import { ChannelSchema, Id, optionalText, PetitionClassSchema, text } from './common';

export const PetitionerSchema = z.object({
  name: text(100),
  contact: text(100).meta({ description: 'Phone number or postal address for notices' }),
  idNumber: optionalText(32),
  address: optionalText(300),
}).strict();

export const SubmissionSchema = z.object({
  class: PetitionClassSchema,
  channel: ChannelSchema.default('online').meta({ description: 'online for petitioners; an intake officer registers letter, phone, fax and visit' }),
  title: text(200),
  content: text(20_000).meta({ description: 'The request, the facts and the reasons' }),
  petitioner: PetitionerSchema,
  unitId: Id.optional().meta({ description: 'The receiving unit; defaults to the petition office (or the intake officer\'s unit)' }),
  organisationId: Id.default('national').meta({ description: 'Whose time limits apply (policy/default.json)' }),
}).strict();
export type Submission = z.infer<typeof SubmissionSchema>;
