// Why a command is refused: `invalid` (a field is wrong: the API answers 400 with the field) or
// `not_allowed` (the case's state or time forbids it: 409 with the reason and what is allowed now).
import { activeHandlingClock, extensionDaysUsed, isCurrentRules } from './actions';
import { isPastDue, pauseDaysUsed } from './clocks';
import type { Command, CommandType, Refusal } from './commands';
import { maxPauseDaysOf, pausableClocksOf } from './policy';
import { MAX_ESCALATION_LEVEL, type ActSource, type Channel, type ClockKind, type PeriodLimit, type PetitionCase, type Rating } from './types';

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
const CHANNELS: readonly Channel[] = ['online', 'letter', 'phone', 'fax', 'visit'];
const SOURCE_CHANNELS: readonly ActSource['channel'][] = ['letter', 'phone', 'visit', 'fax'];
const isRating = (r: unknown): r is Rating => r === 'satisfied' || r === 'basically_satisfied' || r === 'dissatisfied';
const isPeriodLimit = (l: unknown): l is PeriodLimit => {
  const v = l as PeriodLimit | null;
  return typeof v === 'object' && v !== null && Number.isInteger(v.days) && v.days >= 1 && v.days <= 366
    && (v.unit === 'calendar' || v.unit === 'working');
};
const isInstant = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));

/** The window an action must arrive within. */
const WINDOW_OF: Partial<Record<CommandType, ClockKind>> = {
  objectRouting: 'objection', evaluate: 'evaluation', requestReview: 'reviewRequest', requestReReview: 'reReviewRequest',
};
const WINDOW_NAME: Partial<Record<ClockKind, string>> = {
  objection: 'objection window (5 working days, W23)',
  evaluation: 'rating window',
  reviewRequest: 'review (复查) request window (30 days from delivery, W35)',
  reReviewRequest: 're-review (复核) request window (30 days from delivery, W36)',
};

const latest = (c: PetitionCase, kind: ClockKind) => [...c.clocks].reverse().find((k) => k.kind === kind);
const dueText = (k: { dueDate?: string; dueAt?: string }) => k.dueDate ?? k.dueAt ?? '(not yet computed)';

/** The reason a command that is not in allowedActions is refused, as precise as the case allows. */
export function whyNot(c: PetitionCase, type: CommandType, now: string): string {
  if (c.status === 'closed') return `the petition is closed (${c.closingReason}); "${type}" is no longer possible`;
  if (isCurrentRules(c)) {
    const window = WINDOW_OF[type];
    const k = window && latest(c, window);
    if (window && k && (k.outcome === 'lapsed' || isPastDue(k, now))) {
      return `the ${WINDOW_NAME[window]} closed on ${dueText(k)}; "${type}" is no longer possible`;
    }
    const clock = activeHandlingClock(c);
    if ((type === 'requestExtension' || type === 'requestPause') && clock && (clock.breach || isPastDue(clock, now))) {
      return `the ${clock.kind} period ended on ${dueText(clock)}; a ${type === 'requestExtension' ? 'extension' : 'pause'} can only be asked for and approved inside the period (W34)`;
    }
    if (type === 'requestPause' && clock && pausableClocksOf(c.policy).includes(clock.kind) && pauseDaysUsed(clock) >= maxPauseDaysOf(c.policy)) {
      return `the ${clock.kind} clock has had all ${maxPauseDaysOf(c.policy)} days of pause the policy allows`;
    }
    if (type === 'requestPause' && clock && !pausableClocksOf(c.policy).includes(clock.kind)) {
      return `the ${clock.kind} clock cannot be paused: the policy allows pauses of ${pausableClocksOf(c.policy).join(', ') || 'no clock'} only (hearing time, W36)`;
    }
    if (type === 'requestExtension' && c.status === 'in_handling' && extensionDaysUsed(c) >= c.policy.maxExtensionDays) {
      return `all ${c.policy.maxExtensionDays} extension days are used (W34)`;
    }
    if (type === 'escalate' && c.escalationLevel >= MAX_ESCALATION_LEVEL) return `the petition is already at the highest escalation level (${MAX_ESCALATION_LEVEL})`;
    if (type === 'withdraw' && c.anonymous) return 'an anonymous matter has no petitioner who could withdraw it';
    if (type === 'withdraw' && (c.pendingWithdrawal || c.withdrawal)) return 'the withdrawal is already recorded';
    if (c.pendingObjection) return `an objection to the routing waits for the routing office's decision (decideObjection); "${type}" must wait`;
  }
  return `"${type}" is not allowed while the petition is ${c.status}`;
}

