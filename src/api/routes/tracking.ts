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
import { isPetitionerVisible } from '../services/attachments';

export function trackingEndpoint(deps: ReadDeps): Endpoint {
  return endpoint({
    operationId: 'trackPetition',
    method: 'get',
    path: '/api/v1/tracking/{queryCode}',
    summary: 'Track a petition by its query code',
    description: 'No account needed: the query code (查询码) given at registration is the key. Shows every step with its date and each document issued '
      + '(registration, transfers, acceptance or non-acceptance, extension, written reply, review and re-review opinions, closing) with its content, '
      + 'and the running time limits, and the attached files by name only. Nothing internal. The query code on the receipt of a repeat submission (重复信访) shows the case it was recorded on. '
      + 'Rate limited per address; an unknown code is 404.',
    tags: ['tracking'],
    auth: 'public',
    params: TrackingParams,
    errors: [404],
    responses: { 200: { description: 'The public view of the case', schema: PublicCaseSchema } },
    async handle({ params }) {
      const code = params.queryCode.trim().toUpperCase();
      const rs = readSqlFor(deps.db);
      // Primary-key and unique-index lookups (a repeat's receipt, the query code, the snapshot, the files), in one read transaction.
      const { row, units, files } = rs.snapshot(() => {
        // A repeat submission's receipt carries a code of its own: it tracks the case it was recorded on.
        const submission = rs.get<{ petitionId: string }>(sql`SELECT "petitionId" FROM "Submission" INDEXED BY "Submission_queryCode_key" WHERE "queryCode" = ${code}`);
        const found = submission
          ? rs.get<{ id: string; snapshot: string }>(sql`SELECT s."petitionId" AS "id", s."snapshot" FROM "PetitionSnapshot" s WHERE s."petitionId" = ${submission.petitionId}`)
          : rs.get<{ id: string; snapshot: string }>(sql`SELECT p."id", s."snapshot" FROM "Petition" p INDEXED BY "Petition_queryCode_key"
              JOIN "PetitionSnapshot" s ON s."petitionId" = p."id" WHERE p."queryCode" = ${code}`);
        return {
          row: found,
          units: found ? rs.all<{ id: string; name: string }>(sql`SELECT "id", "name" FROM "Unit"`) : [],
          files: found ? rs.all<{ fileName: string; linkedVia: string | null }>(sql`SELECT "fileName", "linkedVia" FROM "Attachment"
              WHERE "petitionId" = ${found.id} ORDER BY "linkedAt", "id"`) : [],
        };
      });
      if (!row) throw notFound('petition');
      // Files by name only, those the petitioner may see: downloading needs signing in.
      const names = files.filter((f) => isPetitionerVisible(f.linkedVia)).map((f) => f.fileName);
      // Personal data: never cached by a browser or a proxy.
      const view = publicView(JSON.parse(row.snapshot) as CaseView, Object.fromEntries(units.map((u) => [u.id, u.name])));
      return { headers: { 'Cache-Control': 'no-store' }, body: { ...view, attachments: { count: names.length, names } } };
    },
  });
}
