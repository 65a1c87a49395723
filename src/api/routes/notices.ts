// GET /api/v1/notices and the read marks: the caller's internal notices from the outbox, unread first.
import type { Db } from '../../db/client';
import { notFound } from '../errors';
import { endpoint, type Endpoint } from '../http/endpoint';
import { EmptyBodySchema } from '../schemas/bodies';
import { NoticeIdParams, NoticePageSchema, NoticeReadSchema, NoticesQuerySchema } from '../schemas/notices';
import { markAllRead, markRead, noticePage, unreadCount } from '../services/notices';

const STAFF = ['intake_officer', 'case_officer', 'supervisor', 'admin'] as const;

export function noticeEndpoints(deps: { db: Db }): Endpoint[] {
  return [
    endpoint({
      operationId: 'listNotices',
      method: 'get',
      path: '/api/v1/notices',
      summary: 'List your notices',
      description: 'Your internal notices from the outbox: assignments, deadline warnings and breaches, escalations, supervision notices and answers, routings, '
        + 'extension requests and decisions. Unread first, then newest first; keyset pages (nextCursor). A case officer gets those of their cases, a 包案 leader '
        + 'those of the cases they own, a supervisor those of the cases in their units, and everyone those sent to their unit. Petitioners are told by SMS or letter, not here.',
      tags: ['notices'],
      auth: 'bearer',
      roles: STAFF,
      query: NoticesQuerySchema,
      responses: { 200: { description: 'One page of notices, and the unread count', schema: NoticePageSchema } },
      async handle({ query, principal }) {
        return { headers: { 'Cache-Control': 'no-store' }, body: await noticePage(deps.db, principal!, { unreadOnly: query.status === 'unread', limit: query.limit, cursor: query.cursor }) };
      },
    }),
    endpoint({
      operationId: 'markNoticeRead',
      method: 'post',
      path: '/api/v1/notices/{id}/read',
      summary: 'Mark a notice read',
      description: 'Marks one of your notices read (again: no change). A notice that is not yours is 404.',
      tags: ['notices'],
      auth: 'bearer',
      roles: STAFF,
      params: NoticeIdParams,
      body: EmptyBodySchema,
      errors: [404],
      responses: { 200: { description: 'Read; your unread count now', schema: NoticeReadSchema } },
      async handle({ params, principal }) {
        if (!(await markRead(deps.db, principal!, params.id))) throw notFound('notice');
        return { body: { unreadCount: await unreadCount(deps.db, principal!) } };
      },
    }),
    endpoint({
      operationId: 'markAllNoticesRead',
      method: 'post',
      path: '/api/v1/notices/read-all',
      summary: 'Mark all your notices read',
      description: 'Every notice you have now counts as read; those that arrive later are unread.',
      tags: ['notices'],
      auth: 'bearer',
      roles: STAFF,
      body: EmptyBodySchema,
      responses: { 200: { description: 'All read', schema: NoticeReadSchema } },
      async handle({ principal }) {
        await markAllRead(deps.db, principal!);
        return { body: { unreadCount: await unreadCount(deps.db, principal!) } };
      },
    }),
  ];
}
