// Time limits are policy data: a bad file is rejected with the path of the problem, and a case's
// limits are resolved national -> class -> organisation -> organisation + class.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolvePolicy, validatePolicy, type ClockKind, type PolicyDocument } from '../../src/domain';
import { loadPolicy } from '../../src/policy/load';
import { POLICY_DOC, rawPolicy } from './domainFixtures';

const CLOCKS: ClockKind[] = [
  'acceptance', 'objection', 'handling', 'evaluation', 'returnVisit',
  'reviewRequest', 'reviewHandling', 'reReviewRequest', 'reReviewHandling', 'supervisionReply',
];

/** The default policy with one change made by `edit`. */
function edited(edit: (doc: Record<string, any>) => void): unknown {
  const doc = rawPolicy();
  edit(doc);
  return doc;
}

describe('validatePolicy', () => {
  it('accepts the shipped default policy with every statutory limit', () => {
    const doc = validatePolicy(rawPolicy());
    expect(doc.id).toBe('cn-national-2022');
    expect(Object.keys(doc.limits).sort()).toEqual([...CLOCKS].sort());
    expect(doc.limits).toMatchObject({
      acceptance: { days: 15, unit: 'calendar' },
      objection: { days: 5, unit: 'working' },
      handling: { days: 60, unit: 'calendar' },
      reviewRequest: { days: 30, unit: 'calendar' },
      reviewHandling: { days: 30, unit: 'calendar' },
      reReviewRequest: { days: 30, unit: 'calendar' },
      reReviewHandling: { days: 30, unit: 'calendar' },
      supervisionReply: { days: 30, unit: 'calendar' },
    });
    expect(doc.maxExtensionDays).toBe(30);
  });

  const bad: [string, (doc: Record<string, any>) => void, string][] = [
    ['no id', (d) => { delete d.id; }, 'policy id:'],
    ['an empty id', (d) => { d.id = ''; }, 'policy id:'],
    ['no time zone', (d) => { delete d.timeZone; }, 'policy timeZone:'],
    ['an unknown time zone', (d) => { d.timeZone = 'Asia/Beijing'; }, 'policy timeZone: unknown time zone "Asia/Beijing"'],
    ['no limits', (d) => { delete d.limits; }, 'policy limits:'],
    ['a missing national limit', (d) => { delete d.limits.handling; }, 'policy limits.handling:'],
    ['zero days', (d) => { d.limits.acceptance.days = 0; }, 'policy limits.acceptance:'],
    ['fractional days', (d) => { d.limits.evaluation.days = 7.5; }, 'policy limits.evaluation:'],
    ['more than a year', (d) => { d.limits.handling.days = 400; }, 'policy limits.handling:'],
    ['an unknown unit', (d) => { d.limits.objection.unit = 'weeks'; }, 'policy limits.objection:'],
    ['an unknown clock', (d) => { d.limits.appeal = { days: 5, unit: 'calendar' }; }, 'policy limits: unknown clock "appeal"'],
    ['no maxExtensionDays', (d) => { delete d.maxExtensionDays; }, 'policy maxExtensionDays:'],
    ['a negative maxExtensionDays', (d) => { d.maxExtensionDays = -1; }, 'policy maxExtensionDays:'],
    ['no warnings', (d) => { delete d.warnings; }, 'policy warnings.fractions:'],
    ['warning fractions not a list', (d) => { d.warnings.fractions = 0.5; }, 'policy warnings.fractions:'],
    ['a warning at 100%', (d) => { d.warnings.fractions = [0.5, 1]; }, 'policy warnings.fractions: each in (0, 1)'],
    ['a warning fraction twice', (d) => { d.warnings.fractions = [0.5, 0.5]; }, 'policy warnings.fractions:'],
    ['no daysBefore', (d) => { delete d.warnings.daysBefore; }, 'policy warnings.daysBefore:'],
    ['negative daysBefore', (d) => { d.warnings.daysBefore = -1; }, 'policy warnings.daysBefore:'],
    ['no escalation', (d) => { delete d.escalation; }, 'policy escalation.graceDays:'],
    ['negative grace days', (d) => { d.escalation.graceDays = -2; }, 'policy escalation.graceDays:'],
    ['an unknown class', (d) => { d.byClass = { claims: { limits: {} } }; }, 'policy byClass: unknown class "claims"'],
    ['a bad class limit', (d) => { d.byClass = { report: { limits: { handling: { days: 0, unit: 'calendar' } } } }; }, 'policy byClass.report.limits.handling:'],
    ['a bad organisation limit', (d) => { d.organisations.zhejiang.limits.acceptance.unit = 'workday'; }, 'policy organisations.zhejiang.limits.acceptance:'],
    ['an unknown organisation clock', (d) => { d.organisations.zhejiang.limits.hearing = { days: 5, unit: 'working' }; }, 'policy organisations.zhejiang.limits: unknown clock "hearing"'],
    ['a bad organisation extension', (d) => { d.organisations.zhejiang.maxExtensionDays = 1.5; }, 'policy organisations.zhejiang.maxExtensionDays:'],
    ['a bad organisation time zone', (d) => { d.organisations.zhejiang.timeZone = 'Mars/Olympus'; }, 'policy organisations.zhejiang.timeZone:'],
    ['bad organisation warnings', (d) => { d.organisations.zhejiang.warnings = { fractions: [0] }; }, 'policy organisations.zhejiang.warnings.fractions:'],
    ['a bad organisation class limit', (d) => { d.organisations.zhejiang.byClass = { claim: { limits: { handling: { days: -5, unit: 'calendar' } } } }; }, 'policy organisations.zhejiang.byClass.claim.limits.handling:'],
    ['an organisation that is not an object', (d) => { d.organisations.zhejiang = 'strict'; }, 'policy organisations.zhejiang:'],
    ['organisations not an object', (d) => { d.organisations = []; }, 'policy organisations:'],
  ];
  it.each(bad)('rejects %s, naming where', (_what, edit, message) => {
    expect(() => validatePolicy(edited(edit))).toThrow(message);
  });

  it('rejects something that is not a policy object at all', () => {
    expect(() => validatePolicy(null)).toThrow('policy (root):');
    expect(() => validatePolicy([1, 2])).toThrow('policy (root):');
    expect(() => validatePolicy('{}')).toThrow('policy (root):');
  });
});

