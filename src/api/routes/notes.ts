// GET and POST /api/v1/petitions/{id}/notes: internal notes by staff in the case's scope. They live in
// their own table, outside the case and its workflow, so no public view or petitioner answer can carry them.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { endpoint, type Endpoint } from '../http/endpoint';
import { PetitionIdParams } from '../schemas/common';
import { AddNoteSchema, CaseNoteListSchema, CaseNoteSchema } from '../schemas/notes';
import { assertInScope } from '../services/caseAccess';

type NoteRow = { id: string; petitionId: string; authorId: string; text: string; createdAt: Date };

async function withAuthors(db: Db, notes: NoteRow[]) {
  const names = new Map((await db.user.findMany({ where: { id: { in: [...new Set(notes.map((n) => n.authorId))] } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  return notes.map((n) => ({ ...n, authorName: names.get(n.authorId) ?? null, createdAt: n.createdAt.toISOString() }));
}

export function noteEndpoints(deps: { db: Db }): Endpoint[] {
  const { db } = deps;
  return [
    endpoint({
      operationId: 'listCaseNotes',
      method: 'get',
      path: '/api/v1/petitions/{id}/notes',
      summary: 'Read a case\'s internal notes',
      description: 'Notes staff wrote on the case, oldest first. For staff whose scope holds the case; never for the petitioner, never in the public view.',
      tags: ['notes'],
      auth: 'bearer',
      roles: ['intake_officer', 'case_officer', 'supervisor', 'admin'],
      params: PetitionIdParams,
      errors: [404],
      responses: { 200: { description: 'The notes', schema: CaseNoteListSchema } },
      async handle({ params, principal }) {
        await assertInScope(db, principal!, params.id);
        const notes = await db.caseNote.findMany({ where: { petitionId: params.id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
        return { body: { petitionId: params.id, notes: await withAuthors(db, notes) } };
      },
    }),
    endpoint({
      operationId: 'addCaseNote',
      method: 'post',
      path: '/api/v1/petitions/{id}/notes',
      summary: 'Add an internal note to a case',
      description: 'A note for the colleagues on the case (a phone call, a site visit, a hint): kept with its author and time, visible to staff in scope only. '
        + 'It changes nothing in the case\'s handling or clocks. Notes cannot be edited or deleted (they are a record). An admin reads notes but adds none.',
      tags: ['notes'],
      auth: 'bearer',
      roles: ['intake_officer', 'case_officer', 'supervisor'],
      params: PetitionIdParams,
      body: AddNoteSchema,
      idempotent: true,
      errors: [404],
      responses: { 201: { description: 'Added', schema: CaseNoteSchema } },
      async handle({ params, body, principal }) {
        await assertInScope(db, principal!, params.id);
        const note = await db.caseNote.create({ data: { id: crypto.randomUUID(), petitionId: params.id, authorId: principal!.userId, text: body.text } });
        return { status: 201, body: (await withAuthors(db, [note]))[0]! };
      },
    }),
  ];
}
