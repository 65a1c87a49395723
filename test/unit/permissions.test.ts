// Who may do what, and on which cases (src/domain/permissions.ts): the table written out as the petition
// office's rule (谁接访、谁交办、谁督办), scope for every role, and who may register on which channel.
import fc from 'fast-check';
import {
  ACTION_ROLES, inScope, mayPerform, mayRegister,
  type CaseOwnership, type CommandType, type PersonAction, type Principal, type UserRole,
} from '../../src/domain';
import { SIGNAL_ACTIONS, UPDATE_ACTIONS } from '../../src/workflows/messages';

const ROLES: UserRole[] = ['petitioner', 'intake_officer', 'case_officer', 'supervisor', 'admin'];

// Columns: petitioner, intake officer, case officer, supervisor, admin.
const TABLE: Record<PersonAction, string> = {
  accept: '.II..', // intake decides acceptance; the receiving unit's officer may too
  notAccept: '.II..',
  route: '.II..',
  objectRouting: '.II..',
  // The routing office decides a receiving unit's objection (W23).
  decideObjection: '.II..',
  assign: '.I.S.',
  requestExtension: '..C..',
  // A case officer asks for a hearing pause; only a supervisor approves it (W36); the officer may end it early.
  requestPause: '..C..',
  decidePause: '...S.',
  resumeClock: '..C..',
  reply: '..C..',
  // 送达 by post, in person or fax, recorded by the officer or the intake office that sent it.
  recordDelivery: '.IC..',
  recordReturnVisit: '..C..',
  // The petitioner online; the intake officer records one made by letter, phone or visit.
  evaluate: 'PI...',
  requestReview: 'PI...',
  issueReviewOpinion: '..CS.',
  requestReReview: 'PI...',
  issueReReviewOpinion: '..CS.',
  withdraw: 'PI...',
  // Under supervision or escalation a withdrawal waits for a supervisor.
  decideWithdrawal: '...S.',
  answerSupervision: '..C..',
  escalate: '...S.',
  supervise: '...S.',
  decideExtension: '...S.',
  reassign: '...S.',
  // Correction (纠错) of a wrong non-acceptance or withdrawal is a supervisor's.
  reopen: '...S.',
};
const rolesIn = (row: string) => ROLES.filter((_, i) => row[i] !== '.');

describe('ACTION_ROLES', () => {
  test('covers every command a person sends (every update and signal but the API\'s own linkRepeat and the replay-only pauseClock)', () => {
    // pauseClock (the officer pausing alone) is kept as an update only so that first-release petitions replay.
    const commands = [...UPDATE_ACTIONS, ...SIGNAL_ACTIONS].filter((c: CommandType) => c !== 'linkRepeat' && c !== 'pauseClock').sort();
    expect(Object.keys(ACTION_ROLES).sort()).toEqual(commands);
  });

  test.each(Object.entries(TABLE).map(([action, row]) => [action, rolesIn(row).join(', '), row]))('%s: %s', (action, _names, row) => {
    expect([...ACTION_ROLES[action as PersonAction]].sort()).toEqual(rolesIn(row).sort());
    for (const role of ROLES) expect(mayPerform(role, action as PersonAction)).toBe(rolesIn(row).includes(role));
  });

  test('separation of duties: the admin acts on no case; supervisor signals are the supervisor\'s alone; a petitioner only on their own matter', () => {
    const actions = Object.keys(ACTION_ROLES) as PersonAction[];
    expect(actions.filter((a) => mayPerform('admin', a))).toEqual([]);
    for (const a of SIGNAL_ACTIONS) expect(ACTION_ROLES[a]).toEqual(['supervisor']);
    expect(actions.filter((a) => mayPerform('petitioner', a)).sort()).toEqual(['evaluate', 'requestReReview', 'requestReview', 'withdraw']);
    // Nobody rates their own work: the handling officers and supervisors never evaluate; the intake
    // officer only records the petitioner's own rating (the evaluation keeps who recorded it).
    expect(ACTION_ROLES.evaluate).not.toContain('case_officer');
    expect(ACTION_ROLES.evaluate).not.toContain('supervisor');
  });
});

describe('inScope', () => {
  const person = (role: UserRole, unitIds: string[] = [], userId = `${role}-1`): Principal => ({ userId, role, unitId: unitIds[0], unitIds });
  const labour: CaseOwnership = { unitId: 'unit-labour', petitionerUserId: 'petitioner-liu' };

  test.each([
    ['admin', true, person('admin')],
    ['a case officer of the unit', true, person('case_officer', ['unit-labour'])],
    ['a case officer of another unit', false, person('case_officer', ['unit-housing'])],
    ['a supervisor whose subtree holds the unit', true, person('supervisor', ['petition-office', 'unit-labour', 'unit-housing'])],
    ['a supervisor of another subtree', false, person('supervisor', ['unit-housing'])],
    ['an intake officer of the office', true, person('intake_officer', ['petition-office', 'unit-labour'])],
    ['the petitioner who submitted it', true, person('petitioner', [], 'petitioner-liu')],
    ['another petitioner', false, person('petitioner', [], 'petitioner-zhou')],
    ['a petitioner whose principal (wrongly) lists the unit', false, person('petitioner', ['unit-labour'], 'petitioner-zhou')],
    ['an officer without units', false, person('case_officer', [])],
  ] as const)('%s: %s', (_who, expected, principal) => {
    expect(inScope(principal, labour)).toBe(expected);
  });

  test('an anonymous submission is no petitioner\'s, and a case with no unit is only the admin\'s', () => {
    const anonymous: CaseOwnership = { unitId: 'unit-labour', petitionerUserId: null };
    expect(inScope(person('petitioner', [], 'petitioner-liu'), anonymous)).toBe(false);
    expect(inScope({ userId: '', role: 'petitioner', unitIds: [] }, { unitId: 'unit-labour', petitionerUserId: '' })).toBe(false);
    const nowhere: CaseOwnership = { unitId: null, petitionerUserId: null };
    expect(ROLES.filter((r) => inScope(person(r, ['unit-labour']), nowhere))).toEqual(['admin']);
  });

  test('property: an officer or supervisor sees a case exactly when its unit is one of theirs; the petitioner never by unit', () => {
    const unit = fc.constantFrom('petition-office', 'unit-labour', 'unit-labour-arbitration', 'unit-housing');
    fc.assert(fc.property(
      fc.constantFrom<UserRole>('intake_officer', 'case_officer', 'supervisor', 'petitioner'),
      fc.uniqueArray(unit, { maxLength: 4 }),
      fc.option(unit, { nil: null }),
      fc.option(fc.constantFrom('petitioner-liu', 'petitioner-zhou'), { nil: null }),
      (role, unitIds, unitId, petitionerUserId) => {
        const p: Principal = { userId: 'petitioner-liu', role, unitIds };
        const expected = role === 'petitioner' ? petitionerUserId === 'petitioner-liu' : unitId !== null && unitIds.includes(unitId);
        expect(inScope(p, { unitId, petitionerUserId })).toBe(expected);
      },
    ));
  });
});

describe('mayRegister', () => {
  const CHANNELS = ['online', 'letter', 'phone', 'fax', 'visit'];
  test.each([
    ['anonymous', ['online']],
    ['petitioner', ['online']],
    ['intake_officer', CHANNELS],
    ['case_officer', []],
    ['supervisor', []],
    ['admin', []],
  ] as const)('%s registers on %j', (role, channels) => {
    expect(CHANNELS.filter((c) => mayRegister(role, c))).toEqual(channels);
  });
});
