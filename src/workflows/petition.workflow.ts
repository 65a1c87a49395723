// One durable workflow per petition. It drives the pure domain (src/domain): commands arrive as
// updates and signals, time arrives through one wake-up loop, and every effect runs in an activity.
import {
  allHandlersFinished, ApplicationFailure, condition, continueAsNew, currentUpdateInfo, log, patched, proxyActivities,
  setHandler, upsertSearchAttributes, workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  adoptCurrentRules, announceRecomputedDueDates, applyDueDates, asCurrentRules, assignReviewBody, CURRENT_RULES, decide,
  dueDateRequests, isCurrentRules, isFinished, nextDeadline, nextWakeAt, register, tick, viewCase,
  type CaseView, type Command, type CommandOf, type Decision, type Effect, type Notice, type PetitionCase, type Registration,
  type ResolvedPolicy,
} from '../domain';
import {
  PetitionClass, PetitionEscalationLevel, PetitionNextDeadline, PetitionOfficer, PetitionOverdue,
  PetitionProvisionalDeadline, PetitionStatus, PetitionUnit,
} from '../temporal/searchAttributes';
import {
  actionUpdates, getCaseQuery, recomputeDueDatesSignal, REFUSAL_ERROR_TYPES, registrationUpdate, SIGNAL_ACTIONS,
  supervisionSignals, UPDATE_ACTIONS,
} from './messages';

