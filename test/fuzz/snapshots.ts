// Petitions that bad input must leave alone: one in each of several states, and a snapshot of each as
// the workflow reports it (status, sequence, timeline) and as the database holds it (projection row,
// events, notices), taken before the fuzzing and compared after.
import crypto from 'node:crypto';
import type { CaseView } from '../../src/domain';
import { issueToken, upsertUser } from '../../src/accounts';
import { act, expectOk, OPINION, today } from '../support/apiFixtures';
import type { ApiStack } from '../support/apiStack';

export interface Watched {
  /** What it stands for: its state, or the rule it holds (staff may not act for an account holder; a withdrawal waits for a supervisor). */
  label: string;
  state: string;
  id: string;
  queryCode: string;
  /** What the case accepts (with linkAsRepeat while it could still be declined): everything else must be refused. */
  allowedActions: readonly string[];
}

/** All in unit-labour, submitted anonymously online: no petitioner account may touch them. */
export const WATCHED_UNIT = 'unit-labour';
/** Users whose scope does not include the watched petitions (another unit; petitioners not theirs). */
export const OUT_OF_SCOPE_USERS = ['officer-chen', 'petitioner-liu', 'petitioner-zhou'];
/** A petitioner account the fuzzer never acts as: its case is one staff may not act on for the petitioner. */
export const ACCOUNT_HOLDER = 'fuzz-account-holder';
/** The acts staff record for a petitioner only without an online account (issue 11, point 1). */
export const ON_BEHALF_ACTIONS = ['evaluate', 'requestReview', 'requestReReview', 'withdraw'];

export async function createWatched(stack: ApiStack): Promise<Watched[]> {
  const source = { channel: 'letter', receivedOn: today() };
  await upsertUser(stack.db, { id: ACCOUNT_HOLDER, name: 'Account holder (fuzz)', role: 'petitioner', unitId: null });
  const accountToken = await issueToken(stack.db, ACCOUNT_HOLDER, 'fuzz');
  const submit = async (label: string, token?: string) => {
    // A contact no generated submission can produce, so no fuzzed submission is linked to these as a repeat.
    const petitioner = { name: `Watched ${label}`, contact: `watched-${crypto.randomUUID()}` };
    const client = token ? stack.as(token) : stack.http;
    const res = await client.post('/api/v1/petitions', { class: 'claim', title: `Watched petition (${label})`, content: 'Left alone by bad input.', petitioner, unitId: WATCHED_UNIT });
    return expectOk(await stack.as('admin').get(`/api/v1/petitions/${expectOk(res, `submit the ${label} petition`).body.petition.id}`), 'staff detail').body.petition as CaseView;
  };
  const registered = async () => submit('registered');
  const inHandling = async (label = 'in_handling', token?: string) => {
    const c = await act(stack, 'intake-wang', await submit(label, token), 'accept', {});
    return act(stack, 'intake-wang', c, 'assign', { unitId: WATCHED_UNIT, officerId: 'officer-li' });
  };
  const awaitingEvaluation = async (label = 'awaiting_evaluation', token?: string) => act(stack, 'officer-li', await inHandling(label, token), 'reply', { ...OPINION });
  const closed = async () => act(stack, 'intake-wang', await submit('closed'), 'withdraw', { reason: 'Settled', source });
  // Escalated, so the intake officer's recorded withdrawal waits for a supervisor.
  const withdrawalPending = async () => {
    const c = await act(stack, 'supervisor-zhao', await inHandling('withdrawal_pending'), 'escalate', { reason: 'Watched', level: 1 });
    return act(stack, 'intake-wang', c, 'withdraw', { reason: 'By letter', source });
  };
  const labelled: [string, () => Promise<CaseView>][] = [
    ['registered', registered], ['in_handling', () => inHandling()], ['awaiting_evaluation', () => awaitingEvaluation()], ['closed', closed],
    ['account holder\'s, awaiting_evaluation', () => awaitingEvaluation('account', accountToken)], ['withdrawal pending', withdrawalPending],
  ];
  const cases = await Promise.all(labelled.map(([, make]) => make()));
  return cases.map((c, i) => ({
    label: labelled[i]![0], state: c.status, id: c.id, queryCode: c.queryCode,
    allowedActions: [...c.allowedActions, ...(c.allowedActions.includes('notAccept') ? ['linkAsRepeat'] : [])],
  }));
}

/** The case without what changes by the clock alone (remaining time, overdue flags, the time of asking). */
function stable(view: Record<string, any>) {
  const { asOf: _asOf, overdue: _overdue, clocks, ...rest } = view;
  return { ...rest, clocks: (clocks as Record<string, unknown>[]).map(({ remainingMs: _r, overdue: _o, pausedMsTotal: _p, ...k }) => k) };
}

export async function snapshotOf(stack: ApiStack, watched: readonly Watched[]) {
  const each = await Promise.all(watched.map(async (w) => {
    const detail = expectOk(await stack.as('admin').get(`/api/v1/petitions/${w.id}`), `detail of ${w.id}`).body.petition as CaseView;
    const row = await stack.db.petition.findUnique({ where: { id: w.id } });
    return [w.label, {
      status: detail.status,
      seq: detail.seq,
      timeline: detail.timeline.length,
      case: stable(detail as unknown as Record<string, any>),
      row: JSON.parse(JSON.stringify(row)) as unknown,
      events: await stack.db.petitionEvent.count({ where: { petitionId: w.id } }),
      notifications: await stack.db.notification.count({ where: { petitionId: w.id } }),
    }] as const;
  }));
  return Object.fromEntries(each);
}
