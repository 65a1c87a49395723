// Response shapes, for the OpenAPI document. (Filled out in full below the request schemas.)
import { z } from 'zod';
import { StatusSchema } from './common';

export const CaseViewSchema = z.looseObject({
  id: z.string(),
  queryCode: z.string(),
  status: StatusSchema,
  allowedActions: z.array(z.string()),
}).meta({ id: 'CaseView' });
