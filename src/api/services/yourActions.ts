// The buttons to show: the actions the case accepts now that this caller may take. The role is the
// first filter; for actions the rules allow only to some people on some cases (an intake officer acts
// for a petitioner only without an online account; nobody reviews their own answer; the objecting unit
// does not decide its own objection), the domain's own check is asked with a stand-in body, so the
// list never offers a button the case would refuse to this caller.
import { ACTION_ROLES, type CaseView, type Command, type PersonAction, type Principal } from '../../domain';
import { refusalFor } from '../../domain/refusals';
import type { ApiAction } from '../schemas/views';

const PLACEHOLDER_OPINION = { decision: 'explain', facts: '-', legalBasis: '-', text: '-' } as const;
const withSource = (staff: boolean, today: string) => (staff ? { source: { channel: 'letter', receivedOn: today } } : {});

/** A body that is valid in every field, so that only a refusal that depends on the caller or the case remains. */
const PROBES: Partial<Record<PersonAction, (staff: boolean, today: string) => Record<string, unknown>>> = {
  evaluate: (staff, today) => ({ rating: 'satisfied', ...withSource(staff, today) }),
  requestReview: (staff, today) => ({ reason: '-', ...withSource(staff, today) }),
  requestReReview: (staff, today) => ({ reason: '-', ...withSource(staff, today) }),
  withdraw: (staff, today) => ({ reason: '-', ...withSource(staff, today) }),
  issueReviewOpinion: () => ({ ...PLACEHOLDER_OPINION }),
  issueReReviewOpinion: () => ({ ...PLACEHOLDER_OPINION }),
  decideObjection: () => ({ uphold: false, reason: '-' }),
};

/** Who links a likely repeat: those who decide acceptance (it is not accepted on its own, W19). */
export const LINK_AS_REPEAT_ROLES = ACTION_ROLES.notAccept;

export function yourActions(p: Principal, c: CaseView): ApiAction[] {
  const actor = { id: p.userId, role: p.role, unitId: p.unitId };
  const staff = p.role !== 'petitioner';
  const today = c.asOf.slice(0, 10);
  const list = c.allowedActions.filter((a): a is PersonAction => {
    if (!Object.hasOwn(ACTION_ROLES, a) || !ACTION_ROLES[a as PersonAction].includes(p.role)) return false;
    const probe = PROBES[a as PersonAction];
    if (!probe) return true;
    const cmd = { ...probe(staff, today), type: a, actor } as Command;
    return refusalFor(c, cmd, c.asOf)?.code !== 'not_allowed';
  });
  // A case flagged as a likely repeat can be linked to the case it repeats while it could still be declined.
  const linkable = c.likelyRepeatOf && c.allowedActions.includes('notAccept') && LINK_AS_REPEAT_ROLES.includes(p.role);
  return linkable ? [...list, 'linkAsRepeat'] : list;
}
