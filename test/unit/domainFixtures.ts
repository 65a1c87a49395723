// Test helpers for the pure domain: a registered case driven command by command, with due dates
// filled in from the real holiday calendar (policy/calendars/CN.json), the way the workflow's
// due-date activity does it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateCalendar, type HolidayCalendar, type ProvisionalRestDays } from '../../src/domain/calendar';
import {
  announceRecomputedDueDates, answerDueDate, applyDueDates, assignReviewBody, CURRENT_RULES, decide, dueDateRequests,
  register, resolvePolicy, tick, validatePolicy,
  type Actor, type ClockKind, type Command, type Decision, type DueDateAnswer, type Effect, type Notice,
  type OpinionInput, type PetitionCase, type PetitionClass, type PolicyDocument, type Registration,
  type ResolvedPolicy, type RulesVersion, type Status, type TimelineEvent,
} from '../../src/domain';

const root = join(__dirname, '..', '..');
const readJson = (file: string): unknown => JSON.parse(readFileSync(join(root, file), 'utf8'));

export const CN: HolidayCalendar = validateCalendar(readJson('policy/calendars/CN.json'));
export const POLICY_DOC: PolicyDocument = validatePolicy(readJson('policy/default.json'));
/** A fresh parse each call, for tests that modify the document. */
export const rawPolicy = (): Record<string, unknown> => readJson('policy/default.json') as Record<string, unknown>;

export function policyFor(organisationId = 'national', cls: PetitionClass = 'claim'): ResolvedPolicy {
  return resolvePolicy(POLICY_DOC, organisationId, cls);
}

export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;
/** Monday 2 March 2026, 09:00 in Shanghai: an ordinary working week, no holiday nearby. */
export const T0 = '2026-03-02T01:00:00.000Z';

export const plus = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();

export const intake: Actor = { id: 'intake-wang', role: 'intake_officer', unitId: 'unit-office' };
export const officer: Actor = { id: 'officer-li', role: 'case_officer', unitId: 'unit-housing' };
export const officer2: Actor = { id: 'officer-sun', role: 'case_officer', unitId: 'unit-planning' };
export const supervisor: Actor = { id: 'supervisor-zhao', role: 'supervisor', unitId: 'unit-office' };
/** An officer of the unit above housing: the review body (复查机关) for housing's reply. */
export const reviewer: Actor = { id: 'officer-wu', role: 'case_officer', unitId: 'unit-office' };
/** An officer of the body the policy names above the office: the re-review body (复核机关). */
export const reReviewer: Actor = { id: 'officer-qian', role: 'case_officer', unitId: 'petition-office' };
export const citizen: Actor = { id: 'citizen-chen', role: 'petitioner' };
export const system: Actor = { id: 'system', role: 'system' };

export const OPINION: OpinionInput = {
  decision: 'support',
  facts: 'The heating pipe in building 3 is broken.',
  legalBasis: 'Property Management Regulations art. 35',
  text: 'The property company will repair the heating within 10 days.',
};

export function registration(overrides: Partial<Registration> = {}): Registration {
  return {
    id: 'p-0001',
    queryCode: 'Q7K2M9',
    matterKey: 'matter-heating-b3',
    organisationId: 'national',
    class: 'claim',
    channel: 'online',
    receivedAt: T0,
    petitioner: { name: '陈明', contact: '13800000000' },
    petitionerUserId: citizen.id,
    title: 'Heating not repaired',
    content: 'The heating in building 3 has not worked since October.',
    unitId: 'unit-office',
    intakeOfficerId: intake.id,
    ...overrides,
  };
}

/**
 * Due dates for the clocks a batch of effects asks for, from the real calendar in the case's time zone.
 * `provisional`: the rest days of a year the calendar lacks (the activity passes the statutory holidays);
 * without it such a year counts weekends only.
 */
export function dueDateAnswers(c: PetitionCase, effects: Effect[], calendar: HolidayCalendar = CN, provisional?: ProvisionalRestDays): DueDateAnswer[] {
  const ids = effects.flatMap((e) => (e.type === 'computeDueDates' ? e.clockIds : []));
  const cal = { ...calendar, timeZone: c.policy.timeZone };
  return dueDateRequests(c, ids).map((request) => answerDueDate(request, cal, provisional));
}

