// Getting a lost query code (查询码) again, sent to the contact on file.
import { z } from 'zod';
import { optionalText, text } from './common';

export const ResendQueryCodeSchema = z.object({
  contact: text(100).meta({ description: 'The phone number or address given when the petition was filed' }),
  title: optionalText(200).meta({ description: 'The petition\'s title as filed (spaces and letter case do not matter)' }),
  idNumber: optionalText(32).meta({ description: 'Or the ID number given when it was filed' }),
}).strict().superRefine((b, ctx) => {
  if (!b.title && !b.idNumber) ctx.addIssue({ code: 'custom', path: ['title'], message: 'give the title or the ID number as well as the contact' });
});

export const ResendAnswerSchema = z.object({
  message: z.string().meta({ description: 'The same text whether or not a petition matched: the code is never shown here' }),
});
