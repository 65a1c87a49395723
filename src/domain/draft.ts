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

  constructor(original: PetitionCase, readonly now: string, readonly actorId: string) {
    // Cases are plain JSON; a deep copy keeps the caller's object untouched if the command is refused later.
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

  startClock(kind: ClockKind, unitId = this.case.unitId): string {
    const n = this.case.clocks.filter((c) => c.kind === kind).length + 1;
    const id = `${kind}-${n}`;
    this.case.clocks.push(startClock(id, kind, this.case.policy.limits[kind], this.now, unitId));
    this.dueDateRequests.push(id);
    return id;
  }

  /** Asks for a running clock's due date again (after an extension or a pause). */
  recomputeDueDate(clockId: string): void {
    if (!this.dueDateRequests.includes(clockId)) this.dueDateRequests.push(clockId);
  }

  stopClocks(kinds: ClockKind[], lapsed = false): void {
    this.case.clocks = this.case.clocks.map((c) => (kinds.includes(c.kind) && isRunning(c) ? stopClock(c, this.now, lapsed) : c));
  }

  stopClock(id: string): void {
    this.case.clocks = this.case.clocks.map((c) => (c.id === id ? stopClock(c, this.now) : c));
  }

  close(reason: ClosingReason, data: Record<string, unknown> = {}): void {
    const c = this.case;
    c.clocks = c.clocks.map((k) => cancelClock(k, this.now));
    c.status = 'closed';
    c.closingReason = reason;
    c.closedAt = this.now;
    c.pendingExtension = undefined;
    const e = this.event('closed', { reason, ...data }, 'closing');
    this.notifyPetitioner(e, 'closing', { reason });
  }

  effects(): Effect[] {
    const out: Effect[] = [];
    // Due dates first: later effects and the query answer should see them.
    if (this.dueDateRequests.length) out.push({ type: 'computeDueDates', clockIds: [...this.dueDateRequests] });
    for (const notice of this.notices) out.push({ type: 'notify', notice });
    return out;
  }
}
