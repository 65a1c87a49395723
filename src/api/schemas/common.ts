// Building blocks shared by the request schemas. Each carries its description into the OpenAPI document.
import { z } from 'zod';

/** An unpaired UTF-16 surrogate is not Unicode text: no database or SMS gateway can store or send it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (s: string) => !LONE_SURROGATE.test(s);
const NOT_UNICODE = 'contains an unpaired surrogate: not valid Unicode text';

export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`).refine(wellFormed, NOT_UNICODE);
export const optionalText = (max: number) => z.string().trim().max(max, `at most ${max} characters`).refine(wellFormed, NOT_UNICODE).optional();

/** Ids of units, users and petitions: letters, digits, dash, underscore, dot. */
export const Id = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, ".", "_" or "-", at most 64');

export const PetitionIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'not a petition id').meta({ description: 'Petition id' });
export const PetitionIdParams = z.object({ id: PetitionIdSchema });

export const IdempotencyKeySchema = z.string().min(8, 'at least 8 characters').max(200, 'at most 200 characters')
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII only');

export const PetitionClassSchema = z.enum(['suggestion', 'report', 'claim']).meta({ description: '建议意见类 suggestion · 检举控告类 report · 申诉求决类 claim' });
export const ChannelSchema = z.enum(['online', 'letter', 'phone', 'fax', 'visit']);
export const StatusSchema = z.enum([
  'registered', 'routed', 'accepted', 'in_handling', 'awaiting_delivery', 'awaiting_evaluation', 'return_visit_required',
  'appeal_window', 'in_review', 'in_re_review', 'closed',
]);
export const RatingSchema = z.enum(['satisfied', 'basically_satisfied', 'dissatisfied']).meta({ description: '满意 · 基本满意 · 不满意' });

/** How a petitioner's act reached an intake officer who records it for them. */
export const ActSourceSchema = z.object({
  channel: z.enum(['letter', 'phone', 'visit', 'fax']).meta({ description: 'How it reached the office' }),
  receivedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').meta({ format: 'date', description: 'The day it was received (local date)' }),
}).strict().meta({ id: 'ActSource', description: 'Required when an intake officer records a rating, review request or withdrawal that a petitioner without an online account sent by letter, phone, visit or fax' });
