// The notices inbox: the caller's internal notices (warnings, supervision, escalations, assignments).
import { z } from 'zod';

export const NoticesQuerySchema = z.object({
  status: z.enum(['all', 'unread']).default('all').meta({ description: 'unread: only notices not read yet; all (default): unread first, then the read ones' }),
  limit: z.coerce.number().int('a whole number').min(1).max(100).default(20).meta({ description: 'Page size, 1 to 100 (default 20).' }),
  cursor: z.string().max(2000).optional().meta({ description: 'Opaque: the nextCursor of the previous page (with the same status).' }),
}).strict();

export const NoticeIdParams = z.object({
  id: z.coerce.number().int('a whole number').min(1).max(Number.MAX_SAFE_INTEGER).meta({ description: 'Notice id' }),
});

export const NoticeSchema = z.object({
  id: z.number().int(),
  petitionId: z.string(),
  queryCode: z.string().nullable().meta({ description: 'The case\'s query code (查询码)' }),
  title: z.string().nullable().meta({ description: 'The case\'s title; null when the case is no longer in your scope' }),
  kind: z.string().meta({
    description: 'What happened: case_assigned, case_owned (包案), extension_requested, extension_approved, extension_refused, deadline_warning, deadline_breached, '
      + 'deadline_escalated, criticism (通报), escalated, supervision_notice (督办), supervision_answered, petition_routed, routing_objected, '
      + 'review_requested, re_review_requested, return_visit_required, …',
  }),
  recipient: z.enum(['officer', 'leader', 'supervisor', 'senior_supervisor', 'unit']).meta({
    description: 'Why you got it: officer (your case), leader (your 包案 case), supervisor / senior_supervisor (a case in your units), unit (your unit)',
  }),
  createdAt: z.string().meta({ format: 'date-time', description: 'When it was sent (ISO 8601 instant, UTC)' }),
  read: z.boolean(),
  data: z.record(z.string(), z.unknown()).meta({ description: 'Facts of the notice, e.g. clockKind, dueAt and marker of a deadline warning; days of an extension; level of an escalation; reason' }),
}).meta({ id: 'Notice' });

export const NoticePageSchema = z.object({
  items: z.array(NoticeSchema).meta({ description: 'Unread first, then newest first' }),
  unreadCount: z.number().int().min(0).meta({ description: 'All your unread notices (not only this page)' }),
  nextCursor: z.string().nullable(),
});

export const NoticeReadSchema = z.object({
  unreadCount: z.number().int().min(0).meta({ description: 'Your unread notices now' }),
});
