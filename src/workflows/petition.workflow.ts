// One durable workflow per petition. It drives the pure domain (src/domain): commands arrive as
// updates and signals, time arrives through one wake-up loop, and every effect runs in an activity.
import {
  allHandlersFinished, ApplicationFailure, condition, continueAsNew, log, patched, proxyActivities,
  setHandler, upsertSearchAttributes, workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  applyDueDates, decide, dueDateRequests, nextDeadline, nextWakeAt, register, tick, viewCase,
  type CaseView, type Command, type Effect, type Notice, type PetitionCase, type Registration, type ResolvedPolicy,
} from '../domain';
import {
  PetitionClass, PetitionEscalationLevel, PetitionNextDeadline, PetitionOfficer, PetitionOverdue,
  PetitionStatus, PetitionUnit,
} from '../temporal/searchAttributes';
import {
  actionUpdates, getCaseQuery, REFUSAL_ERROR_TYPES, registrationUpdate, SIGNAL_ACTIONS, supervisionSignals, UPDATE_ACTIONS,
} from './messages';

const { computeDueDates, recordCaseChange } = proxyActivities<Activities>({
  // Above SQLite's 10 s busy timeout, short enough that a write lost with its worker is retried soon.
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

export type PetitionInput =
  // The policy is resolved at submission and travels in the input: the case's limits are in history from the first event.
  | { kind: 'new'; registration: Registration; policy: ResolvedPolicy; historyLimit?: number }
  | {
      kind: 'continued';
      case: PetitionCase;
      projectedSeq: number;
      /** Test hook and safety valve: continue as new after this many history events. */
      historyLimit?: number;
    };

/**
 * Changes to the workflow's commands since the first release, each guarded with patched() so running
 * petitions replay; test/histories holds histories recorded before each one.
 */
export const PATCHES = {
  searchAttributesBeforeProjection: 'search-attributes-before-projection',
  pausedClockHasNoDeadline: 'paused-clock-has-no-deadline',
} as const;

/** Workflow time: deterministic, replayed from history. */
const nowIso = (): string => new Date().toISOString();

export async function petitionWorkflow(input: PetitionInput): Promise<PetitionCase> {
  const pending: Effect[] = [];
  let enqueued = 0; // effects batches handed in
  let applied = 0; // effects batches fully run
  let projectedSeq = input.kind === 'continued' ? input.projectedSeq : 0;
  const historyLimit = input.historyLimit;
  let state: PetitionCase;
  if (input.kind === 'new') {
    const registered = register(input.registration, input.policy);
    state = registered.case;
    enqueue(registered.effects);
  } else {
    state = input.case;
  }
  let lastAttributes = '';

  function enqueue(effects: Effect[]): number {
    pending.push(...effects);
    return ++enqueued;
  }

  /** Runs all pending effects in order: due dates, then one transactional projection + outbox write. */
  async function runEffects(): Promise<void> {
    while (applied < enqueued || projectedSeq < state.seq) {
      const target = enqueued;
      const batch = pending.splice(0);
      const clockIds = batch.flatMap((e) => (e.type === 'computeDueDates' ? e.clockIds : []));
      if (clockIds.length) {
        const answers = await computeDueDates(dueDateRequests(state, clockIds), state.policy.timeZone);
        state = applyDueDates(state, answers);
      }
      const notices: Notice[] = batch.flatMap((e) => (e.type === 'notify' ? [e.notice] : []));
      const seq = state.seq;
      const events = state.timeline.filter((e) => e.seq > projectedSeq);
      // Search attributes before the projection: the Web UI shows the new state even while the database
      // is down and the projection retries. Petitions started before this change keep the old order.
      const attributesFirst = patched(PATCHES.searchAttributesBeforeProjection);
      const view = viewCase(state, nowIso());
      if (attributesFirst) updateSearchAttributes(view);
      await recordCaseChange({ view, events, notices });
      projectedSeq = Math.max(projectedSeq, seq);
      applied = Math.max(applied, target);
      if (!attributesFirst) updateSearchAttributes();
    }
  }

  function updateSearchAttributes(view: CaseView = viewCase(state, nowIso())): void {
    // A paused clock no longer sets the next deadline; petitions started before keep the old value.
    const deadline = patched(PATCHES.pausedClockHasNoDeadline) ? view.nextDeadline : nextDeadline(state, { countPaused: true });
    const attrs = [
      { key: PetitionStatus, value: view.status },
      { key: PetitionClass, value: view.class },
      { key: PetitionUnit, value: view.unitId ?? null },
      { key: PetitionOfficer, value: view.officerId ?? null },
      { key: PetitionEscalationLevel, value: view.escalationLevel },
      { key: PetitionNextDeadline, value: deadline ? new Date(deadline) : null },
      { key: PetitionOverdue, value: view.overdue },
    ];
    const fingerprint = JSON.stringify(attrs.map((a) => a.value));
    if (fingerprint === lastAttributes) return;
    lastAttributes = fingerprint;
    upsertSearchAttributes(attrs.map(({ key, value }) => ({ key, value })) as Parameters<typeof upsertSearchAttributes>[0]);
  }

  /** Applies a command that the domain accepts; returns the batch number to wait for. */
  function apply(cmd: Command): number | undefined {
    const result = decide(state, cmd, nowIso());
    if (!result.ok) return undefined;
    state = result.case;
    return enqueue(result.effects);
  }

  function refuse(cmd: Command): void {
    const result = decide(state, cmd, nowIso());
    if (result.ok) return;
    const { code, message, field } = result.refusal;
    throw ApplicationFailure.create({
      type: REFUSAL_ERROR_TYPES[code],
      message,
      nonRetryable: true,
      details: [{ status: state.status, allowedActions: result.allowedActions, field }],
    });
  }

  // Handlers are registered before the first await so nothing sent with the start is missed.
  for (const name of UPDATE_ACTIONS) {
    setHandler(
      actionUpdates[name],
      async (cmd: Command) => {
        const command = { ...cmd, type: name } as Command;
        refuse(command); // the validator already passed; this guards a state changed in between
        const batch = apply(command)!;
        await condition(() => applied >= batch);
        return viewCase(state, nowIso());
      },
      { validator: (cmd: Command) => refuse({ ...cmd, type: name } as Command) },
    );
  }
  for (const name of SIGNAL_ACTIONS) {
    setHandler(supervisionSignals[name], (cmd: Command) => {
      // Signals cannot be refused to the sender; the API checks allowedActions first. A signal that
      // arrives too late for the state is recorded in the log and changes nothing.
      if (apply({ ...cmd, type: name } as Command) === undefined) {
        log.warn('supervision signal ignored: not allowed in the current state', { signal: name, status: state.status });
      }
    });
  }
  setHandler(getCaseQuery, () => viewCase(state, nowIso()));
  setHandler(registrationUpdate, async () => {
    await condition(() => applied >= 1);
    return viewCase(state, nowIso());
  });

  while (true) {
    await runEffects();
    if (state.status === 'closed') break;

    const wake = nextWakeAt(state);
    const timeout = wake === undefined ? undefined : Math.max(0, wake - Date.now());
    const suggested = () => workflowInfo().continueAsNewSuggested || (historyLimit !== undefined && workflowInfo().historyLength >= historyLimit);
    await condition(() => applied < enqueued || suggested(), timeout ?? '3650 days');

    const t = tick(state, nowIso());
    if (t.changed) {
      state = t.case;
      enqueue(t.effects);
    }

    if (suggested() && applied === enqueued) {
      // Handlers still running get their answer first; one that enqueues effects sends us round again.
      await condition(() => allHandlersFinished() || applied < enqueued);
      if (applied === enqueued) {
        await continueAsNew<typeof petitionWorkflow>({ kind: 'continued', case: state, projectedSeq, historyLimit });
      }
    }
  }

  // Every effect has run (the loop ends after runEffects); let in-flight updates return their answer.
  await condition(allHandlersFinished);
  return state;
}
