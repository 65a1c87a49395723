// Supervision (督办): escalation and personal ownership (包案), supervision notices and their answers.
import type { CommandOf } from '../commands';
import type { Draft } from '../draft';

export function escalate(d: Draft, cmd: CommandOf<'escalate'>): void {
  const c = d.case;
  c.escalationLevel = Math.max(c.escalationLevel, cmd.level);
  if (cmd.leaderOwnerId) c.leaderOwnerId = cmd.leaderOwnerId;
  c.escalations.push({ at: d.now, level: cmd.level, reason: cmd.reason, by: d.actorId });
  const e = d.event('escalated', { level: cmd.level, reason: cmd.reason, leaderOwnerId: cmd.leaderOwnerId });
  d.notify(e, 'officer', 'escalated', { level: cmd.level }, c.officerId);
  if (cmd.leaderOwnerId) d.notify(e, 'leader', 'case_owned', {}, cmd.leaderOwnerId);
}

export function supervise(d: Draft, cmd: CommandOf<'supervise'>): void {
  const c = d.case;
  const id = `sup-${c.supervision.length + 1}`;
  const clockId = d.startClock('supervisionReply');
  if (cmd.replyLimit) c.clocks.find((k) => k.id === clockId)!.limit = cmd.replyLimit;
  c.supervision.push({ id, clockId, issuedAt: d.now, by: d.actorId, instruction: cmd.instruction, listed: !!cmd.listed, unitId: c.unitId });
  const e = d.event('supervision_issued', { noticeId: id, listed: !!cmd.listed, instruction: cmd.instruction });
  d.notify(e, 'unit', 'supervision_notice', { noticeId: id, listed: !!cmd.listed }, c.unitId);
}

/** Answered also after the case closed (rules 2): the notice binds the unit, not the case's state. */
export function answerSupervision(d: Draft, cmd: CommandOf<'answerSupervision'>): void {
  const notice = d.case.supervision.find((n) => n.id === cmd.noticeId)!;
  notice.answeredAt = d.now;
  notice.answer = cmd.answer;
  d.stopClock(notice.clockId);
  const e = d.event('supervision_answered', { noticeId: notice.id });
  d.notify(e, 'supervisor', 'supervision_answered', { noticeId: notice.id }, notice.by);
}
