// Time limits are policy data (an organisation changes them without touching the workflow).
// A case resolves its policy once, at registration, and keeps that snapshot.
import type { ClockKind, PeriodLimit, PetitionClass, ResolvedPolicy } from './types';

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

function checkLimits(where: string, limits: unknown): void {
  if (limits === undefined) return;
  if (!isObject(limits)) fail(where, 'expected an object of clock limits');
  for (const [kind, limit] of Object.entries(limits)) {
    if (!CLOCK_KINDS.includes(kind as ClockKind)) fail(where, `unknown clock "${kind}" (one of ${CLOCK_KINDS.join(', ')})`);
    checkLimit(join(where, kind), limit);
  }
}

const nonNegative = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Checks the optional rules a policy, a class or an organisation may set; `where` is the path so far. */
function checkRules(where: string, r: unknown, nested: boolean): void {
  if (!isObject(r)) fail(where || '(root)', 'expected an object');
  const rules = r as PolicyRules;
  if (nested && rules.timeZone !== undefined) checkTimeZone(join(where, 'timeZone'), rules.timeZone);
  checkLimits(join(where, 'limits'), rules.limits);
  if (rules.byClass !== undefined) {
    if (!isObject(rules.byClass)) fail(join(where, 'byClass'), 'expected an object keyed by petition class');
    for (const [cls, classRules] of Object.entries(rules.byClass)) {
      const at = join(where, `byClass.${cls}`);
      if (!CLASSES.includes(cls as PetitionClass)) fail(join(where, 'byClass'), `unknown class "${cls}" (one of ${CLASSES.join(', ')})`);
      if (!isObject(classRules)) fail(at, 'expected an object');
      checkLimits(join(at, 'limits'), classRules.limits);
    }
  }
  if (rules.maxExtensionDays !== undefined && !(Number.isInteger(rules.maxExtensionDays) && rules.maxExtensionDays >= 0)) {
    fail(join(where, 'maxExtensionDays'), 'a non-negative integer');
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
    for (const [org, rules] of Object.entries(doc.organisations)) checkRules(`organisations.${org}`, rules, true);
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
  };
}
