// Who may do what, and on which cases: pure rules the API enforces before a command reaches a workflow.
import type { CommandType } from './commands';
import type { Role } from './types';

export type UserRole = Exclude<Role, 'system'>;

/**
 * Commands people send through the API. linkRepeat is the API's own (a repeated submission),
 * recomputeDueDates the calendar command's, and pauseClock the first release's (kept for replay).
 */
export type PersonAction = Exclude<CommandType, 'linkRepeat' | 'recomputeDueDates' | 'pauseClock'>;

/**
 * 谁接访、谁交办、谁督办: the intake officer decides acceptance and routing, the handling unit's case
 * officer does the work, the supervisor steers, the petitioner rates and appeals. Admins run the
 * platform and read everything but act on no case (separation of duties).
 */
export const ACTION_ROLES: { readonly [A in PersonAction]: readonly UserRole[] } = {
  accept: ['intake_officer', 'case_officer'],
  notAccept: ['intake_officer', 'case_officer'],
  route: ['intake_officer', 'case_officer'],
  objectRouting: ['intake_officer', 'case_officer'],
  // The routing office decides a receiving unit's objection (W23).
  decideObjection: ['intake_officer', 'case_officer'],
  assign: ['intake_officer', 'supervisor'],
  requestExtension: ['case_officer'],
  // Only a supervisor approves a pause (hearing time, W36) or an extension (W34).
  requestPause: ['case_officer'],
  decidePause: ['supervisor'],
  resumeClock: ['case_officer'],
  reply: ['case_officer'],
  // 送达 of a written answer to a petitioner without an online account.
  recordDelivery: ['case_officer', 'intake_officer'],
  recordReturnVisit: ['case_officer'],
  // The petitioner online; an intake officer records a rating or request made by letter, phone or visit.
  evaluate: ['petitioner', 'intake_officer'],
  requestReview: ['petitioner', 'intake_officer'],
  issueReviewOpinion: ['case_officer', 'supervisor'],
  requestReReview: ['petitioner', 'intake_officer'],
  issueReReviewOpinion: ['case_officer', 'supervisor'],
  withdraw: ['petitioner', 'intake_officer'],
  decideWithdrawal: ['supervisor'],
  // Correction (纠错) of a wrong non-acceptance or withdrawal: an audited supervisor's act.
  reopen: ['supervisor'],
  answerSupervision: ['case_officer'],
  escalate: ['supervisor'],
  supervise: ['supervisor'],
  decideExtension: ['supervisor'],
  reassign: ['supervisor'],
};

export const mayPerform = (role: UserRole, action: PersonAction): boolean => ACTION_ROLES[action].includes(role);

/** The person asking, as authentication established them. */
export interface Principal {
  userId: string;
  role: UserRole;
  unitId?: string;
  /**
   * Units whose cases this person may see: a case officer's own unit; for a supervisor, and for an
   * intake officer who stays accountable for what they registered and routed (首办责任制), their unit
   * and every unit below it.
   */
  unitIds: readonly string[];
}

/** What scope is decided on: where the case is and whose it is. */
export interface CaseOwnership {
  unitId?: string | null;
  petitionerUserId?: string | null;
}

/** Officers and supervisors see the cases of their units, a petitioner their own, an admin all. */
export function inScope(p: Principal, c: CaseOwnership): boolean {
  switch (p.role) {
    case 'admin': return true;
    case 'petitioner': return !!c.petitionerUserId && c.petitionerUserId === p.userId;
    default: return !!c.unitId && p.unitIds.includes(c.unitId);
  }
}

/** Who may register on which channel: anyone online, an intake officer for letters, visits and calls. */
export function mayRegister(role: UserRole | 'anonymous', channel: string): boolean {
  if (role === 'intake_officer') return true;
  return (role === 'anonymous' || role === 'petitioner') && channel === 'online';
}