/** A command's own fields, and (rules 2) the state-dependent limits on them. */
export function refusalFor(c: PetitionCase, cmd: Command, now: string): Refusal | undefined {
  const bad = (field: string, message: string): Refusal => ({ code: 'invalid', field, message });
  const no = (message: string): Refusal => ({ code: 'not_allowed', message });
  const rec = cmd as unknown as Record<string, unknown>;
  const required = (fields: string[]) => {
    const missing = fields.find((f) => !nonEmpty(rec[f]));
    return missing ? bad(missing, `${missing} must be a non-empty string`) : undefined;
  };
  const optional = (fields: string[]) => {
    const wrong = fields.find((f) => rec[f] !== undefined && !nonEmpty(rec[f]));
    return wrong ? bad(wrong, `${wrong} must be a non-empty string when given`) : undefined;
  };
  const current = isCurrentRules(c);
  switch (cmd.type) {
    case 'accept': return optional(['unitId', 'officerId']);
    case 'notAccept': return required(['reason', 'redirectTo']);
    case 'route':
      if (cmd.toUnitId === c.unitId) return bad('toUnitId', 'the petition is already with this unit');
      return required(['toUnitId', 'reason']);
    case 'objectRouting': return required(['reason']);
    case 'decideObjection':
      if (typeof cmd.uphold !== 'boolean') return bad('uphold', 'uphold must be true or false');
      if (cmd.toUnitId !== undefined && (!nonEmpty(cmd.toUnitId) || cmd.toUnitId === c.pendingObjection?.unitId)) {
        return bad('toUnitId', 'toUnitId must name another unit than the one that objected');
      }
      if (!cmd.uphold && cmd.toUnitId !== undefined) return bad('toUnitId', 'toUnitId only goes with an upheld objection');
      // W23: the routing office decides, not the unit that objects.
      if (cmd.actor.unitId !== undefined && cmd.actor.unitId === c.pendingObjection?.unitId) return no('the unit that objected cannot decide its own objection: the routing office does');
      return required(['reason']);
    case 'assign': return required(['unitId', 'officerId']) ?? optional(['leaderOwnerId']);
    case 'reassign': return required(['unitId', 'officerId']);
    case 'requestExtension': {
      const left = c.policy.maxExtensionDays - extensionDaysUsed(c);
      if (!current) {
        if (!Number.isInteger(cmd.days) || cmd.days < 1 || cmd.days > left) {
          return bad('days', `days must be a whole number from 1 to ${left} (at most ${c.policy.maxExtensionDays} in total)`);
        }
        return required(['reason']);
      }
      if (!Number.isInteger(cmd.days) || cmd.days < 1) return bad('days', 'days must be a whole number of at least 1');
      if (cmd.days > left) return no(`${cmd.days} extension days asked, ${left} remain of the ${c.policy.maxExtensionDays} allowed in total (W34)`);
      return required(['reason']);
    }
    case 'decideExtension': {
      const pending = c.pendingExtension!;
      if (typeof cmd.approve !== 'boolean') return bad('approve', 'approve must be true or false');
      if (cmd.approve && cmd.days !== undefined && (!Number.isInteger(cmd.days) || cmd.days < 1 || cmd.days > pending.days)) {
        return bad('days', `approved days must be a whole number from 1 to the ${pending.days} requested`);
      }
      const clock = activeHandlingClock(c);
      if (current && cmd.approve && clock && (clock.breach || isPastDue(clock, now))) {
        return no(`the handling period ended on ${dueText(clock)}: an extension is approved only inside the period (W34); refuse it instead`);
      }
      return cmd.approve ? undefined : required(['reason']);
    }
    case 'requestPause': {
      const max = maxPauseDaysOf(c.policy);
      if (!Number.isInteger(cmd.days) || cmd.days < 1 || cmd.days > max) return bad('days', `days must be a whole number from 1 to ${max} (the policy's longest pause)`);
      const clock = activeHandlingClock(c);
      const left = clock ? max - pauseDaysUsed(clock) : max;
      if (cmd.days > left) return no(`${cmd.days} days of pause asked, ${left} remain of the ${max} the policy allows on this clock in all`);
      return required(['reason']);
    }
    case 'decidePause': {
      const pending = c.pendingPause!;
      if (typeof cmd.approve !== 'boolean') return bad('approve', 'approve must be true or false');
      if (cmd.approve && cmd.days !== undefined && (!Number.isInteger(cmd.days) || cmd.days < 1 || cmd.days > pending.days)) {
        return bad('days', `approved days must be a whole number from 1 to the ${pending.days} requested`);
      }
      const clock = c.clocks.find((k) => k.id === pending.clockId);
      if (cmd.approve && clock && (clock.breach || isPastDue(clock, now))) {
        return no(`the ${clock.kind} period ended on ${dueText(clock)}: a pause is approved only inside the period; refuse it instead`);
      }
      return cmd.approve ? undefined : required(['reason']);
    }
    case 'pauseClock': return required(['reason']);
    case 'reply': case 'issueReviewOpinion': case 'issueReReviewOpinion': {
      if (!['support', 'explain', 'not_support'].includes(cmd.decision)) return bad('decision', 'decision must be support, explain or not_support');
      const missing = required(['facts', 'legalBasis', 'text']);
      if (missing || !current || cmd.type === 'reply') return missing;
      // Reviews go up (W35, W36): nobody reviews an answer they gave.
      const earlier = cmd.type === 'issueReviewOpinion' ? [c.reply?.by] : [c.reply?.by, c.reviewOpinion?.by];
      if (earlier.includes(cmd.actor.id)) return no('the officer who gave an earlier answer in this case cannot issue its review opinion: the review body one level up does');
      return undefined;
    }
    case 'recordDelivery': {
      if (!['post', 'in_person', 'fax'].includes(cmd.method)) return bad('method', 'method must be post, in_person or fax');
      if (!isInstant(cmd.deliveredAt)) return bad('deliveredAt', 'deliveredAt must be an ISO date-time');
      const answer = c.stage === 'handling' ? c.reply : c.stage === 'review' ? c.reviewOpinion : c.reReviewOpinion;
      if (answer && Date.parse(cmd.deliveredAt) < Date.parse(answer.issuedAt)) return bad('deliveredAt', `deliveredAt cannot be before the answer was issued (${answer.issuedAt})`);
      if (Date.parse(cmd.deliveredAt) > Date.parse(now)) return bad('deliveredAt', 'deliveredAt cannot be in the future');
      return undefined;
    }
    case 'recordReturnVisit':
      if (!isRating(cmd.outcome)) return bad('outcome', 'outcome must be satisfied, basically_satisfied or dissatisfied');
      return required(['notes']);
    case 'evaluate':
      if (!isRating(cmd.rating)) return bad('rating', 'rating must be satisfied, basically_satisfied or dissatisfied');
      return current ? onBehalf(c, cmd, now) : undefined;
    case 'requestReview': case 'requestReReview':
      return required(['reason']) ?? (current ? onBehalf(c, cmd, now) : undefined);
    case 'withdraw':
      if (!current) return undefined;
      return required(['reason']) ?? onBehalf(c, cmd, now);
    case 'decideWithdrawal':
      if (typeof cmd.approve !== 'boolean') return bad('approve', 'approve must be true or false');
      return cmd.approve ? undefined : required(['reason']);
    case 'escalate':
      if (!Number.isInteger(cmd.level) || cmd.level < 1 || cmd.level > MAX_ESCALATION_LEVEL) return bad('level', `level must be a whole number from 1 to ${MAX_ESCALATION_LEVEL}`);
      if (current && cmd.level <= c.escalationLevel) return no(`the petition is already at escalation level ${c.escalationLevel}: escalate to a higher level (at most ${MAX_ESCALATION_LEVEL})`);
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
      if (!isInstant(cmd.receivedAt)) return bad('receivedAt', 'receivedAt must be an ISO date-time');
      return required(['submissionId']);
    case 'reopen': return required(['reason']);
    case 'recomputeDueDates':
      if (!Array.isArray(cmd.calendarYears) || !cmd.calendarYears.every((y) => /^\d{4}$/.test(y))) return bad('calendarYears', 'calendarYears must list years (YYYY)');
      return required(['reason']);
    default: return undefined;
  }
}

