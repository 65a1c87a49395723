// A new petition: registered (登记), query code issued, the acceptance clock starts at receipt.
import type { Effect } from './commands';
import { Draft } from './draft';
import type { FinalCaseRef, PetitionCase, ResolvedPolicy, RulesVersion } from './types';

/** What intake knows of a new petition: the case's own fields, with the unit that receives it. */
export type Registration = Pick<
  PetitionCase,
  | 'id' | 'queryCode' | 'matterKey' | 'organisationId' | 'class' | 'channel' | 'receivedAt'
  | 'petitioner' | 'petitionerUserId' | 'title' | 'content' | 'intakeOfficerId' | 'anonymous' | 'likelyRepeatOf'
> & {
  unitId: string;
  /** The same matter by the same petitioner was closed finally (终结): registered, then not accepted (W36). */
  precludedBy?: FinalCaseRef;
};

export function register(r: Registration, policy: ResolvedPolicy, rules: RulesVersion = 1): { case: PetitionCase; effects: Effect[] } {
  const { precludedBy, ...fields } = r;
  const blank: PetitionCase = {
    ...fields,
    ...(rules >= 2 ? { rules } : {}),
    status: 'registered',
    stage: 'handling',
    escalationLevel: 0,
    policy,
    clocks: [],
    appeals: [],
    evaluations: [],
    supervision: [],
    escalations: [],
    criticisms: [],
    linkedSubmissions: [],
    timeline: [],
    seq: 0,
  };
  const d = new Draft(blank, r.receivedAt, r.intakeOfficerId ?? r.petitionerUserId ?? 'petitioner');
  d.startClock('acceptance');
  const e = d.event('registered', { channel: r.channel, class: r.class, unitId: r.unitId, ...(r.likelyRepeatOf ? { likelyRepeatOf: r.likelyRepeatOf } : {}) }, 'registration');
  d.notifyPetitioner(e, 'registration', { queryCode: r.queryCode });
  if (precludedBy && rules >= 2) notAcceptedAsFinal(d, precludedBy);
  return { case: d.case, effects: d.effects() };
}

/** W36: after the re-review (or the appeal windows lapsed) the matter is final and not accepted again. */
function notAcceptedAsFinal(d: Draft, final: FinalCaseRef): void {
  const c = d.case;
  c.precludedBy = final;
  const reason = `The same matter was closed finally (终结) on ${final.closedAt.slice(0, 10)} as petition ${final.queryCode}; `
    + 'a petition on the same facts and reasons is not accepted again (信访工作条例 第三十六条).';
  const redirectTo = 'No further petition procedure; a court or another legal procedure where the law provides one.';
  c.notAcceptance = { reason, redirectTo };
  d.stopClocks(['acceptance']);
  const e = d.event('not_accepted', { reason, redirectTo, legalProcedure: false, finalCaseId: final.id, finalQueryCode: final.queryCode }, 'non_acceptance');
  d.notifyPetitioner(e, 'non_acceptance', { reason, redirectTo, finalQueryCode: final.queryCode });
  d.close('not_accepted');
}
