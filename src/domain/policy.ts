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

function checkLimit(where: string, l: unknown): PeriodLimit {
  const v = l as PeriodLimit;
  if (!v || !Number.isInteger(v.days) || v.days < 1 || v.days > 366 || !['calendar', 'working'].includes(v.unit)) {
    throw new Error(`policy ${where}: expected { days: 1..366, unit: "calendar" | "working" }`);
  }
  return { days: v.days, unit: v.unit };
}

function checkRules(where: string, r: PolicyRules): void {
  for (const [kind, limit] of Object.entries(r.limits ?? {})) {
    if (!CLOCK_KINDS.includes(kind as ClockKind)) throw new Error(`policy ${where}.limits: unknown clock "${kind}"`);
    checkLimit(`${where}.limits.${kind}`, limit);
  }
  for (const [cls, rules] of Object.entries(r.byClass ?? {})) checkRules(`${where}.byClass.${cls}`, rules ?? {});
  const f = r.warnings?.fractions;
  if (f && !f.every((x) => x > 0 && x < 1)) throw new Error(`policy ${where}.warnings.fractions: each in (0, 1)`);
  if (r.maxExtensionDays !== undefined && !(Number.isInteger(r.maxExtensionDays) && r.maxExtensionDays >= 0)) {
    throw new Error(`policy ${where}.maxExtensionDays: a non-negative integer`);
  }
}

/** Validates a policy file's content; throws with the path of the first problem. */
export function validatePolicy(raw: unknown): PolicyDocument {
  const doc = raw as PolicyDocument;
  if (!doc || typeof doc.id !== 'string' || typeof doc.timeZone !== 'string') {
    throw new Error('policy: "id" and "timeZone" are required');
  }
  for (const kind of CLOCK_KINDS) checkLimit(`limits.${kind}`, doc.limits?.[kind]);
  checkRules('', doc);
  for (const [org, rules] of Object.entries(doc.organisations ?? {})) checkRules(`organisations.${org}`, rules);
  return doc;
}

/** The limits that apply to one case: national defaults, then the organisation, then the class. */
export function resolvePolicy(doc: PolicyDocument, organisationId: string, cls: PetitionClass): ResolvedPolicy {
  const org = doc.organisations?.[organisationId] ?? {};
  const limits = {
    ...doc.limits,
    ...doc.byClass?.[cls]?.limits,
    ...org.limits,
    ...org.byClass?.[cls]?.limits,
  } as Record<ClockKind, PeriodLimit>;
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