/**
 * The petitioner acts for themselves; an officer records their act only when it came by letter,
 * call, visit or fax, from a petitioner who has no online account on the case, with its source.
 */
function onBehalf(c: PetitionCase, cmd: Command & { source?: ActSource }, now: string): Refusal | undefined {
  if (cmd.actor.role === 'petitioner') {
    return cmd.source === undefined ? undefined : { code: 'invalid', field: 'source', message: 'source is for an officer recording a petitioner\'s letter, call or visit' };
  }
  if (c.petitionerUserId) {
    return { code: 'not_allowed', message: 'the petitioner has an online account on this case and acts through it; staff record only what a petitioner without an account sends by letter, phone, visit or fax' };
  }
  const s = cmd.source;
  if (!s || typeof s !== 'object') return { code: 'invalid', field: 'source', message: 'source is required: how the petitioner\'s act reached you ({ channel, receivedOn })' };
  if (!SOURCE_CHANNELS.includes(s.channel)) return { code: 'invalid', field: 'source.channel', message: `source.channel must be one of ${SOURCE_CHANNELS.join(', ')}` };
  if (typeof s.receivedOn !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s.receivedOn) || Number.isNaN(Date.parse(s.receivedOn))) {
    return { code: 'invalid', field: 'source.receivedOn', message: 'source.receivedOn must be a date (YYYY-MM-DD)' };
  }
  // Compared by date: a letter received today in Shanghai may be dated a day after UTC's today.
  if (Date.parse(s.receivedOn) > Date.parse(now) + 24 * 60 * 60 * 1000) return { code: 'invalid', field: 'source.receivedOn', message: 'source.receivedOn cannot be in the future' };
  if (c.receivedAt && Date.parse(s.receivedOn) < Date.parse(c.receivedAt.slice(0, 10)) - 24 * 60 * 60 * 1000) {
    return { code: 'invalid', field: 'source.receivedOn', message: 'source.receivedOn cannot be before the petition was received' };
  }
  return undefined;
}

