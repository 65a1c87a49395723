// The petition state machine: decide(case, command, now) -> the next case and the effects to run.
// Pure: no I/O, no clock reads; the workflow supplies `now` from workflow time.
import { activeHandlingClock, allowedActions, extensionDaysUsed } from './actions';
import { isRunning } from './clocks';
import type { Command, CommandOf, CommandType, Effect, OpinionInput, Refusal } from './commands';
import { Draft } from './draft';
import type { Channel, DocumentKind, Opinion, PeriodLimit, PetitionCase, Rating, Stage } from './types';

export type Decision =
  | { ok: true; case: PetitionCase; effects: Effect[] }
  | { ok: false; refusal: Refusal; allowedActions: CommandType[] };

type Handler<T extends CommandType> = (d: Draft, cmd: CommandOf<T>) => void;

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

/** Checks a command's own fields against the case; returns the first problem. */
function invalid(c: PetitionCase, cmd: Command): Refusal | undefined {
  const bad = (field: string, message: string): Refusal => ({ code: 'invalid', field, message });
  const required = (fields: string[]) => {
    const rec = cmd as unknown as Record<string, unknown>;
    const missing = fields.find((f) => !nonEmpty(rec[f]));
    return missing ? bad(missing, `${missing} must be a non-empty string`) : undefined;
  };
  const optional = (fields: string[]) => {
    const rec = cmd as unknown as Record<string, unknown>;
    const wrong = fields.find((f) => rec[f] !== undefined && !nonEmpty(rec[f]));
    return wrong ? bad(wrong, `${wrong} must be a non-empty string when given`) : undefined;
  };
  switch (cmd.type) {
    case 'accept': return optional(['unitId', 'officerId']);
    case 'notAccept': return required(['reason', 'redirectTo']);
    case 'route':
      if (cmd.toUnitId === c.unitId) return bad('toUnitId', 'the petition is already with this unit');
      return required(['toUnitId', 'reason']);
    case 'objectRouting': return required(['reason']);
    case 'assign': return required(['unitId', 'officerId']) ?? optional(['leaderOwnerId']);
    case 'reassign': return required(['unitId', 'officerId']);
    case 'requestExtension': {
      const left = c.policy.maxExtensionDays - extensionDaysUsed(c);
      if (!Number.isInteger(cmd.days) || cmd.days < 1 || cmd.days > left) {
        return bad('days', `days must be a whole number from 1 to ${left} (at most ${c.policy.maxExtensionDays} in total)`);
      }
      return required(['reason']);
    }
    case 'decideExtension': {
      const pending = c.pendingExtension!;
      if (cmd.approve && cmd.days !== undefined && (!Number.isInteger(cmd.days) || cmd.days < 1 || cmd.days > pending.days)) {
        return bad('days', `approved days must be a whole number from 1 to the ${pending.days} requested`);
      }
      return cmd.approve ? undefined : required(['reason']);
    }
    case 'pauseClock': return required(['reason']);
    case 'reply': case 'issueReviewOpinion': case 'issueReReviewOpinion':
      if (!['support', 'explain', 'not_support'].includes(cmd.decision)) return bad('decision', 'decision must be support, explain or not_support');
      return required(['facts', 'legalBasis', 'text']);
    case 'recordReturnVisit':
      if (!isRating(cmd.outcome)) return bad('outcome', 'outcome must be satisfied, basically_satisfied or dissatisfied');
      return required(['notes']);
    case 'evaluate':
      return isRating(cmd.rating) ? undefined : bad('rating', 'rating must be satisfied, basically_satisfied or dissatisfied');
    case 'requestReview': case 'requestReReview': return required(['reason']);
    case 'escalate':
      if (!Number.isInteger(cmd.level) || cmd.level < 1 || cmd.level > 3) return bad('level', 'level must be 1, 2 or 3');
      return required(['reason']) ?? optional(['leaderOwnerId']);
    case 'supervise':
      // The limit goes to the due-date activity: a bad one would fail there on every retry.
      if (cmd.replyLimit !== undefined && !isPeriodLimit(cmd.replyLimit)) {
        return bad('replyLimit', 'replyLimit must be { days: 1..366, unit: "calendar" | "working" }');
      }
      return required(['instruction']);
    case 'answerSupervision':
      if (!c.supervision.some((n) => n.id === cmd.noticeId && !n.answeredAt)) return bad('noticeId', `no open supervision notice "${cmd.noticeId}"`);
      return required(['answer']);
    case 'linkRepeat':
      if (!CHANNELS.includes(cmd.channel)) return bad('channel', `channel must be one of ${CHANNELS.join(', ')}`);
      if (typeof cmd.receivedAt !== 'string' || Number.isNaN(Date.parse(cmd.receivedAt))) {
        return bad('receivedAt', 'receivedAt must be an ISO date-time');
      }
      return required(['submissionId']);
    default: return undefined;
  }
}

