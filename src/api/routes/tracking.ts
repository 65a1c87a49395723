// GET /api/v1/tracking/{queryCode}: public tracking (可查询、可跟踪). The query code is the secret: an
// unknown code is a plain 404 and the answer carries only the public view (src/domain/publicView.ts).
import type { CaseView } from '../../domain';
import { publicView } from '../../domain/publicView';
import { notFound } from '../errors';
import { endpoint, type Endpoint } from '../http/endpoint';
import { PublicCaseSchema, TrackingParams } from '../schemas/reads';
import type { ReadDeps } from './list';
import { readSqlFor } from '../../db/readConnection';
import { sql } from '../queries/sql';

export function trackingEndpoint(deps: ReadDeps): Endpoint {
  return endpoint({
    operationId: 'trackPetition',
    method: 'get',
    path: '/api/v1/tracking/{queryCode}',
    summary: 'Track a petition by its query code',
    description: 'No account needed: the query code (查询码) given at registration is the key. Shows every step with its date and each document issued '
      + '(registration, transfers, acceptance or non-acceptance, extension, written reply, review and re-review opinions, closing) with its content, '
      + 'and the running time limits. Nothing internal. Rate limited per address; an unknown code is 404.',
    tags: ['tracking'],
    auth: 'public',
    params: TrackingParams,
    errors: [404],
    responses: { 200: { description: 'The public view of the case', schema: PublicCaseSchema } },
    async handle({ params }) {
      const code = params.queryCode.trim().toUpperCase();
      const rs = readSqlFor(deps.db);
      // Two primary-key lookups (the query code's unique index, then the snapshot), in one read transaction.
      const { row, units } = rs.snapshot(() => ({
        row: rs.get<{ snapshot: string }>(sql`SELECT s."snapshot" FROM "Petition" p INDEXED BY "Petition_queryCode_key"
          JOIN "PetitionSnapshot" s ON s."petitionId" = p."id" WHERE p."queryCode" = ${code}`),
        units: rs.all<{ id: string; name: string }>(sql`SELECT "id", "name" FROM "Unit"`),
      }));
      if (!row) throw notFound('petition');
      // Personal data: never cached by a browser or a proxy.
      return { headers: { 'Cache-Control': 'no-store' }, body: publicView(JSON.parse(row.snapshot) as CaseView, Object.fromEntries(units.map((u) => [u.id, u.name]))) };
    },
  });
}
