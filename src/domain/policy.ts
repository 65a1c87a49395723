// Time limits are policy data (an organisation changes them without touching the workflow).
// A case resolves its policy once, at registration, and keeps that snapshot.
import type { ClockKind, PeriodLimit, PetitionClass, ResolvedPolicy } from './types';

/**
 * The national ceilings (信访工作条例 2022, W<n>; 信访条例 2005, T<n>): an organisation's policy may
 * tighten them, never loosen them. Evaluation and return-visit windows are office practice: no ceiling.
 */
export const NATIONAL_CEILINGS: Partial<Record<ClockKind, PeriodLimit & { article: string }>> = {
  acceptance: { days: 15, unit: 'calendar', article: 'W22, W23' },
  objection: { days: 5, unit: 'working', article: 'W23' },
  handling: { days: 60, unit: 'calendar', article: 'W34' },
  reviewRequest: { days: 30, unit: 'calendar', article: 'W35' },
  reviewHandling: { days: 30, unit: 'calendar', article: 'W35' },
  reReviewRequest: { days: 30, unit: 'calendar', article: 'W36' },
  reReviewHandling: { days: 30, unit: 'calendar', article: 'W36' },
  supervisionReply: { days: 30, unit: 'calendar', article: 'T36' },
};
export const NATIONAL_MAX_EXTENSION_DAYS = 30; // W34

/** By default only hearing time on the re-review clock is excluded (W36). */
export const DEFAULT_PAUSABLE_CLOCKS: readonly ClockKind[] = ['reReviewHandling'];
export const DEFAULT_MAX_PAUSE_DAYS = 30;

/**
 * How long a limit can run, in calendar days, for comparing it with a ceiling in another unit: a
 * working day counts as 7/5 of a day (a week of five working days spans seven).
 */
function spanDays(l: PeriodLimit): number {
  return l.unit === 'working' ? Math.ceil((l.days * 7) / 5) : l.days;
}

/** Whether a limit ends no later than a ceiling: same unit by days, a calendar limit within a working ceiling of the same days. */
function withinCeiling(l: PeriodLimit, ceiling: PeriodLimit): boolean {
  if (l.unit === ceiling.unit || l.unit === 'calendar') return l.days <= ceiling.days;
  return spanDays(l) <= ceiling.days;
}

const CLOCK_KINDS: ClockKind[] = [
  'acceptance', 'objection', 'handling', 'evaluation', 'returnVisit',
  'reviewRequest', 'reviewHandling', 'reReviewRequest', 'reReviewHandling', 'supervisionReply',
];

export interface PolicyRules {
  timeZone?: string;
  limits?: Partial<Record<ClockKind, PeriodLimit>>;
  byClass?: Partial<Record<PetitionClass, { limits?: Partial<Record<ClockKind, PeriodLimit>> }>>;
  maxExtensionDays?: number;
  warnings?: { fractions?: number[]; daysBefore?: number };
  escalation?: { graceDays?: number };
  /** Which clocks a supervisor may pause (a hearing, 听证) and for how many days at most. */
  pauses?: { clocks?: ClockKind[]; maxDays?: number };
  /** The reviewing body (a unit id) for an answer from a unit with no unit above it. */
  reviewBodies?: { whenNoHigherUnit?: string };
  /**
   * A provincial regulation that divides the national periods differently but is, taken together,
   * stricter or equal (e.g. Zhejiang: 30 days to handle + up to 60 extension ≤ 60 + 30). Its handling
   * and extension are then checked as a total; every other limit still within its national ceiling.
   */
  provincialRule?: { citation: string; stricterOrEqual: true };
}

export interface PolicyDocument extends PolicyRules {
  id: string;
  timeZone: string;
  limits: Record<ClockKind, PeriodLimit>;
  maxExtensionDays: number;
  warnings: { fractions: number[]; daysBefore: number };
  escalation: { graceDays: number };
  /** Organisations that tighten or loosen the national defaults (e.g. a province). */
  organisations?: Record<string, PolicyRules>;
}

