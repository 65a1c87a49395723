// The case as JSON at the projection row's lastSeq, kept in PetitionSnapshot (out of the hot row): what a
// closed case's detail, a repeated submission of a closed case and the public tracking page are read from.
import type { CaseView } from '../domain';
import type { Db } from './client';

export async function snapshotOf(db: Db, petitionId: string): Promise<CaseView | undefined> {
  const row = await db.petitionSnapshot.findUnique({ where: { petitionId }, select: { snapshot: true } });
  return row ? (JSON.parse(row.snapshot) as CaseView) : undefined;
}

/** The upsert the projection write makes when the row moves forward. */
export function snapshotUpsert(db: Pick<Db, 'petitionSnapshot'>, view: CaseView) {
  const snapshot = JSON.stringify(view);
  return db.petitionSnapshot.upsert({ where: { petitionId: view.id }, create: { petitionId: view.id, snapshot }, update: { snapshot } });
}
