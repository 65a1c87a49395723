// Saved filters: a user's named query strings of the petition list.
import { z } from 'zod';
import { text } from './common';

export const MAX_SAVED_FILTERS = 100;

export const SaveFilterSchema = z.object({
  name: text(100).meta({ description: 'The filter\'s name, e.g. "逾期 overdue in my unit"; saving under an existing name replaces that filter' }),
  query: z.string().max(2000, 'at most 2000 characters').meta({
    description: 'The query string of GET /api/v1/petitions, with or without the leading "?", e.g. "status=in_handling,accepted&overdue=true&sort=nextDeadline&order=asc". '
      + 'Checked against that endpoint\'s parameters; cursor is not part of a filter. Empty: the unfiltered list.',
  }),
}).strict();

export const SavedFilterSchema = z.object({
  id: z.string(),
  name: z.string(),
  query: z.string().meta({ description: 'Without the leading "?": append to /api/v1/petitions?' }),
  createdAt: z.string().meta({ format: 'date-time', description: 'Saved first (ISO 8601 instant, UTC)' }),
  updatedAt: z.string().meta({ format: 'date-time', description: 'Saved last (ISO 8601 instant, UTC)' }),
}).meta({ id: 'SavedFilter' });

export const SavedFilterListSchema = z.object({ filters: z.array(SavedFilterSchema).meta({ description: 'By name' }) });

export const FilterIdParams = z.object({ id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a filter id').meta({ description: 'Saved filter id' }) });

export const DeletedSchema = z.object({ deleted: z.literal(true) });
