// Staff see the whole case; a petitioner sees their own case the way the public tracking page shows
// it (steps, dates, documents), never escalations, supervision or officer data.
import type { Db } from '../../db/client';
import type { CaseView, Principal } from '../../domain';
import { publicView, type PublicCaseView } from '../../domain/publicView';

export type PetitionerCase = PublicCaseView & { id: string };

export async function unitNames(db: Db): Promise<Record<string, string>> {
  return Object.fromEntries((await db.unit.findMany({ select: { id: true, name: true } })).map((u) => [u.id, u.name]));
}

export async function caseForCaller(db: Db, principal: Principal, view: CaseView): Promise<CaseView | PetitionerCase> {
  if (principal.role !== 'petitioner') return view;
  return { id: view.id, ...publicView(view, await unitNames(db)) };
}