const CHANNELS: readonly Channel[] = ['online', 'letter', 'phone', 'fax', 'visit'];

const isPeriodLimit = (l: unknown): l is PeriodLimit => {
  const v = l as PeriodLimit | null;
  return typeof v === 'object' && v !== null && Number.isInteger(v.days) && v.days >= 1 && v.days <= 366
    && (v.unit === 'calendar' || v.unit === 'working');
};

const isRating = (r: unknown): r is Rating => r === 'satisfied' || r === 'basically_satisfied' || r === 'dissatisfied';

function opinion(d: Draft, input: OpinionInput): Opinion {
  const { decision, facts, legalBasis, text } = input;
  return { decision, facts, legalBasis, text, issuedAt: d.now, by: d.actorId };
}

/** An answer (reply or opinion) was issued: the evaluation window opens, or an anonymous matter closes. */
function answered(d: Draft, stage: Stage, document: DocumentKind, op: Opinion): void {
  const c = d.case;
  c.stage = stage;
  const e = d.event(document === 'reply' ? 'replied' : `${stage}_opinion_issued`, { decision: op.decision, legalBasis: op.legalBasis }, document);
  // Nobody can rate or appeal an anonymous matter, and there is no one to visit: the answer ends it.
  if (c.anonymous) return d.close('answered_anonymous');
  c.status = 'awaiting_evaluation';
  d.startClock('evaluation');
  d.notifyPetitioner(e, document, { decision: op.decision });
}

/** A rating, by the petitioner or from a return visit: satisfaction closes, dissatisfaction opens the next appeal. */
function rated(d: Draft, rating: Rating, via: 'petitioner' | 'return_visit', comment?: string): void {
  const c = d.case;
  c.evaluations.push({ stage: c.stage, rating, via, at: d.now, by: d.actorId, comment });
  d.stopClocks(['evaluation', 'returnVisit']);
  d.event(via === 'petitioner' ? 'evaluated' : 'return_visit_recorded', { stage: c.stage, rating });
  if (rating !== 'dissatisfied') return d.close('satisfied');
  if (c.stage === 're_review') return d.close('final');
  c.status = 'appeal_window';
  d.startClock(c.stage === 'handling' ? 'reviewRequest' : 'reReviewRequest');
}

/** 复查 or 复核 requested within the window: the review body's handling clock starts. */
function appealed(d: Draft, stage: 'review' | 're_review', reason: string): void {
  const c = d.case;
  const review = stage === 'review';
  d.stopClocks([review ? 'reviewRequest' : 'reReviewRequest']);
  c.appeals.push({ stage, at: d.now, reason });
  c.status = review ? 'in_review' : 'in_re_review';
  d.startClock(review ? 'reviewHandling' : 'reReviewHandling');
  const e = d.event(`${stage}_requested`, { reason });
  d.notify(e, 'supervisor', `${stage}_requested`, {});
}

