// Drives petitions through the short happy path with the Temporal client, the way the API does, and
// keeps going through crashes: every step has a fixed update id, so a retry after a lost answer meets
// the update that already ran (Temporal deduplicates by update id) instead of acting twice.
import { setTimeout as sleep } from 'node:timers/promises';
import { WithStartWorkflowOperation, WorkflowIdConflictPolicy, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { Actor, CaseView, CommandOf, Registration } from '../../src/domain';
import { workflowIdFor } from '../../src/temporal/ids';
import { petitionWorkflow } from '../../src/workflows';
import { actionUpdates, registrationUpdate, type UpdateAction } from '../../src/workflows/messages';
import { intake, officer, petitioner, policyFor, registration } from '../support/fixtures';

type Payload<T extends UpdateAction> = Omit<CommandOf<T>, 'type' | 'actor'>;

export interface Step<T extends UpdateAction = UpdateAction> { action: T; actor: Actor; payload: Payload<T>; status: string }

/**
 * register -> accept -> assign -> reply (delivered online at once) -> rated satisfied (the case waits in
 * the appeal window, 30 days from the delivery, W35) -> the petitioner withdraws -> closed, by the roles
 * the API allows. The withdrawal stands in for the window lapsing, which cannot happen in real time: a
 * whole case that completes its workflow.
 */
export const HAPPY_PATH: Step[] = [
  { action: 'accept', actor: intake, payload: { unitId: 'unit-housing' }, status: 'accepted' },
  { action: 'assign', actor: intake, payload: { unitId: 'unit-housing', officerId: officer.id }, status: 'in_handling' },
  { action: 'reply', actor: officer, payload: { decision: 'support', facts: 'Inspected on site.', legalBasis: '《物业管理条例》第35条', text: 'Repaired by 1 December.' }, status: 'awaiting_evaluation' },
  { action: 'evaluate', actor: petitioner, payload: { rating: 'satisfied' }, status: 'appeal_window' },
  { action: 'withdraw', actor: petitioner, payload: { reason: 'Repaired; no review wanted.' }, status: 'closed' },
];

/** Retries a call through crashes (server unavailable, lost answers); a refusal by the workflow is a real failure. */
export async function throughCrashes<T>(what: string, call: () => Promise<T>, signal?: AbortSignal, timeoutMs = 90_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    // After the test's teardown the connection is closed: a retry then would only crash the test process.
    if (signal?.aborted) throw new Error(`${what}: abandoned at teardown`);
    try {
      return await call();
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) throw err;
      if (Date.now() > until) throw new Error(`${what}: still failing after ${attempt} attempts: ${(err as Error).message}`);
      await sleep(Math.min(1_000, 100 * attempt));
    }
  }
}

export class LifecycleDriver {
  /** Calls not finished yet: teardown waits for them before it closes the connection. */
  readonly inFlight = new Set<Promise<unknown>>();

  /** `signal`: aborted at teardown, so no retry outlives the connection. */
  constructor(readonly client: Client, readonly taskQueue: string, readonly signal?: AbortSignal) {}

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    const done = () => this.inFlight.delete(p);
    p.then(done, done);
    return p;
  }

  /** Update-with-start as src/api/services/submitPetition.ts does it; USE_EXISTING makes the retry idempotent. */
  async register(overrides: Partial<Registration> = {}): Promise<string> {
    const reg = registration(overrides);
    await this.track(throughCrashes(`register ${reg.id}`, () => {
      const start = new WithStartWorkflowOperation(petitionWorkflow, {
        taskQueue: this.taskQueue,
        workflowId: workflowIdFor(reg.id),
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        args: [{ kind: 'new', registration: reg, policy: policyFor(reg.organisationId, reg.class) }],
      });
      return this.client.workflow.executeUpdateWithStart(registrationUpdate, { startWorkflowOperation: start, updateId: `${reg.id}:registration` });
    }, this.signal));
    return reg.id;
  }

  async act(id: string, step: Step): Promise<CaseView> {
    const cmd = { ...step.payload, type: step.action, actor: step.actor };
    const view = await this.track(throughCrashes(`${step.action} ${id}`, () =>
      this.client.workflow.getHandle(workflowIdFor(id)).executeUpdate(actionUpdates[step.action] as never, {
        args: [cmd] as never, updateId: `${id}:${step.action}`,
      }) as Promise<CaseView>, this.signal));
    if (view.status !== step.status) throw new Error(`${step.action} ${id}: status ${view.status}, expected ${step.status}`);
    return view;
  }

  /** The whole happy path; `between` runs after each step (a crash, a pause). */
  async run(between: (id: string, done: number) => Promise<void> = async () => undefined): Promise<string> {
    const id = await this.register();
    await between(id, 0);
    for (const [i, step] of HAPPY_PATH.entries()) {
      await this.act(id, step);
      await between(id, i + 1);
    }
    return id;
  }
}