const CLASSES: PetitionClass[] = ['suggestion', 'report', 'claim'];

function fail(where: string, message: string): never {
  throw new Error(`policy ${where}: ${message}`);
}

const join = (where: string, key: string): string => (where ? `${where}.${key}` : key);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkLimit(where: string, l: unknown): PeriodLimit {
  const v = l as PeriodLimit;
  if (!isObject(v) || !Number.isInteger(v.days) || v.days < 1 || v.days > 366 || !['calendar', 'working'].includes(v.unit)) {
    fail(where, 'expected { days: 1..366, unit: "calendar" | "working" }');
  }
  return { days: v.days, unit: v.unit };
}

function checkTimeZone(where: string, tz: unknown): void {
  if (typeof tz !== 'string' || !tz) fail(where, 'a time zone name is required (e.g. "Asia/Shanghai")');
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    fail(where, `unknown time zone "${tz}"`);
  }
}

function ceilingFail(where: string, what: string, ceiling: string, article: string): never {
  return fail(where, `${what} is longer than the national ceiling of ${ceiling} (${article}); a policy may tighten the national limits, never loosen them`);
}

/** `combined`: a marked provincial rule, whose handling period is checked together with its extension. */
function checkLimits(where: string, limits: unknown, combined = false): void {
  if (limits === undefined) return;
  if (!isObject(limits)) fail(where, 'expected an object of clock limits');
  for (const [kind, limit] of Object.entries(limits)) {
    if (!CLOCK_KINDS.includes(kind as ClockKind)) fail(where, `unknown clock "${kind}" (one of ${CLOCK_KINDS.join(', ')})`);
    const l = checkLimit(join(where, kind), limit);
    const ceiling = NATIONAL_CEILINGS[kind as ClockKind];
    if (ceiling && !(combined && kind === 'handling') && !withinCeiling(l, ceiling)) {
      ceilingFail(join(where, kind), `${l.days} ${l.unit} days`, `${ceiling.days} ${ceiling.unit} days`, ceiling.article);
    }
  }
}

/** A marked provincial rule: handling + extension together within the national 60 + 30 days (W34). */
function checkCombinedHandling(where: string, handling: PeriodLimit, maxExtensionDays: number): void {
  const national = NATIONAL_CEILINGS.handling!.days + NATIONAL_MAX_EXTENSION_DAYS;
  const total = spanDays(handling) + Math.ceil(handling.unit === 'working' ? (maxExtensionDays * 7) / 5 : maxExtensionDays);
  if (total > national) {
    ceilingFail(where, `handling ${handling.days} ${handling.unit} days + extension ${maxExtensionDays} (${total} days together)`, `${national} days together`, 'W34');
  }
}

