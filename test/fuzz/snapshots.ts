// Petitions that bad input must leave alone: one in each of several states, and a snapshot of each as
// the workflow reports it (status, sequence, timeline) and as the database holds it (projection row,
// events, notices), taken before the fuzzing and compared after.
import crypto from 'node:crypto';
import type { CaseView } from '../../src/domain';
import { act, expectOk, OPINION } from '../support/apiFixtures';
import type { ApiStack } from '../support/apiStack';

export interface Watched { state: string; id: string; queryCode: string; allowedActions: readonly string[] }

/** All in unit-labour, submitted anonymously online: no petitioner account may touch them. */
export const WATCHED_UNIT = 'unit-labour';
/** Users whose scope does not include the watched petitions (another unit; petitioners not theirs). */
export const OUT_OF_SCOPE_USERS = ['officer-chen', 'petitioner-liu', 'petitioner-zhou'];

export async function createWatched(stack: ApiStack): Promise<Watched[]> {
  const submit = async (state: string) => {
    // A contact no generated submission can produce, so no fuzzed submission is linked to these as a repeat.
    const petitioner = { name: `Watched ${state}`, contact: `watched-${crypto.randomUUID()}` };
    const res = await stack.http.post('/api/v1/petitions', { class: 'claim', title: `Watched petition (${state})`, content: 'Left alone by bad input.', petitioner, unitId: WATCHED_UNIT });
    return expectOk(res, `submit the ${state} petition`).body.petition as CaseView;
  };
  const registered = async () => submit('registered');
  const inHandling = async (state = 'in_handling') => {
    const c = await act(stack, 'intake-wang', await submit(state), 'accept', {});
    return act(stack, 'intake-wang', c, 'assign', { unitId: WATCHED_UNIT, officerId: 'officer-li' });
  };
  const awaitingEvaluation = async () => act(stack, 'officer-li', await inHandling('awaiting_evaluation'), 'reply', { ...OPINION });
  const closed = async () => act(stack, 'intake-wang', await submit('closed'), 'withdraw', { reason: 'Settled' });
  const cases = await Promise.all([registered(), inHandling(), awaitingEvaluation(), closed()]);
  return cases.map((c) => ({ state: c.status, id: c.id, queryCode: c.queryCode, allowedActions: c.allowedActions }));
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
    return [w.state, {
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
