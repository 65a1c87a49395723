// Bodies shared by several console endpoints.
import { z } from 'zod';

/** A POST that needs no fields still takes a JSON object (or no body): `{}`; any field is refused. */
export const EmptyBodySchema = z.object({}).strict();
