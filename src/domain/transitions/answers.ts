// Written answers and what follows them: delivery (送达), the rating (满意度评价), the appeal windows
// (复查 W35, 复核 W36) and the review body one level up.
import { appealWindowKind, runningClock } from '../actions';
import { noteBreach } from '../clocks';
import type { OpinionInput } from '../commands';
import type { Draft } from '../draft';
import type { ActSource, Clock, Delivery, DocumentKind, Opinion, Rating, Stage } from '../types';

export function opinion(d: Draft, input: OpinionInput): Opinion {
  const { decision, facts, legalBasis, text } = input;
  const op: Opinion = { decision, facts, legalBasis, text, issuedAt: d.now, by: d.actorId };
  if (d.current && d.case.unitId) op.unitId = d.case.unitId;
  return op;
}

/** Online cases and petitioners with an account receive the answer when it is issued. */
const deliveredOnIssue = (d: Draft): boolean => d.case.channel === 'online' || d.case.petitionerUserId !== undefined;

/**
 * An answer (reply or opinion) was issued against its duty clock. Rules 1: the evaluation window opens.
 * Rules 2: the answer is delivered (at once online, or when an officer records the delivery), and
 * then the evaluation window and the next appeal window both run from the delivery.
 */
export function answered(d: Draft, stage: Stage, document: DocumentKind, op: Opinion, clock?: Clock): void {
  const c = d.case;
  c.stage = stage;
  const type = document === 'reply' ? 'replied' : `${stage}_opinion_issued`;
  const data: Record<string, unknown> = { decision: op.decision, legalBasis: op.legalBasis };
  if (d.current && clock) {
    // On-time figures belong to the unit that held the clock when it breached, or when it stopped.
    Object.assign(data, { unitId: clock.breach?.unitId ?? clock.unitId ?? c.unitId, clockId: clock.id, onTime: clock.outcome === 'met' });
  }
  const e = d.event(type, data, document);
  // Nobody can rate or appeal an anonymous matter, and there is no one to visit: the answer ends it.
  if (c.anonymous) return d.close('answered_anonymous');
  d.notifyPetitioner(e, document, { decision: op.decision });
  if (!d.current) {
    c.status = 'awaiting_evaluation';
    d.startClock('evaluation');
    return;
  }
  if (deliveredOnIssue(d)) return deliver(d, stage, d.now, 'online');
  c.status = 'awaiting_delivery';
  d.notify(e, 'officer', 'delivery_required', { stage }, c.officerId);
}

/** 送达: the evaluation window and the appeal window run from the day the answer reached the petitioner. */
export function deliver(d: Draft, stage: Stage, at: string, method: Delivery['method']): void {
  const c = d.case;
  c.deliveries = [...(c.deliveries ?? []), { stage, at, method, recordedBy: d.actorId }];
  c.status = 'awaiting_evaluation';
  d.startClock('evaluation', c.unitId, at);
  const window = appealWindowKind(stage);
  if (window) d.startClock(window, c.unitId, at);
  d.event('delivered', { stage, method, deliveredAt: at });
}

/**
 * A rating, by the petitioner or from a return visit. Rules 1: satisfaction closes, dissatisfaction
 * opens the next appeal. Rules 2: the rating is recorded and counted, and the appeal window that runs
 * from the delivery stays open whatever the rating; the case closes when it lapses (or at once after
 * the re-review, which is final, or after a withdrawal).
 */
export function rated(d: Draft, rating: Rating, via: 'petitioner' | 'return_visit', comment?: string, source?: ActSource): void {
  const c = d.case;
  c.evaluations.push({ stage: c.stage, rating, via, at: d.now, by: d.actorId, comment, ...(source ? { source } : {}) });
  d.stopClocks(['evaluation', 'returnVisit']);
  const e = d.event(via === 'petitioner' ? 'evaluated' : 'return_visit_recorded', { stage: c.stage, rating, ...(source ? { source } : {}) });
  if (!d.current) {
    if (rating !== 'dissatisfied') return d.close('satisfied');
    if (c.stage === 're_review') return d.close('final');
    c.status = 'appeal_window';
    d.startClock(c.stage === 'handling' ? 'reviewRequest' : 'reReviewRequest');
    return;
  }
  // Recorded on the petitioner's behalf: they are told what was recorded, and how it reached the office.
  if (via === 'return_visit' || source) d.notify(e, 'petitioner', 'rating_recorded', { rating, stage: c.stage, ...(source ? { source } : {}) });
  if (c.withdrawal) return d.close('withdrawn');
  if (c.stage === 're_review') return d.close('final');
  const window = appealWindowKind(c.stage);
  if (window && runningClock(c, window)) {
    c.status = 'appeal_window';
    return;
  }
  // The window lapsed before the rating came: the case waited only for the rating.
  d.close('appeal_window_lapsed');
}

/** 复查 or 复核 requested within the window: the review body's handling clock starts. */
export function appealed(d: Draft, stage: 'review' | 're_review', reason: string, source?: ActSource): void {
  const c = d.case;
  const review = stage === 'review';
  if (d.current && (c.status === 'awaiting_evaluation' || c.status === 'return_visit_required')) {
    // Asking for a review answers the rating of this answer; its rating windows end here (an overdue return visit stays late).
    for (const k of c.clocks) if (k.kind === 'returnVisit') noteBreach(k, d.now, c.unitId);
    d.cancelClocks(['evaluation', 'returnVisit']);
    d.event('evaluation_superseded', { stage: c.stage });
  }
  d.stopClocks([review ? 'reviewRequest' : 'reReviewRequest']);
  c.appeals.push({ stage, at: d.now, reason, ...(source ? { source } : {}) });
  c.status = review ? 'in_review' : 'in_re_review';
  d.startClock(review ? 'reviewHandling' : 'reReviewHandling');
  const e = d.event(`${stage}_requested`, { reason, ...(source ? { source } : {}) });
  d.notify(e, 'supervisor', `${stage}_requested`, {});
  if (d.current) {
    // Reviews go up: the body one level above the unit that gave the answer handles it (W35, W36).
    const answer = review ? c.reply : c.reviewOpinion;
    d.resolveReviewBody(stage, answer?.unitId ?? c.unitId);
  }
}

/**
 * The review body was found (an activity reads the unit tree): the case and its review clock move
 * there, and the officer who gave the answer is no longer on the case.
 */
export function reviewBodyFound(d: Draft, stage: 'review' | 're_review', unitId: string, via: 'parent' | 'policy' | 'unchanged'): void {
  const c = d.case;
  if (c.status !== (stage === 'review' ? 'in_review' : 'in_re_review')) return; // withdrawn meanwhile
  if (via === 'unchanged' || !unitId) {
    d.event('review_body_assigned', { stage, unitId: c.unitId, fromUnitId: c.unitId, via: 'unchanged' });
    return;
  }
  const clock = runningClock(c, stage === 'review' ? 'reviewHandling' : 'reReviewHandling');
  if (clock) clock.unitId = unitId;
  c.previousUnitId = c.unitId;
  c.unitId = unitId;
  c.officerId = undefined;
  const e = d.event('review_body_assigned', { stage, unitId, fromUnitId: c.previousUnitId, via });
  d.notify(e, 'unit', `${stage}_assigned`, {}, unitId);
}
