// Test helpers for the pure domain: a registered case driven command by command, with due dates
// filled in from the real holiday calendar (policy/calendars/CN.json), the way the workflow's
// due-date activity does it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeDueDate, validateCalendar, type HolidayCalendar } from '../../src/domain/calendar';
import {
  applyDueDates, decide, dueDateRequests, register, resolvePolicy, tick, validatePolicy,
  type Actor, type ClockKind, type Command, type Decision, type DueDateAnswer, type Effect, type Notice,
  type OpinionInput, type PetitionCase, type PetitionClass, type PolicyDocument, type Registration,
  type ResolvedPolicy, type Status, type TimelineEvent,
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

/** Due dates for the clocks a batch of effects asks for, from the real calendar in the case's time zone. */
export function dueDateAnswers(c: PetitionCase, effects: Effect[]): DueDateAnswer[] {
  const ids = effects.flatMap((e) => (e.type === 'computeDueDates' ? e.clockIds : []));
  const calendar = { ...CN, timeZone: c.policy.timeZone };
  return dueDateRequests(c, ids).map(({ clockId, ...period }) => ({ clockId, ...computeDueDate(period, calendar) }));
}

/** What the workflow does after each decide/tick: compute the requested due dates and record them. */
export function applyAnswers(c: PetitionCase, effects: Effect[]): PetitionCase {
  const answers = dueDateAnswers(c, effects);
  return answers.length ? applyDueDates(c, answers) : c;
}

export const noticesOf = (effects: Effect[]): Notice[] => effects.flatMap((e) => (e.type === 'notify' ? [e.notice] : []));

/** A command without its actor; the driver fills in a sensible one. */
type WithoutActor<C> = C extends unknown ? Omit<C, 'actor'> & { actor?: Actor } : never;
export type Cmd = WithoutActor<Command>;

const DEFAULT_ACTOR: Partial<Record<Command['type'], Actor>> = {
  evaluate: citizen, requestReview: citizen, requestReReview: citizen, withdraw: citizen,
  escalate: supervisor, supervise: supervisor, decideExtension: supervisor, reassign: supervisor,
  accept: intake, notAccept: intake, route: intake, assign: intake, linkRepeat: intake,
};

export function withActor(cmd: Cmd): Command {
  return { ...cmd, actor: cmd.actor ?? DEFAULT_ACTOR[cmd.type] ?? officer } as Command;
}

/** One petition driven through the domain as the workflow would: decide, then due dates; tick for time. */
export class Petition {
  case: PetitionCase;
  now: string;
  /** Every effect the case produced, registration included, in order. */
  readonly effects: Effect[] = [];

  constructor(overrides: Partial<Registration> = {}, policy: ResolvedPolicy = policyFor(overrides.organisationId, overrides.class)) {
    const r = register(registration(overrides), policy);
    this.case = applyAnswers(r.case, r.effects);
    this.effects.push(...r.effects);
    this.now = this.case.receivedAt;
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
    this.case = applyAnswers(result.case, result.effects);
    this.effects.push(...result.effects);
    return result.effects;
  }

  /** Lets time pass to `to` (default: now) and applies what tick returns. */
  tick(to?: number | string): { effects: Effect[]; changed: boolean } {
    if (to !== undefined) this.advance(to);
    const t = tick(this.case, this.now);
    if (t.changed) {
      this.case = applyAnswers(t.case, t.effects);
      this.effects.push(...t.effects);
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
  | 'appeal_window_review'
  | 'in_handling_paused'
  | 'in_handling_extension_pending'
  | 'in_handling_supervised';

/** A petition brought to a state by ordinary commands, one day per step. */
export function reach(state: Reachable, overrides: Partial<Registration> = {}): Petition {
  const p = new Petition(overrides);
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
    case 'in_handling_paused': toHandling(); step({ type: 'pauseClock', reason: 'hearing (听证)' }); return p;
    case 'in_handling_extension_pending': toHandling(); step({ type: 'requestExtension', days: 20, reason: 'expert appraisal needed' }); return p;
    case 'in_handling_supervised': toHandling(); step({ type: 'supervise', instruction: 'Report progress in writing.' }); return p;
    case 'awaiting_evaluation': toEvaluation(); return p;
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
    case 'closed':
      toEvaluation();
      step({ type: 'evaluate', rating: 'satisfied' });
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
