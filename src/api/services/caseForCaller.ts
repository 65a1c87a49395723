// Staff see the whole case; a petitioner, and an anonymous caller (an online submission without a token),
// see it the way the public tracking page shows it (steps, dates, documents), never the matter key, the
// policy, who did what, escalations, supervision or the actions staff may take.
import type { Db } from '../../db/client';
import type { CaseView, Principal } from '../../domain';
import { publicView, type PublicCaseView } from '../../domain/publicView';

export type PetitionerCase = PublicCaseView & { id: string };

export async function unitNames(db: Db): Promise<Record<string, string>> {
  return Object.fromEntries((await db.unit.findMany({ select: { id: true, name: true } })).map((u) => [u.id, u.name]));
}

/** Officers, supervisors and admins: staff. Everyone else (a petitioner, an anonymous caller) gets the public view. */
export const isStaffCaller = (principal: Principal | undefined): principal is Principal => !!principal && principal.role !== 'petitioner';

export async function caseForCaller(db: Db, principal: Principal | undefined, view: CaseView): Promise<CaseView | PetitionerCase> {
  if (isStaffCaller(principal)) return view;
  return { id: view.id, ...publicView(view, await unitNames(db)) };
}
