// GET /api/v1/petitions/{id}/documents/{kind}: a notice or opinion of the case, ready to print (HTML) or as PDF.
import type { Db } from '../../db/client';
import { snapshotOf } from '../../db/snapshots';
import type { CaseView, PolicyDocument } from '../../domain';
import { ApiError, notFound } from '../errors';
import { endpoint, type Endpoint } from '../http/endpoint';
import { DocumentParams, DocumentQuerySchema } from '../schemas/documents';
import { assertInScope } from '../services/caseAccess';
import { unitNames } from '../services/caseForCaller';
import { documentHtml } from '../services/documents/html';
import { buildDocument, TITLES } from '../services/documents/model';
import { PdfUnavailableError, type PdfRenderer } from '../services/documents/pdf';
import { organisationNameOf } from '../services/signIn';

export interface DocumentDeps { db: Db; policy: PolicyDocument; organisationName?: string; pdf: PdfRenderer }

/** A file name in the Content-Disposition header: the UTF-8 name (RFC 8187) and an ASCII one. */
const inline = (name: string, ascii: string) => `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export function documentEndpoints(deps: DocumentDeps): Endpoint[] {
  return [
    endpoint({
      operationId: 'getPetitionDocument',
      method: 'get',
      path: '/api/v1/petitions/{id}/documents/{kind}',
      summary: 'Print a notice or opinion of a case',
      description: 'The acceptance or non-acceptance notice (受理告知书 / 不予受理告知书), the written reply (处理意见书), or the review or re-review opinion '
        + '(复查意见书 / 复核意见书), in Chinese with the organisation\'s name, the query code and dates in the organisation\'s time zone: as an HTML page laid out '
        + 'for A4 (print it from the browser), or as a PDF (format=pdf, or Accept: application/pdf). The case\'s own petitioner may print theirs; staff within '
        + 'their scope. 404 when the case has not issued that document (yet); 503 when this server has no CJK font for PDFs (the HTML page still works).',
      tags: ['documents'],
      auth: 'bearer',
      roles: ['petitioner', 'intake_officer', 'case_officer', 'supervisor', 'admin'],
      params: DocumentParams,
      query: DocumentQuerySchema,
      errors: [404, 503],
      responses: {
        200: {
          description: 'The document',
          jsonless: true,
          alternatives: { 'text/html': { description: 'An HTML page with A4 print styles' }, 'application/pdf': { binary: true, description: 'A4 PDF' } },
        },
      },
      async handle({ params, query, principal, req }) {
        await assertInScope(deps.db, principal!, params.id);
        const view = await snapshotOf(deps.db, params.id);
        if (!view) throw notFound('petition');
        const names = await unitNames(deps.db);
        const doc = buildDocument(view, params.kind, {
          organisation: await organisationNameOf(deps.db, deps.organisationName),
          timeZone: deps.policy.timeZone,
          unitName: (id) => (id ? names[id] ?? id : ''),
        });
        if (!doc) throw new ApiError(404, 'not_found', `this case has no ${TITLES[params.kind]} (${params.kind}) yet`);
        const wantsPdf = query.format === 'pdf' || (query.format === undefined && (req.accepts(['text/html', 'application/pdf']) === 'application/pdf'));
        const name = `${doc.title}-${doc.queryCode}`;
        const headers = { 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' };
        if (!wantsPdf) return { raw: documentHtml(doc), contentType: 'text/html; charset=utf-8', headers: { ...headers, 'Content-Disposition': inline(`${name}.html`, `${params.kind}-${doc.queryCode}.html`) } };
        try {
          const pdf = await deps.pdf.render(doc);
          return { raw: pdf, contentType: 'application/pdf', headers: { ...headers, 'Content-Disposition': inline(`${name}.pdf`, `${params.kind}-${doc.queryCode}.pdf`) } };
        } catch (err) {
          if (err instanceof PdfUnavailableError) throw new ApiError(503, 'pdf_unavailable', `${err.message}; the HTML page (format=html) works`);
          throw err;
        }
      },
    }),
  ];
}
