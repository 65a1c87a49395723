// GET /api/v1/admin/access-log: who searched for which person, when, and what they were shown.
import { readSqlFor } from '../../db/readConnection';
import { endpoint, type Endpoint } from '../http/endpoint';
import { accessLogPage } from '../queries/accessLog';
import { rangeOf } from '../queries/dates';
import { AccessLogPageSchema, AccessLogQuerySchema } from '../schemas/reads';
import type { ReadDeps } from './list';

export function accessLogEndpoint(deps: ReadDeps): Endpoint {
  return endpoint({
    operationId: 'listAccessLog',
    method: 'get',
    path: '/api/v1/admin/access-log',
    summary: 'Read the access log',
    description: 'Every staff search for a petitioner by name, contact or ID number (GET /api/v1/petitions?petitioner=...): who made it, when, '
      + 'the query, and the cases the answer showed. Newest first, paged with nextCursor. Admins only.',
    tags: ['admin'],
    auth: 'bearer',
    roles: ['admin'],
    query: AccessLogQuerySchema,
    responses: { 200: { description: 'One page of the log', schema: AccessLogPageSchema } },
    async handle({ query }) {
      const at = rangeOf(['from', 'to'], [query.from, query.to], deps.policy.timeZone);
      return { body: accessLogPage(readSqlFor(deps.db), { userId: query.userId, at, limit: query.limit, cursor: query.cursor }) };
    },
  });
}
