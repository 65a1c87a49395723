import { z } from 'zod';

/** The one error shape: every failure, from a bad field to an unknown route. */
export const ErrorSchema = z.object({
  error: z.object({
    code: z.string().meta({ description: 'Stable machine-readable code, e.g. validation_failed, action_not_allowed' }),
    message: z.string(),
    details: z.unknown().meta({ description: 'validation_failed: [{field, message}]; action_not_allowed: {status, allowedActions}; otherwise null' }),
  }),
}).meta({ id: 'Error' });