/**
 * The unit tree the review-body activity reads in these tests: housing and planning under the office,
 * the office at the top (the policy names it as the reviewing body for itself).
 */
export const UNIT_PARENTS: Record<string, string | undefined> = {
  'unit-housing': 'unit-office', 'unit-planning': 'unit-office', 'unit-water': 'unit-office', 'unit-slow': 'unit-office', 'unit-office': undefined,
};

/**
 * What the workflow does after each decide/tick: compute the requested due dates and record them,
 * announce recomputed ones, and move a review to the body one level up. Returns the case and the
 * effects those steps added.
 */
export function runEffects(
  c: PetitionCase, effects: Effect[], now: string, calendar: HolidayCalendar = CN, provisional?: ProvisionalRestDays,
): { case: PetitionCase; effects: Effect[] } {
  const answers = dueDateAnswers(c, effects, calendar, provisional);
  let next = answers.length ? applyDueDates(c, answers) : c;
  const added: Effect[] = [];
  if (next.recomputation) {
    const r = announceRecomputedDueDates(next, now);
    next = r.case;
    added.push(...r.effects);
  }
  for (const e of effects) {
    if (e.type !== 'resolveReviewBody') continue;
    const parent = e.fromUnitId ? UNIT_PARENTS[e.fromUnitId] : undefined;
    const top = next.policy.topReviewBodyUnitId;
    const body = parent ? { unitId: parent, via: 'parent' as const } : top ? { unitId: top, via: 'policy' as const } : { unitId: e.fromUnitId ?? '', via: 'unchanged' as const };
    const r = assignReviewBody(next, { stage: e.stage, ...body }, now);
    next = r.case;
    added.push(...r.effects);
  }
  return { case: next, effects: added };
}

/** The case after the workflow ran a batch's effects (see runEffects). */
export function applyAnswers(c: PetitionCase, effects: Effect[], now = c.timeline[c.timeline.length - 1]?.at ?? c.receivedAt): PetitionCase {
  return runEffects(c, effects, now).case;
}

export const noticesOf = (effects: Effect[]): Notice[] => effects.flatMap((e) => (e.type === 'notify' ? [e.notice] : []));

/** A command without its actor; the driver fills in a sensible one. */
type WithoutActor<C> = C extends unknown ? Omit<C, 'actor'> & { actor?: Actor } : never;
export type Cmd = WithoutActor<Command>;

const DEFAULT_ACTOR: Partial<Record<Command['type'], Actor>> = {
  evaluate: citizen, requestReview: citizen, requestReReview: citizen, withdraw: citizen,
  escalate: supervisor, supervise: supervisor, decideExtension: supervisor, reassign: supervisor,
  decidePause: supervisor, decideWithdrawal: supervisor, reopen: supervisor,
  accept: intake, notAccept: intake, route: intake, assign: intake, linkRepeat: intake, decideObjection: intake,
  issueReviewOpinion: reviewer, issueReReviewOpinion: reReviewer, recomputeDueDates: system,
};

export function withActor(cmd: Cmd): Command {
  return { ...cmd, actor: cmd.actor ?? DEFAULT_ACTOR[cmd.type] ?? officer } as Command;
}

/**
 * The rules new fixture petitions run on. PETITION_RULES=1 registers them on the first release's rules
 * instead: the tests of issue 10 are written to fail there (run `PETITION_RULES=1 npx jest test/unit`
 * to see them fail; tests that name rules 1 explicitly are unaffected).
 */
export const FIXTURE_RULES: RulesVersion = process.env.PETITION_RULES === '1' ? 1 : CURRENT_RULES;

/** One petition driven through the domain as the workflow would: decide, then due dates; tick for time. */
export class Petition {
  case: PetitionCase;
  now: string;
  /** Every effect the case produced, registration included, in order. */
  readonly effects: Effect[] = [];

  /** The holiday calendar the due-date "activity" uses; tests may load another year into it. */
  calendar: HolidayCalendar = CN;

  constructor(
    overrides: Partial<Registration> = {},
    policy: ResolvedPolicy = policyFor(overrides.organisationId, overrides.class),
    readonly rules: RulesVersion = FIXTURE_RULES,
    /** The rest days of a year without an arrangement, as the activity counts them (statutoryHolidays' provisionalRestDays). */
    readonly provisional?: ProvisionalRestDays,
  ) {
    const r = register(registration(overrides), policy, rules);
    this.now = r.case.receivedAt;
    this.case = r.case;
    this.settle(r.effects);
  }