const nonNegative = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Checks the optional rules a policy, a class or an organisation may set; `where` is the path so far. */
function checkRules(where: string, r: unknown, nested: boolean, base?: PolicyRules): void {
  if (!isObject(r)) fail(where || '(root)', 'expected an object');
  const rules = r as PolicyRules;
  if (nested && rules.timeZone !== undefined) checkTimeZone(join(where, 'timeZone'), rules.timeZone);
  const marked = rules.provincialRule !== undefined;
  if (marked) {
    const p = rules.provincialRule as unknown;
    if (!nested) fail('provincialRule', 'only an organisation can be marked as a provincial rule');
    if (!isObject(p) || typeof p.citation !== 'string' || !p.citation.trim() || p.stricterOrEqual !== true) {
      fail(join(where, 'provincialRule'), 'expected { "citation": "<the regulation and article>", "stricterOrEqual": true }');
    }
  }
  checkLimits(join(where, 'limits'), rules.limits, marked);
  if (rules.byClass !== undefined) {
    if (!isObject(rules.byClass)) fail(join(where, 'byClass'), 'expected an object keyed by petition class');
    for (const [cls, classRules] of Object.entries(rules.byClass)) {
      const at = join(where, `byClass.${cls}`);
      if (!CLASSES.includes(cls as PetitionClass)) fail(join(where, 'byClass'), `unknown class "${cls}" (one of ${CLASSES.join(', ')})`);
      if (!isObject(classRules)) fail(at, 'expected an object');
      checkLimits(join(at, 'limits'), classRules.limits, marked);
    }
  }
  if (rules.maxExtensionDays !== undefined && !(Number.isInteger(rules.maxExtensionDays) && rules.maxExtensionDays >= 0)) {
    fail(join(where, 'maxExtensionDays'), 'a non-negative integer');
  }
  if (rules.maxExtensionDays !== undefined && rules.maxExtensionDays > NATIONAL_MAX_EXTENSION_DAYS && !marked) {
    ceilingFail(join(where, 'maxExtensionDays'), `${rules.maxExtensionDays} days`, `${NATIONAL_MAX_EXTENSION_DAYS} days`, 'W34');
  }
  if (marked) {
    // Every handling limit this organisation can resolve to, with its extension, within 60 + 30 days.
    const ext = rules.maxExtensionDays ?? base?.maxExtensionDays ?? NATIONAL_MAX_EXTENSION_DAYS;
    const handlingLimits: [string, PeriodLimit | undefined][] = [
      [join(where, 'limits.handling'), rules.limits?.handling ?? base?.limits?.handling],
      ...CLASSES.map((cls): [string, PeriodLimit | undefined] => [join(where, `byClass.${cls}.limits.handling`), rules.byClass?.[cls]?.limits?.handling]),
    ];
    for (const [at, l] of handlingLimits) if (l) checkCombinedHandling(at, l, ext);
  }
  if (rules.pauses !== undefined) {
    if (!isObject(rules.pauses)) fail(join(where, 'pauses'), 'expected { clocks, maxDays }');
    const clocks = rules.pauses.clocks;
    if (clocks !== undefined && (!Array.isArray(clocks) || !clocks.every((k) => CLOCK_KINDS.includes(k)))) {
      fail(join(where, 'pauses.clocks'), `expected a list of clocks (of ${CLOCK_KINDS.join(', ')})`);
    }
    const max = rules.pauses.maxDays;
    if (max !== undefined && !(Number.isInteger(max) && max >= 1 && max <= 366)) fail(join(where, 'pauses.maxDays'), 'a whole number of days from 1 to 366');
  }
  if (rules.reviewBodies !== undefined) {
    const top = (rules.reviewBodies as Record<string, unknown>)?.whenNoHigherUnit;
    if (!isObject(rules.reviewBodies) || (top !== undefined && (typeof top !== 'string' || !top))) {
      fail(join(where, 'reviewBodies'), 'expected { "whenNoHigherUnit": "<unit id>" }');
    }
  }
  if (rules.warnings !== undefined) {
    if (!isObject(rules.warnings)) fail(join(where, 'warnings'), 'expected { fractions, daysBefore }');
    const f = rules.warnings.fractions;
    if (f !== undefined) {
      if (!Array.isArray(f)) fail(join(where, 'warnings.fractions'), 'expected an array of numbers');
      if (!f.every((x) => typeof x === 'number' && x > 0 && x < 1)) fail(join(where, 'warnings.fractions'), 'each in (0, 1)');
      if (new Set(f).size !== f.length) fail(join(where, 'warnings.fractions'), 'no fraction twice');
    }
    const before = rules.warnings.daysBefore;
    if (before !== undefined && !nonNegative(before)) fail(join(where, 'warnings.daysBefore'), 'a non-negative number of days');
  }
  if (rules.escalation !== undefined) {
    if (!isObject(rules.escalation)) fail(join(where, 'escalation'), 'expected { graceDays }');
    const grace = rules.escalation.graceDays;
    if (grace !== undefined && !nonNegative(grace)) fail(join(where, 'escalation.graceDays'), 'a non-negative number of days');
  }
}

