// GET /api/v1/board: the supervision board (督办台), most urgent first.
import { readSqlFor } from '../../db/readConnection';
import { endpoint, type Endpoint } from '../http/endpoint';
import { supervisionBoard } from '../queries/board';
import { BoardQuerySchema, BoardSchema } from '../schemas/reads';
import type { ReadDeps } from './list';

export function boardEndpoint(deps: ReadDeps): Endpoint {
  return endpoint({
    operationId: 'getSupervisionBoard',
    method: 'get',
    path: '/api/v1/board',
    summary: 'Read the supervision board',
    description: 'Cases in your scope that are open and overdue or escalated (level > 0), or that have an unanswered supervision notice (even after the case closed), most urgent first: '
      + 'overdue cases first, the longest overdue first (earliest next deadline), ties by higher escalation level; then the rest by escalation level '
      + '(highest first), then the nearest next deadline; finally by id. '
      + 'Supervisors and intake officers see their unit and the units below it, an admin all, and a case officer their own unit: '
      + 'what they must answer first. Paged like the list (nextCursor).',
    tags: ['board'],
    auth: 'bearer',
    roles: ['supervisor', 'admin', 'intake_officer', 'case_officer'],
    query: BoardQuerySchema,
    responses: { 200: { description: 'The board', schema: BoardSchema } },
    async handle({ query, principal }) {
      const board = supervisionBoard(readSqlFor(deps.db), principal!, {
        filters: { unitId: query.unitId, class: query.class },
        limit: query.limit,
        cursor: query.cursor,
      });
      return { body: board };
    },
  });
}