  /** Runs a batch's effects as the workflow does, recording them and whatever they add. */
  private settle(effects: Effect[]): void {
    const r = runEffects(this.case, effects, this.now, this.calendar, this.provisional);
    this.case = r.case;
    this.effects.push(...effects, ...r.effects);
  }

  get notices(): Notice[] {
    return noticesOf(this.effects);
  }

  /** Moves time forward (never back): by a number of ms, or to an instant. */
  advance(to: number | string): this {
    const next = typeof to === 'number' ? plus(this.now, to) : to;
    if (Date.parse(next) < Date.parse(this.now)) throw new Error(`time goes back: ${next} < ${this.now}`);
    this.now = next;
    return this;
  }

  /** Decides without applying: the answer a refused command gets. */
  try(cmd: Cmd): Decision {
    return decide(this.case, withActor(cmd), this.now);
  }

  /** Applies a command that must be accepted; returns its effects. */
  do(cmd: Cmd): Effect[] {
    const result = this.try(cmd);
    if (!result.ok) {
      throw new Error(`${cmd.type} refused in ${this.case.status}: ${result.refusal.code} ${result.refusal.field ?? ''} ${result.refusal.message}`);
    }
    this.case = result.case;
    this.settle(result.effects);
    return result.effects;
  }

  /** Lets time pass to `to` (default: now) and applies what tick returns. */
  tick(to?: number | string): { effects: Effect[]; changed: boolean } {
    if (to !== undefined) this.advance(to);
    const t = tick(this.case, this.now);
    if (t.changed) {
      this.case = t.case;
      this.settle(t.effects);
    }
    return { effects: t.effects, changed: t.changed };
  }

  /** The latest clock of a kind (running or not). */
  clock(kind: ClockKind) {
    const list = this.case.clocks.filter((k) => k.kind === kind);
    const k = list[list.length - 1];
    if (!k) throw new Error(`no ${kind} clock`);
    return k;
  }

  runningClocks() {
    return this.case.clocks.filter((k) => k.stoppedAt === undefined);
  }

  events(type?: string): TimelineEvent[] {
    return type ? this.case.timeline.filter((e) => e.type === type) : this.case.timeline;
  }

  lastEvent(): TimelineEvent {
    const e = this.case.timeline[this.case.timeline.length - 1];
    if (!e) throw new Error('empty timeline');
    return e;
  }
}

/** States a test can ask for, each reached through the ordinary commands. */
export type Reachable =
  | Status
  | 'routed_confirmed'
  | 'routed_objected'
  | 'appeal_window_review'
  | 'appeal_window_satisfied'
  | 'in_re_review_pause_pending'
  | 'in_re_review_paused'
  | 'in_handling_extension_pending'
  | 'in_handling_supervised'
  | 'in_handling_breached'
  | 'in_handling_withdrawal_pending'
  | 'awaiting_evaluation_review'
  | 'return_visit_after_withdrawal'
  | 'closed_supervised';

/**
 * A petition brought to a state by ordinary commands, one day per step. `awaiting_delivery` needs a
 * petitioner without an online account: unless told otherwise it is reached with a letter.
 */