const handlers: { [T in CommandType]: Handler<T> } = {
  accept(d, cmd) {
    const c = d.case;
    d.stopClocks(['acceptance', 'objection']);
    c.status = 'accepted';
    if (cmd.unitId) c.unitId = cmd.unitId;
    d.startClock('handling');
    const e = d.event('accepted', { unitId: c.unitId }, 'acceptance');
    d.notifyPetitioner(e, 'acceptance');
    if (cmd.officerId) handlers.assign(d, { ...cmd, type: 'assign', unitId: c.unitId ?? cmd.actor.unitId ?? '', officerId: cmd.officerId });
  },
  notAccept(d, cmd) {
    const c = d.case;
    c.notAcceptance = { reason: cmd.reason, redirectTo: cmd.redirectTo };
    // The non-acceptance notice (不予受理告知) is the answer the acceptance clock waits for: met or late, not cancelled.
    d.stopClocks(['acceptance', 'objection']);
    const e = d.event('not_accepted', { reason: cmd.reason, redirectTo: cmd.redirectTo, legalProcedure: !!cmd.legalProcedure }, 'non_acceptance');
    d.notifyPetitioner(e, 'non_acceptance', { reason: cmd.reason, redirectTo: cmd.redirectTo });
    d.close(cmd.legalProcedure ? 'legal_procedure' : 'not_accepted');
  },
  route(d, cmd) {
    const c = d.case;
    d.stopClocks(['acceptance', 'objection']);
    c.previousUnitId = c.unitId;
    c.unitId = cmd.toUnitId;
    c.status = 'routed';
    d.startClock('objection');
    d.startClock('acceptance');
    const e = d.event('routed', { fromUnitId: c.previousUnitId, toUnitId: cmd.toUnitId, reason: cmd.reason }, 'transfer');
    d.notifyPetitioner(e, 'transfer', { toUnitId: cmd.toUnitId });
    d.notify(e, 'unit', 'petition_routed', { reason: cmd.reason }, cmd.toUnitId);
  },
  objectRouting(d, cmd) {
    const c = d.case;
    const objecting = c.unitId;
    d.stopClocks(['objection', 'acceptance']);
    c.unitId = c.previousUnitId;
    c.previousUnitId = objecting;
    c.status = 'registered';
    d.startClock('acceptance');
    // The matter moves back to the routing unit: for the petitioner that is another transfer (each one is shown).
    const e = d.event('routing_objected', { unitId: objecting, toUnitId: c.unitId, reason: cmd.reason }, 'transfer');
    d.notifyPetitioner(e, 'transfer', { toUnitId: c.unitId });
    d.notify(e, 'unit', 'routing_objected', { reason: cmd.reason }, c.unitId);
  },
  assign(d, cmd) {
    const c = d.case;
    c.unitId = cmd.unitId;
    c.officerId = cmd.officerId;
    if (cmd.leaderOwnerId) c.leaderOwnerId = cmd.leaderOwnerId;
    c.status = 'in_handling';
    for (const k of c.clocks) if (k.kind === 'handling' && isRunning(k)) k.unitId = cmd.unitId;
    const e = d.event('assigned', { unitId: cmd.unitId, officerId: cmd.officerId, leaderOwnerId: cmd.leaderOwnerId });
    d.notify(e, 'officer', 'case_assigned', {}, cmd.officerId);
    if (cmd.leaderOwnerId) d.notify(e, 'leader', 'case_owned', {}, cmd.leaderOwnerId);
  },
  reassign(d, cmd) {
    const c = d.case;
    const from = { unitId: c.unitId, officerId: c.officerId };
    c.unitId = cmd.unitId;
    c.officerId = cmd.officerId;
    const clock = activeHandlingClock(c);
    if (clock) clock.unitId = cmd.unitId;
    if (c.status === 'accepted') c.status = 'in_handling';
    const e = d.event('reassigned', { from, unitId: cmd.unitId, officerId: cmd.officerId });
    d.notify(e, 'officer', 'case_assigned', {}, cmd.officerId);
  },
  requestExtension(d, cmd) {
    d.case.pendingExtension = { days: cmd.days, reason: cmd.reason, requestedAt: d.now, requestedBy: d.actorId };
    const e = d.event('extension_requested', { days: cmd.days, reason: cmd.reason });
    d.notify(e, 'supervisor', 'extension_requested', { days: cmd.days });
  },
  decideExtension(d, cmd) {
    const c = d.case;
    const pending = c.pendingExtension!;
    c.pendingExtension = undefined;
    if (!cmd.approve) {
      const e = d.event('extension_refused', { reason: cmd.reason });
      d.notify(e, 'officer', 'extension_refused', { reason: cmd.reason }, c.officerId);
      return;
    }
    const days = cmd.days ?? pending.days;
    const clock = activeHandlingClock(c)!;
    clock.extensionDays += days;
    d.recomputeDueDate(clock.id);
    // The petitioner is told why (W34).
    const e = d.event('extension_approved', { days, reason: pending.reason, clockId: clock.id }, 'extension');
    d.notifyPetitioner(e, 'extension', { days, reason: pending.reason });
    d.notify(e, 'officer', 'extension_approved', { days }, c.officerId);
  },
  pauseClock(d, cmd) {
    const clock = activeHandlingClock(d.case)!;
    clock.pauses.push({ from: d.now, reason: cmd.reason, by: d.actorId });
    d.event('clock_paused', { clockId: clock.id, reason: cmd.reason });
  },
  resumeClock(d) {
    const clock = activeHandlingClock(d.case)!;
    const open = clock.pauses.find((p) => p.to === undefined)!;
    open.to = d.now;
    const pausedMs = Date.parse(d.now) - Date.parse(open.from);
    clock.pausedMs += pausedMs;
    d.recomputeDueDate(clock.id);
    d.event('clock_resumed', { clockId: clock.id, pausedMs });
  },
  reply(d, cmd) {
    const op = opinion(d, cmd);
    d.case.reply = op;
    d.case.pendingExtension = undefined;
    d.stopClocks(['handling']);
    answered(d, 'handling', 'reply', op);
  },
  issueReviewOpinion(d, cmd) {
    const op = opinion(d, cmd);
    d.case.reviewOpinion = op;
    d.stopClocks(['reviewHandling']);
    answered(d, 'review', 'review_opinion', op);
  },
  issueReReviewOpinion(d, cmd) {
    const op = opinion(d, cmd);
    d.case.reReviewOpinion = op;
    d.stopClocks(['reReviewHandling']);
    answered(d, 're_review', 're_review_opinion', op);
  },
  evaluate(d, cmd) {
    rated(d, cmd.rating, 'petitioner', cmd.comment);
  },
  recordReturnVisit(d, cmd) {
    rated(d, cmd.outcome, 'return_visit', cmd.notes);
  },
  requestReview(d, cmd) {
    appealed(d, 'review', cmd.reason);
  },
  requestReReview(d, cmd) {
    appealed(d, 're_review', cmd.reason);
  },
  withdraw(d, cmd) {
    d.event('withdrawn', { reason: cmd.reason });
    d.close('withdrawn');
  },
  escalate(d, cmd) {
    const c = d.case;
    c.escalationLevel = Math.max(c.escalationLevel, cmd.level);
    if (cmd.leaderOwnerId) c.leaderOwnerId = cmd.leaderOwnerId;
    c.escalations.push({ at: d.now, level: cmd.level, reason: cmd.reason, by: d.actorId });
    const e = d.event('escalated', { level: cmd.level, reason: cmd.reason, leaderOwnerId: cmd.leaderOwnerId });
    d.notify(e, 'officer', 'escalated', { level: cmd.level }, c.officerId);
    if (cmd.leaderOwnerId) d.notify(e, 'leader', 'case_owned', {}, cmd.leaderOwnerId);
  },
  supervise(d, cmd) {
    const c = d.case;
    const id = `sup-${c.supervision.length + 1}`;
    const clockId = d.startClock('supervisionReply');
    if (cmd.replyLimit) c.clocks.find((k) => k.id === clockId)!.limit = cmd.replyLimit;
    c.supervision.push({ id, clockId, issuedAt: d.now, by: d.actorId, instruction: cmd.instruction, listed: !!cmd.listed, unitId: c.unitId });
    const e = d.event('supervision_issued', { noticeId: id, listed: !!cmd.listed, instruction: cmd.instruction });
    d.notify(e, 'unit', 'supervision_notice', { noticeId: id, listed: !!cmd.listed }, c.unitId);
  },
  answerSupervision(d, cmd) {
    const notice = d.case.supervision.find((n) => n.id === cmd.noticeId)!;
    notice.answeredAt = d.now;
    notice.answer = cmd.answer;
    d.stopClock(notice.clockId);
    const e = d.event('supervision_answered', { noticeId: notice.id });
    d.notify(e, 'supervisor', 'supervision_answered', { noticeId: notice.id }, notice.by);
  },
  linkRepeat(d, cmd) {
    const c = d.case;
    c.linkedSubmissions.push({ submissionId: cmd.submissionId, receivedAt: cmd.receivedAt, channel: cmd.channel });
    // W19: not accepted again while handled; the petitioner is told where it stands.
    const e = d.event('repeat_linked', { submissionId: cmd.submissionId }, 'repeat_linked');
    d.notifyPetitioner(e, 'repeat_linked', { submissionId: cmd.submissionId });
  },
};

export function decide(c: PetitionCase, cmd: Command, now: string): Decision {
  const allowed = allowedActions(c);
  if (!allowed.includes(cmd.type)) {
    const message = c.status === 'closed'
      ? `the petition is closed (${c.closingReason}); "${cmd.type}" is no longer possible`
      : `"${cmd.type}" is not allowed while the petition is ${c.status}`;
    return { ok: false, refusal: { code: 'not_allowed', message }, allowedActions: allowed };
  }
  const problem = invalid(c, cmd);
  if (problem) return { ok: false, refusal: problem, allowedActions: allowed };
  const d = new Draft(c, now, cmd.actor.id);
  (handlers[cmd.type] as Handler<CommandType>)(d, cmd);
  return { ok: true, case: d.case, effects: d.effects() };
}
