// Time limits are policy data: a bad file is rejected with the path of the problem, and a case's
// limits are resolved national -> class -> organisation -> organisation + class.
import { resolvePolicy, validatePolicy, type ClockKind, type PolicyDocument } from '../../src/domain';
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
        byClass: { claim: { limits: { handling: { days: 45, unit: 'working' }, reviewHandling: { days: 3, unit: 'working' } } } },
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
    expect(sd.limits.handling).toEqual({ days: 45, unit: 'working' });
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