export function reach(state: Reachable, overrides: Partial<Registration> = {}): Petition {
  const byLetter = state === 'awaiting_delivery' && overrides.channel === undefined && !('petitionerUserId' in overrides);
  const p = new Petition(byLetter ? { channel: 'letter', petitionerUserId: undefined, ...overrides } : overrides);
  const step = (cmd: Cmd) => {
    p.advance(DAY);
    p.do(cmd);
  };
  const toHandling = () => {
    step({ type: 'accept' });
    step({ type: 'assign', unitId: 'unit-housing', officerId: officer.id });
  };
  const toEvaluation = () => {
    toHandling();
    step({ type: 'reply', ...OPINION });
  };
  const toAppeal = () => {
    toEvaluation();
    step({ type: 'evaluate', rating: 'dissatisfied' });
  };
  const toReview = () => {
    toAppeal();
    step({ type: 'requestReview', reason: 'The repair deadline is too late.' });
  };
  const toAppealReview = () => {
    toReview();
    step({ type: 'issueReviewOpinion', ...OPINION, decision: 'explain' });
    step({ type: 'evaluate', rating: 'dissatisfied' });
  };
  switch (state) {
    case 'registered': return p;
    case 'routed':
      step({ type: 'route', toUnitId: 'unit-housing', reason: 'Housing repairs are handled by the housing bureau.' });
      return p;
    case 'routed_confirmed':
      step({ type: 'route', toUnitId: 'unit-housing', reason: 'Housing repairs are handled by the housing bureau.' });
      p.tick(plus(p.clock('objection').dueAt!, 1));
      return p;
    case 'accepted': step({ type: 'accept' }); return p;
    case 'in_handling': toHandling(); return p;
    case 'routed_objected':
      step({ type: 'route', toUnitId: 'unit-housing', reason: 'Housing repairs are handled by the housing bureau.' });
      step({ type: 'objectRouting', reason: 'Heating in private flats is the owner\'s matter.', actor: officer });
      return p;
    case 'in_handling_extension_pending': toHandling(); step({ type: 'requestExtension', days: 20, reason: 'expert appraisal needed' }); return p;
    case 'in_handling_supervised': toHandling(); step({ type: 'supervise', instruction: 'Report progress in writing.' }); return p;
    case 'in_handling_breached':
      toHandling();
      p.tick(plus(p.clock('handling').dueAt!, HOUR));
      return p;
    case 'in_handling_withdrawal_pending':
      // Under escalation the petitioner's withdrawal waits for a supervisor.
      toHandling();
      step({ type: 'escalate', reason: 'Repeated visits.', level: 1 });
      step({ type: 'withdraw', reason: 'The landlord repaired it.' });
      return p;
    case 'awaiting_evaluation_review':
      toReview();
      step({ type: 'issueReviewOpinion', ...OPINION, decision: 'explain' });
      return p;
    case 'return_visit_after_withdrawal':
      // Withdrawn after the reply, before any rating: the return visit is still owed.
      toEvaluation();
      step({ type: 'withdraw', reason: 'Moved away.' });
      return p;
    case 'closed_supervised':
      // Closed by an approved withdrawal while a supervision notice is unanswered: the notice stays open.
      toHandling();
      step({ type: 'supervise', instruction: 'Report progress in writing.' });
      step({ type: 'withdraw', reason: 'Settled with the landlord.' });
      step({ type: 'decideWithdrawal', approve: true });
      return p;
    case 'awaiting_delivery':
      if (p.case.channel === 'online') throw new Error('reach awaiting_delivery with { channel: "letter", petitionerUserId: undefined }');
      toHandling();
      step({ type: 'reply', ...OPINION });
      return p;
    case 'awaiting_evaluation': toEvaluation(); return p;
    case 'appeal_window_satisfied': toEvaluation(); step({ type: 'evaluate', rating: 'satisfied' }); return p;
    case 'return_visit_required':
      toEvaluation();
      p.tick(plus(p.clock('evaluation').dueAt!, 1));
      return p;
    case 'appeal_window': toAppeal(); return p;
    case 'in_review': toReview(); return p;
    case 'appeal_window_review': toAppealReview(); return p;
    case 'in_re_review':
      toAppealReview();
      step({ type: 'requestReReview', reason: 'Still not repaired.' });
      return p;
    case 'in_re_review_pause_pending':
    case 'in_re_review_paused':
      toAppealReview();
      step({ type: 'requestReReview', reason: 'Still not repaired.' });
      step({ type: 'requestPause', days: 5, reason: 'hearing (听证)', actor: reReviewer });
      if (state === 'in_re_review_paused') step({ type: 'decidePause', approve: true });
      return p;
    case 'closed':
      // Satisfied, and nobody asks for a review within 30 days of the delivery: the case closes.
      toEvaluation();
      step({ type: 'evaluate', rating: 'satisfied' });
      p.tick(plus(p.clock('reviewRequest').dueAt!, 1));
      return p;
  }
}

/** Deterministic pseudo-random numbers (mulberry32): the same seed gives the same sequence. */
export function rng(seed: number): { next(): number; int(n: number): number; pick<T>(list: readonly T[]): T; chance(p: number): boolean } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => {
      if (!list.length) throw new Error('pick from an empty list');
      return list[Math.floor(next() * list.length)]!;
    },
    chance: (p) => next() < p,
  };
}