const { computeDueDates, recordCaseChange, findReviewBody } = proxyActivities<Activities>({
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
    }
  /** A new run of a petition whose workflow had ended: a supervisor's correction (纠错) reopens it. */
  | { kind: 'reopened'; case: PetitionCase; reopen: CommandOf<'reopen'>; historyLimit?: number };

/**
 * Changes to the workflow's commands since the first release, each guarded with patched() so running
 * petitions replay; test/histories holds histories recorded before each one.
 */
export const PATCHES = {
  searchAttributesBeforeProjection: 'search-attributes-before-projection',
  pausedClockHasNoDeadline: 'paused-clock-has-no-deadline',
  /**
   * The statutory rules of issue 10 (domain rules 2: approved pauses, extensions inside the period,
   * breaches that stay breached, appeal windows from delivery, reviews one level up, hard windows,
   * one acceptance clock, supervision answered after closing, final means final). A petition recorded
   * before it replays on rules 1 and adopts rules 2 at its first live step after the deploy.
   */
  statutoryRules: 'statutory-rules-2',
} as const;

/** Workflow time: deterministic, replayed from history. */
const nowIso = (): string => new Date().toISOString();

type Accepted = Extract<Decision, { ok: true }>;

export async function petitionWorkflow(input: PetitionInput): Promise<PetitionCase> {
  const pending: Effect[] = [];
  let enqueued = 0; // effects batches handed in
  let applied = 0; // effects batches fully run
  let projectedSeq = input.kind === 'continued' ? input.projectedSeq : input.kind === 'reopened' ? input.case.seq : 0;
  const historyLimit = input.historyLimit;
  let state: PetitionCase;
  if (input.kind === 'new') {
    const registered = register(input.registration, input.policy, patched(PATCHES.statutoryRules) ? CURRENT_RULES : 1);
    state = registered.case;
    enqueue(registered.effects);
  } else {
    state = input.case;
  }
  let lastAttributes = '';
  if (input.kind === 'reopened') {
    // The API checked it against the same state; if it no longer applies, the run records nothing and ends.
    const result = decide(state, input.reopen, nowIso());
    if (result.ok) {
      state = result.case;
      enqueue(result.effects);
    }
  }
  /** The decision an update's validator took, for its handler, which runs right after it in the same activation. */
  let validated: { updateId: string; decision: Accepted } | undefined;

  function enqueue(effects: Effect[]): number {
    pending.push(...effects);
    return ++enqueued;
  }

  /** At a live step (never while replaying a history recorded before the patch) the case adopts the current rules. */
  function adoptRules(): void {
    if (isCurrentRules(state) || state.status === 'closed' || !patched(PATCHES.statutoryRules)) return;
    const adopted = adoptCurrentRules(state, nowIso());
    state = adopted.case;
    enqueue(adopted.effects);
  }

  /** What validators and queries judge: they run only live, where the case is about to adopt the current rules. */
  const live = (): PetitionCase => asCurrentRules(state, nowIso());

  /** Runs all pending effects in order: due dates, the review body, then one transactional projection + outbox write. */
  async function runEffects(): Promise<void> {
    while (applied < enqueued || projectedSeq < state.seq) {
      const target = enqueued;
      const batch = pending.splice(0);
      const notices: Notice[] = batch.flatMap((e) => (e.type === 'notify' ? [e.notice] : []));
      const follow = (effects: Effect[]) => notices.push(...effects.flatMap((e) => (e.type === 'notify' ? [e.notice] : [])));
      const clockIds = batch.flatMap((e) => (e.type === 'computeDueDates' ? e.clockIds : []));
      if (clockIds.length) {
        const answers = await computeDueDates(dueDateRequests(state, clockIds), state.policy.timeZone);
        state = applyDueDates(state, answers);
        if (state.recomputation) {
          const announced = announceRecomputedDueDates(state, nowIso());
          state = announced.case;
          follow(announced.effects);
        }
      }
      for (const e of batch) {
        if (e.type !== 'resolveReviewBody') continue;
        const body = await findReviewBody({ stage: e.stage, fromUnitId: e.fromUnitId, topReviewBodyUnitId: state.policy.topReviewBodyUnitId });
        const assigned = assignReviewBody(state, body, nowIso());
        state = assigned.case;
        follow(assigned.effects);
      }
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
    // Rules 2: ops find the petitions whose due dates wait for the year's holiday arrangement (calendar load recounts them).
    if (patched(PATCHES.statutoryRules)) {
      attrs.push({ key: PetitionProvisionalDeadline, value: view.clocks.some((k) => k.running && (k.provisional === true || k.calendarCovered === false)) });
    }
    const fingerprint = JSON.stringify(attrs.map((a) => a.value));
    if (fingerprint === lastAttributes) return;
    lastAttributes = fingerprint;
    upsertSearchAttributes(attrs.map(({ key, value }) => ({ key, value })) as Parameters<typeof upsertSearchAttributes>[0]);
  }

  /** The one decision of a command: accepted, or refused with the error the API maps (409 or 400). */
  function decideOrThrow(c: PetitionCase, cmd: Command): Accepted {
    const result = decide(c, cmd, nowIso());
    if (result.ok) return result;
    const { code, message, field } = result.refusal;
    throw ApplicationFailure.create({
      type: REFUSAL_ERROR_TYPES[code],
      message,
      nonRetryable: true,
      details: [{ status: c.status, allowedActions: result.allowedActions, field }],
    });
  }

  function applyDecision(decision: Accepted): number {
    state = decision.case;
    return enqueue(decision.effects);
  }

  // Handlers are registered before the first await so nothing sent with the start is missed.
  for (const name of UPDATE_ACTIONS) {
    setHandler(
      actionUpdates[name],
      async (cmd: Command) => {
        adoptRules();
        const updateId = currentUpdateInfo()?.id;
        // Validators do not run on replay: then (and only then) the handler decides itself, on the same state.
        const decision = validated && validated.updateId === updateId ? validated.decision : decideOrThrow(state, { ...cmd, type: name } as Command);
        validated = undefined;
        const batch = applyDecision(decision);
        await condition(() => applied >= batch);
        return viewCase(state, nowIso());
      },
      {
        validator: (cmd: Command) => {
          validated = { updateId: currentUpdateInfo()!.id, decision: decideOrThrow(live(), { ...cmd, type: name } as Command) };
        },
      },
    );
  }
  for (const name of SIGNAL_ACTIONS) {
    setHandler(supervisionSignals[name], (cmd: Command) => {
      adoptRules();
      // Signals cannot be refused to the sender; the API checks the case first. A signal that arrives
      // too late for the state is recorded in the log and changes nothing.
      const result = decide(state, { ...cmd, type: name } as Command, nowIso());
      if (result.ok) applyDecision(result);
      else log.warn('supervision signal ignored: not allowed in the current state', { signal: name, status: state.status, reason: result.refusal.message });
    });
  }
  setHandler(recomputeDueDatesSignal, ({ reason, calendarYears }) => {
    adoptRules();
    const result = decide(state, { type: 'recomputeDueDates', actor: { id: 'system', role: 'system' }, reason, calendarYears }, nowIso());
    if (result.ok) applyDecision(result);
  });
  setHandler(getCaseQuery, () => viewCase(live(), nowIso()));
  setHandler(registrationUpdate, async () => {
    await condition(() => applied >= 1);
    return viewCase(state, nowIso());
  });

  while (true) {
    await runEffects();
    if (isFinished(state)) break;

    const wake = nextWakeAt(state);
    const timeout = wake === undefined ? undefined : Math.max(0, wake - Date.now());
    const suggested = () => workflowInfo().continueAsNewSuggested || (historyLimit !== undefined && workflowInfo().historyLength >= historyLimit);
    await condition(() => applied < enqueued || suggested(), timeout ?? '3650 days');

    adoptRules();
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
