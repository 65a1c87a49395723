// A working copy of a case that one command or one tick changes: it numbers the timeline events,
// starts and stops clocks, and collects the effects (notices, due-date requests) the workflow must run.
import { cancelClock, isRunning, startClock, stopClock } from './clocks';
import type { Effect, Notice, Recipient } from './commands';
import type { Channel, ClockKind, ClosingReason, DocumentKind, PetitionCase, TimelineEvent } from './types';

const PETITIONER_CHANNEL: Record<Channel, Notice['channel']> = {
  online: 'sms', phone: 'sms', visit: 'sms', letter: 'letter', fax: 'letter',
};

export class Draft {
  readonly case: PetitionCase;
  private readonly notices: Notice[] = [];
  private readonly dueDateRequests: string[] = [];
  private readonly reviewBodyRequests: Extract<Effect, { type: 'resolveReviewBody' }>[] = [];

  constructor(original: PetitionCase, readonly now: string, readonly actorId: string) {
    // Cases are plain JSON (structuredClone is not in the workflow sandbox); one copy per decision
    // keeps the caller's object untouched.
    this.case = JSON.parse(JSON.stringify(original)) as PetitionCase;
  }

  event(type: string, data: Record<string, unknown> = {}, document?: DocumentKind): TimelineEvent {
    const e: TimelineEvent = { seq: ++this.case.seq, at: this.now, type, actor: this.actorId, data };
    if (document) e.document = document;
    this.case.timeline.push(e);
    return e;
  }

  notify(e: TimelineEvent, recipient: Recipient, kind: string, data: Record<string, unknown> = {}, recipientId?: string): void {
    const c = this.case;
    // An anonymous petitioner left no address: they follow the case with the query code only.
    if (recipient === 'petitioner' && c.anonymous) return;
    this.notices.push({
      key: `${c.id}:${e.seq}:${recipient}:${kind}`,
      petitionId: c.id,
      recipient,
      recipientId,
      kind,
      channel: recipient === 'petitioner' ? PETITIONER_CHANNEL[c.channel] : 'internal',
      data: { queryCode: c.queryCode, status: c.status, eventSeq: e.seq, ...data },
    });
  }

  /** Tells the petitioner of a document, and the officers responsible of the step. */
  notifyPetitioner(e: TimelineEvent, kind: DocumentKind, data: Record<string, unknown> = {}): void {
    this.notify(e, 'petitioner', kind, data);
  }

  /** Starts a clock now, or at `startedAt` (a delivery recorded after the day it happened). */
  startClock(kind: ClockKind, unitId = this.case.unitId, startedAt = this.now): string {
    const n = this.case.clocks.filter((c) => c.kind === kind).length + 1;
    const id = `${kind}-${n}`;
    this.case.clocks.push(startClock(id, kind, this.case.policy.limits[kind], startedAt, unitId));
    this.dueDateRequests.push(id);
    return id;
  }

  /** Asks for the due dates of clocks added outside startClock (a case adopting rules 2). */
  computeDueDates(clockIds: string[]): void {
    for (const id of clockIds) this.recomputeDueDate(id);
  }

  /** Rules 2 and later. */
  get current(): boolean {
    return (this.case.rules ?? 1) >= 2;
  }

  /** Asks for a running clock's due date again (after an extension or a pause). */
  recomputeDueDate(clockId: string): void {
    if (!this.dueDateRequests.includes(clockId)) this.dueDateRequests.push(clockId);
    const clock = this.case.clocks.find((k) => k.id === clockId);
    if (this.current && clock?.dueAt !== undefined) clock.recounting = true;
  }

  stopClocks(kinds: ClockKind[], lapsed = false): void {
    this.case.clocks = this.case.clocks.map((c) => (kinds.includes(c.kind) && isRunning(c) ? stopClock(c, this.now, lapsed) : c));
  }

  /** Clocks that no longer matter; one that breached stays late. */
  cancelClocks(kinds: ClockKind[]): void {
    this.case.clocks = this.case.clocks.map((c) => (kinds.includes(c.kind) && isRunning(c) ? cancelClock(c, this.now) : c));
  }

  /** Asks the workflow to find the unit above `fromUnitId` (an activity reads the unit tree). */
  resolveReviewBody(stage: 'review' | 're_review', fromUnitId?: string): void {
    this.reviewBodyRequests.push({ type: 'resolveReviewBody', stage, fromUnitId });
  }

  stopClock(id: string): void {
    this.case.clocks = this.case.clocks.map((c) => (c.id === id ? stopClock(c, this.now) : c));
  }

  close(reason: ClosingReason, data: Record<string, unknown> = {}): void {
    const c = this.case;
    // Rules 2: a supervision notice (督办) stays open until the unit answers it, even after closing.
    const keep = (k: { kind: ClockKind }) => this.current && k.kind === 'supervisionReply';
    c.clocks = c.clocks.map((k) => (keep(k) ? k : cancelClock(k, this.now)));
    if (this.current) c.closedFrom = c.status;
    c.status = 'closed';
    c.closingReason = reason;
    c.closedAt = this.now;
    c.pendingExtension = undefined;
    c.pendingPause = undefined;
    c.pendingObjection = undefined;
    c.pendingWithdrawal = undefined;
    const e = this.event('closed', { reason, ...data }, 'closing');
    this.notifyPetitioner(e, 'closing', { reason });
  }

  effects(): Effect[] {
    const out: Effect[] = [];
    // Due dates first: later effects and the query answer should see them.
    if (this.dueDateRequests.length) out.push({ type: 'computeDueDates', clockIds: [...this.dueDateRequests] });
    out.push(...this.reviewBodyRequests);
    for (const notice of this.notices) out.push({ type: 'notify', notice });
    return out;
  }
}