// Point 11 of issue 10: a policy tightens the national limits, never loosens them. The first release
// accepted every limit up to a year (no ceilings); validatePolicy has no rules switch, so these tests
// fail on the first release's code, not on a rules-1 case.
describe('policy cannot loosen the law: the national ceilings (信访工作条例 W22-W36, 信访条例 T36)', () => {
  const ceilings: [string, (doc: Record<string, any>) => void, string][] = [
    ['W22/W23: acceptance in 16 days', (d) => { d.limits.acceptance.days = 16; }, 'policy limits.acceptance: 16 calendar days is longer than the national ceiling of 15 calendar days (W22, W23)'],
    ['W23: an objection window of 6 working days', (d) => { d.limits.objection.days = 6; }, 'policy limits.objection: 6 working days is longer than the national ceiling of 5 working days (W23)'],
    ['W34: handling in 61 days', (d) => { d.limits.handling.days = 61; }, 'policy limits.handling: 61 calendar days is longer than the national ceiling of 60 calendar days (W34)'],
    ['W34: handling in 43 working days (about 61 calendar days)', (d) => { d.limits.handling = { days: 43, unit: 'working' }; }, 'policy limits.handling: 43 working days is longer than the national ceiling of 60 calendar days (W34)'],
    ['W34: extensions of 31 days', (d) => { d.maxExtensionDays = 31; }, 'policy maxExtensionDays: 31 days is longer than the national ceiling of 30 days (W34)'],
    ['W35: a review window of 31 days', (d) => { d.limits.reviewRequest.days = 31; }, 'policy limits.reviewRequest: 31 calendar days is longer than the national ceiling of 30 calendar days (W35)'],
    ['W35: a review in 31 days', (d) => { d.limits.reviewHandling.days = 31; }, 'policy limits.reviewHandling: 31 calendar days is longer than the national ceiling of 30 calendar days (W35)'],
    ['W36: a re-review window of 31 days', (d) => { d.limits.reReviewRequest.days = 31; }, 'policy limits.reReviewRequest: 31 calendar days is longer than the national ceiling of 30 calendar days (W36)'],
    ['W36: a re-review in 31 days', (d) => { d.limits.reReviewHandling.days = 31; }, 'policy limits.reReviewHandling: 31 calendar days is longer than the national ceiling of 30 calendar days (W36)'],
    ['T36: a supervision reply in 31 days', (d) => { d.limits.supervisionReply.days = 31; }, 'policy limits.supervisionReply: 31 calendar days is longer than the national ceiling of 30 calendar days (T36)'],
    ['W34: a class\'s handling in 61 days', (d) => { d.byClass = { claim: { limits: { handling: { days: 61, unit: 'calendar' } } } }; }, 'policy byClass.claim.limits.handling: 61 calendar days is longer'],
    ['W35: an organisation\'s review window of 40 days', (d) => { d.organisations.beijing = { limits: { reviewRequest: { days: 40, unit: 'calendar' } } }; }, 'policy organisations.beijing.limits.reviewRequest: 40 calendar days is longer than the national ceiling of 30 calendar days (W35)'],
    ['W34: an organisation\'s 60 extension days without a provincial rule', (d) => { d.organisations.beijing = { maxExtensionDays: 60 }; }, 'policy organisations.beijing.maxExtensionDays: 60 days is longer than the national ceiling of 30 days (W34)'],
    ['W34: a provincial rule whose handling and extension exceed 90 days together', (d) => { d.organisations.zhejiang.limits.handling.days = 31; }, 'policy organisations.zhejiang.limits.handling: handling 31 calendar days + extension 60 (91 days together) is longer than the national ceiling of 90 days together (W34)'],
    ['a provincial rule without its citation', (d) => { d.organisations.zhejiang.provincialRule = { stricterOrEqual: true }; }, 'policy organisations.zhejiang.provincialRule: expected { "citation"'],
    ['a provincial rule not marked stricter-or-equal', (d) => { d.organisations.zhejiang.provincialRule.stricterOrEqual = false; }, 'policy organisations.zhejiang.provincialRule:'],
    ['the national defaults marked as a provincial rule', (d) => { d.provincialRule = { citation: 'x', stricterOrEqual: true }; }, 'policy provincialRule: only an organisation can be marked as a provincial rule'],
  ];
  it.each(ceilings)('refuses %s, naming the key and the ceiling', (_what, edit, message) => {
    expect(() => validatePolicy(edited(edit))).toThrow(message);
  });

  it('accepts limits at the ceilings, stricter ones, and a marked provincial rule that splits the 90 days differently', () => {
    expect(() => validatePolicy(edited((d) => {
      d.limits.handling = { days: 42, unit: 'working' }; // 59 calendar days
      d.limits.acceptance.days = 15;
      d.organisations.beijing = { limits: { reviewRequest: { days: 20, unit: 'calendar' } }, maxExtensionDays: 30 };
    }))).not.toThrow();
    // Zhejiang: 30 days to handle + up to 60 of extension, cited (浙江省信访条例).
    expect(resolvePolicy(POLICY_DOC, 'zhejiang', 'claim')).toMatchObject({ limits: { handling: { days: 30, unit: 'calendar' } }, maxExtensionDays: 60 });
  });

  it('loadPolicy names the file as well', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-'));
    const file = join(dir, 'loose.json');
    writeFileSync(file, JSON.stringify(edited((d) => { d.limits.handling.days = 90; })));
    try {
      expect(() => loadPolicy(file)).toThrow(`policy file ${file}: policy limits.handling: 90 calendar days is longer than the national ceiling of 60 calendar days (W34)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('resolvePolicy', () => {
  it('national defaults for an organisation without its own rules', () => {
    const p = resolvePolicy(POLICY_DOC, 'national', 'claim');
    expect(p).toEqual({
      policyId: 'cn-national-2022',
      organisationId: 'national',
      timeZone: 'Asia/Shanghai',
      limits: POLICY_DOC.limits,
      maxExtensionDays: 30,
      warningFractions: [0.5, 0.8],
      warningDaysBefore: 1,
      escalationGraceDays: 3,
      // Only hearing time on the re-review clock may be paused (W36), at most 30 days at a time.
      pausableClocks: ['reReviewHandling'],
      maxPauseDays: 30,
      // The office has no unit above it in the register: the provincial petition office reviews its answers.
      topReviewBodyUnitId: 'petition-office',
    });
    expect(resolvePolicy(POLICY_DOC, 'beijing', 'report').limits).toEqual(POLICY_DOC.limits);
  });

  it('zhejiang: 5 working days to accept, 30 days to handle (+60), the rest national', () => {
    const p = resolvePolicy(POLICY_DOC, 'zhejiang', 'suggestion');
    expect(p.limits.acceptance).toEqual({ days: 5, unit: 'working' });
    expect(p.limits.handling).toEqual({ days: 30, unit: 'calendar' });
    expect(p.maxExtensionDays).toBe(60);
    expect(p.limits.reviewHandling).toEqual({ days: 30, unit: 'calendar' });
    expect(p.limits.objection).toEqual({ days: 5, unit: 'working' });
    expect(p).toMatchObject({ organisationId: 'zhejiang', timeZone: 'Asia/Shanghai', warningFractions: [0.5, 0.8] });
  });

  it('layers national -> class -> organisation -> organisation + class', () => {
    const doc = validatePolicy(edited((d) => {
      d.byClass = {
        claim: { limits: { handling: { days: 50, unit: 'calendar' }, evaluation: { days: 10, unit: 'calendar' }, returnVisit: { days: 20, unit: 'calendar' } } },
      };
      d.organisations.shandong = {
        limits: { handling: { days: 40, unit: 'calendar' }, evaluation: { days: 5, unit: 'working' } },
        // 40 working days span 56 calendar days: within the national 60 (W34).
        byClass: { claim: { limits: { handling: { days: 40, unit: 'working' }, reviewHandling: { days: 3, unit: 'working' } } } },
        maxExtensionDays: 15,
        timeZone: 'Asia/Urumqi',
        warnings: { fractions: [0.9, 0.25], daysBefore: 2 },
        escalation: { graceDays: 1 },
      };
    }));

    // Class rules over the national defaults.
    const national = resolvePolicy(doc, 'national', 'claim');
    expect(national.limits).toMatchObject({
      handling: { days: 50, unit: 'calendar' }, evaluation: { days: 10, unit: 'calendar' }, returnVisit: { days: 20, unit: 'calendar' },
      acceptance: { days: 15, unit: 'calendar' },
    });
    expect(resolvePolicy(doc, 'national', 'report').limits.handling).toEqual({ days: 60, unit: 'calendar' });

    const sd = resolvePolicy(doc, 'shandong', 'claim');
    // Organisation + class wins over the organisation, which wins over the class, which wins over national.
    expect(sd.limits.handling).toEqual({ days: 40, unit: 'working' });
    expect(sd.limits.reviewHandling).toEqual({ days: 3, unit: 'working' });
    expect(sd.limits.evaluation).toEqual({ days: 5, unit: 'working' });
    expect(sd.limits.returnVisit).toEqual({ days: 20, unit: 'calendar' });
    expect(sd.limits.acceptance).toEqual({ days: 15, unit: 'calendar' });
    expect(sd).toMatchObject({ maxExtensionDays: 15, timeZone: 'Asia/Urumqi', warningFractions: [0.25, 0.9], warningDaysBefore: 2, escalationGraceDays: 1 });

    // Another class in the same organisation gets the organisation's rules but not the claim rules.
    const sdReport = resolvePolicy(doc, 'shandong', 'report');
    expect(sdReport.limits.handling).toEqual({ days: 40, unit: 'calendar' });
    expect(sdReport.limits.returnVisit).toEqual({ days: 15, unit: 'calendar' });
  });

  it('returns a snapshot: resolving does not change the document', () => {
    const doc = validatePolicy(rawPolicy()) as PolicyDocument;
    const before = JSON.stringify(doc);
    const p = resolvePolicy(doc, 'zhejiang', 'claim');
    p.warningFractions.push(0.9);
    p.limits.handling.days = 1;
    p.limits.acceptance.unit = 'calendar';
    expect(JSON.stringify(doc)).toBe(before);
  });
});
