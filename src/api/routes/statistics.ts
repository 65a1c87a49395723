// GET /api/v1/statistics: the periodic figures (W41) for the caller's units.
import { readSqlFor } from '../../db/readConnection';
import { localDateOf } from '../../domain/calendar';
import { ApiError } from '../errors';
import { endpoint, type Endpoint } from '../http/endpoint';
import { endOf, startOf } from '../queries/dates';
import { periodStatistics } from '../queries/statistics';
import { MAX_STATISTICS_DAYS, StatisticsQuerySchema, StatisticsSchema } from '../schemas/reads';
import { CsvFormatParam } from '../schemas/exports';
import { csvDisposition, wantsCsv } from '../services/csv';
import { statisticsCsv } from '../services/exports';
import type { ReadDeps } from './list';

const DAY_MS = 86_400_000;

export function statisticsEndpoint(deps: ReadDeps): Endpoint {
  return endpoint({
    operationId: 'getStatistics',
    method: 'get',
    path: '/api/v1/statistics',
    summary: 'Read statistics for a period',
    description: `Volume by class and channel, on-time rate, satisfaction rate, missed deadlines and escalations, by unit, for a period of at most ${MAX_STATISTICS_DAYS} days `
      + '(from and to inclusive; dates are whole days in the organisation\'s time zone). Counts only the cases in your scope: a supervisor\'s units, or all for an admin. '
      + 'Read from counters kept per day and unit, so a year costs what a day does. Each figure is defined in the response schema.',
    tags: ['statistics'],
    auth: 'bearer',
    roles: ['supervisor', 'admin'],
    query: StatisticsQuerySchema.extend({ format: CsvFormatParam }),
    responses: {
      200: {
        description: 'The figures',
        schema: StatisticsSchema,
        alternatives: { 'text/csv': { description: 'format=csv or Accept: text/csv: the figures by unit with the total, satisfaction and volume by class and channel, UTF-8 with BOM' } },
      },
    },
    async handle({ query, principal, req }) {
      const timeZone = deps.policy.timeZone;
      const from = startOf(query.from, timeZone);
      const to = endOf(query.to, timeZone);
      const bad = (message: string) => new ApiError(400, 'validation_failed', `to: ${message}`, [{ field: 'to', message }]);
      if (from > to) throw bad(`to (${query.to}) is before from (${query.from})`);
      if (to.getTime() - from.getTime() >= MAX_STATISTICS_DAYS * DAY_MS) throw bad(`the period may span at most ${MAX_STATISTICS_DAYS} days`);
      // Counted in whole local days: an instant stands for its day.
      const period = { from: startOf(localDateOf(from.getTime(), timeZone), timeZone), to: endOf(localDateOf(to.getTime(), timeZone), timeZone) };
      const body = periodStatistics(readSqlFor(deps.db), principal!, { period, timeZone, unitId: query.unitId });
      if (wantsCsv(req, query.format)) {
        return { raw: statisticsCsv(body, timeZone), contentType: 'text/csv; charset=utf-8', headers: { 'Content-Disposition': csvDisposition('statistics'), 'Cache-Control': 'private, no-store' } };
      }
      return { body };
    },
  });
}
