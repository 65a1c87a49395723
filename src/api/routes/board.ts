// GET /api/v1/board: the supervision board (督办台), most urgent first.
import { readSqlFor } from '../../db/readConnection';
import { endpoint, type Endpoint } from '../http/endpoint';
import { supervisionBoard } from '../queries/board';
import { BoardQuerySchema, BoardSchema } from '../schemas/reads';
import { CsvFormatParam } from '../schemas/exports';
import { unitNames } from '../services/caseForCaller';
import { csvDisposition, wantsCsv } from '../services/csv';
import { boardCsv } from '../services/exports';
import type { ListDeps } from './list';

export function boardEndpoint(deps: ListDeps): Endpoint {
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
    query: BoardQuerySchema.extend({ format: CsvFormatParam }),
    responses: {
      200: {
        description: 'The board; or, as CSV, every case on it',
        schema: BoardSchema,
        alternatives: { 'text/csv': { description: 'format=csv or Accept: text/csv: every case on the board (all pages, same filters and scope), UTF-8 with BOM' } },
      },
    },
    async handle({ query, principal, req }) {
      const clocks = await deps.clockReading();
      if (wantsCsv(req, query.format)) {
        const names = await unitNames(deps.db);
        const stream = boardCsv(
          { timeZone: deps.policy.timeZone, unitName: (id) => (id ? names[id] ?? id : ''), staff: true },
          async (cursor) => supervisionBoard(readSqlFor(deps.db), principal!, { filters: { unitId: query.unitId, class: query.class }, limit: 100, cursor, clocks }),
        );
        return { stream, contentType: 'text/csv; charset=utf-8', headers: { 'Content-Disposition': csvDisposition('board'), 'Cache-Control': 'private, no-store' } };
      }
      const board = supervisionBoard(readSqlFor(deps.db), principal!, {
        filters: { unitId: query.unitId, class: query.class },
        limit: query.limit,
        cursor: query.cursor,
        clocks,
      });
      return { body: board };
    },
  });
}