/** Validates a policy file's content; throws with the path of the first problem. */
export function validatePolicy(raw: unknown): PolicyDocument {
  if (!isObject(raw)) fail('(root)', 'expected a JSON object');
  const doc = raw as unknown as PolicyDocument;
  if (typeof doc.id !== 'string' || !doc.id) fail('id', 'a non-empty string is required');
  checkTimeZone('timeZone', doc.timeZone);
  // The national defaults must be complete: every case falls back on them.
  if (!isObject(doc.limits)) fail('limits', 'expected an object with a limit for every clock');
  for (const kind of CLOCK_KINDS) checkLimit(`limits.${kind}`, doc.limits[kind]);
  if (doc.maxExtensionDays === undefined) fail('maxExtensionDays', 'required');
  if (!isObject(doc.warnings) || doc.warnings.fractions === undefined) fail('warnings.fractions', 'required');
  if (doc.warnings.daysBefore === undefined) fail('warnings.daysBefore', 'required');
  if (!isObject(doc.escalation) || doc.escalation.graceDays === undefined) fail('escalation.graceDays', 'required');
  checkRules('', doc, false);
  if (doc.organisations !== undefined) {
    if (!isObject(doc.organisations)) fail('organisations', 'expected an object keyed by organisation id');
    for (const [org, rules] of Object.entries(doc.organisations)) checkRules(`organisations.${org}`, rules, true, doc);
  }
  return doc;
}

/**
 * The limits that apply to one case, each layer overriding the one before: national defaults, the
 * national rules for the class, the organisation, then the organisation's rules for the class.
 */
export function resolvePolicy(doc: PolicyDocument, organisationId: string, cls: PetitionClass): ResolvedPolicy {
  const org = doc.organisations?.[organisationId] ?? {};
  const layered = {
    ...doc.limits,
    ...doc.byClass?.[cls]?.limits,
    ...org.limits,
    ...org.byClass?.[cls]?.limits,
  } as Record<ClockKind, PeriodLimit>;
  // A snapshot: the case must not share objects with the document it was resolved from.
  const limits = Object.fromEntries(CLOCK_KINDS.map((k) => [k, { days: layered[k].days, unit: layered[k].unit }])) as Record<ClockKind, PeriodLimit>;
  return {
    policyId: doc.id,
    organisationId,
    timeZone: org.timeZone ?? doc.timeZone,
    limits,
    maxExtensionDays: org.maxExtensionDays ?? doc.maxExtensionDays,
    warningFractions: [...(org.warnings?.fractions ?? doc.warnings.fractions)].sort((a, b) => a - b),
    warningDaysBefore: org.warnings?.daysBefore ?? doc.warnings.daysBefore,
    escalationGraceDays: org.escalation?.graceDays ?? doc.escalation.graceDays,
    pausableClocks: [...(org.pauses?.clocks ?? doc.pauses?.clocks ?? DEFAULT_PAUSABLE_CLOCKS)],
    maxPauseDays: org.pauses?.maxDays ?? doc.pauses?.maxDays ?? DEFAULT_MAX_PAUSE_DAYS,
    ...((org.reviewBodies?.whenNoHigherUnit ?? doc.reviewBodies?.whenNoHigherUnit)
      ? { topReviewBodyUnitId: org.reviewBodies?.whenNoHigherUnit ?? doc.reviewBodies?.whenNoHigherUnit }
      : {}),
  };
}

/** A case's pause rules; cases resolved before pauses were policy get the national default. */
export const pausableClocksOf = (p: ResolvedPolicy): readonly ClockKind[] => p.pausableClocks ?? DEFAULT_PAUSABLE_CLOCKS;
export const maxPauseDaysOf = (p: ResolvedPolicy): number => p.maxPauseDays ?? DEFAULT_MAX_PAUSE_DAYS;
