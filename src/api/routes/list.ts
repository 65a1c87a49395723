// GET /api/v1/petitions: the petitions the caller may see, filtered, sorted and paged from the projection.
import type { Db } from '../../db/client';
import { readSqlFor } from '../../db/readConnection';
import { recordAccess } from '../queries/accessLog';
import type { PolicyDocument } from '../../domain';
import { ApiError } from '../errors';
import { endpoint, type Endpoint } from '../http/endpoint';
import { rangeOf } from '../queries/dates';
import type { PetitionFilters } from '../queries/filters';
import { listPetitions } from '../queries/listPetitions';
import type { ClockReading } from '../queries/nextClock';
import { isStaff } from '../queries/scope';
import { ListQuerySchema, PetitionPageSchema, type ListQuery } from '../schemas/reads';
import { CsvFormatParam } from '../schemas/exports';
import { unitNames } from '../services/caseForCaller';
import { csvDisposition, wantsCsv } from '../services/csv';
import { petitionsCsv } from '../services/exports';

export interface ReadDeps { db: Db; policy: PolicyDocument }

/** Lists and the board also count each row's days left today (services/clockReading). */
export interface ListDeps extends ReadDeps { clockReading: () => Promise<ClockReading> }

/** Rows read per query while exporting. */
const EXPORT_PAGE = 500;

/** Filters on how a case is handled internally, and searching for a person; a petitioner may not use them. */
const STAFF_ONLY = ['officerId', 'escalationLevel', 'minEscalationLevel', 'likelyRepeat', 'petitioner'] as const;

function filtersOf(q: ListQuery, userId: string, timeZone: string): PetitionFilters {
  return {
    status: q.status,
    class: q.class,
    channel: q.channel,
    unitId: q.unitId,
    officerId: q.officerId?.map((id) => (id === 'me' ? userId : id)),
    overdue: q.overdue,
    escalationLevel: q.escalationLevel,
    minEscalationLevel: q.minEscalationLevel,
    likelyRepeat: q.likelyRepeat,
    received: rangeOf(['receivedFrom', 'receivedTo'], [q.receivedFrom, q.receivedTo], timeZone),
    due: rangeOf(['dueFrom', 'dueTo'], [q.dueFrom, q.dueTo], timeZone),
    closed: rangeOf(['closedFrom', 'closedTo'], [q.closedFrom, q.closedTo], timeZone),
    q: q.q,
    petitioner: q.petitioner,
  };
}

export function listEndpoint(deps: ListDeps): Endpoint {
  return endpoint({
    operationId: 'listPetitions',
    method: 'get',
    path: '/api/v1/petitions',
    summary: 'List petitions',
    description: 'The petitions you may see (an admin all; officers and supervisors those of their units; a petitioner their own), '
      + 'newest first unless sorted otherwise. Read from the database projection: a case officer\'s or petitioner\'s action shows here as soon as it returns; '
      + 'a supervisor\'s signal within a second. Filters combine with AND; a comma list matches any of its values. '
      + 'Page with nextCursor (keyset: stable while cases are added; any page is one index seek). Petitioners get no officer, escalation or supervision fields and may not filter or sort on them, '
      + 'nor search by petitioner (403). A search by petitioner is recorded in the access log.',
    tags: ['lists'],
    auth: 'bearer',
    roles: ['petitioner', 'intake_officer', 'case_officer', 'supervisor', 'admin'],
    query: ListQuerySchema.extend({ format: CsvFormatParam }),
    responses: {
      200: {
        description: 'One page of petitions; or, as CSV, every page of them',
        schema: PetitionPageSchema,
        alternatives: { 'text/csv': { description: 'format=csv or Accept: text/csv: every matching case (all pages, same filters, sort and scope), UTF-8 with BOM' } },
      },
    },
    async handle({ query, principal, req }) {
      const p = principal!;
      if (!isStaff(p)) {
        const used = STAFF_ONLY.filter((f) => query[f] !== undefined);
        if (used.length || query.sort === 'escalationLevel') {
          throw new ApiError(403, 'forbidden', `a petitioner may not filter or sort by ${[...used, ...(query.sort === 'escalationLevel' ? ['escalationLevel'] : [])].join(', ')}`);
        }
      }
      const filters = filtersOf(query, p.userId, deps.policy.timeZone);
      const rs = readSqlFor(deps.db);
      const clocks = await deps.clockReading();
      if (wantsCsv(req, query.format)) {
        // Every page, from the first (limit and cursor are for paging the JSON answer), each one keyset page of
        // the list table with the same filters, sort and scope as the JSON answer.
        const names = await unitNames(deps.db);
        const stream = petitionsCsv(
          { timeZone: deps.policy.timeZone, unitName: (id) => (id ? names[id] ?? id : ''), staff: isStaff(p) },
          async (cursor) => {
            const page = listPetitions(rs, p, { filters, sort: query.sort, order: query.order, limit: EXPORT_PAGE, cursor, clocks });
            // A search by petitioner exported: each page recorded in the access log before it is sent.
            if (filters.petitioner !== undefined) await recordAccess(deps.db, p, 'petitioner_search', query, page.items.map((i) => i.id));
            return page;
          },
        );
        return { stream, contentType: 'text/csv; charset=utf-8', headers: { 'Content-Disposition': csvDisposition('petitions'), 'Cache-Control': 'private, no-store' } };
      }
      const page = listPetitions(rs, p, {
        filters,
        sort: query.sort,
        order: query.order,
        limit: query.limit,
        cursor: query.cursor,
        includeTotal: query.includeTotal,
        clocks,
      });
      // Looking a person up is personal-data access: recorded before the answer leaves.
      if (filters.petitioner !== undefined) await recordAccess(deps.db, p, 'petitioner_search', query, page.items.map((i) => i.id));
      return { body: page };
    },
  });
}
