// Drives petition workflows on the time-skipping server with a real worker and a real SQLite file.
import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Actor, CaseView, CommandOf, Registration } from '../../src/domain';
import { petitionWorkflow, type PetitionInput } from '../../src/workflows';
import {
  actionUpdates, getCaseQuery, registrationUpdate, supervisionSignals, type SignalAction, type UpdateAction,
} from '../../src/workflows/messages';
import { WithStartWorkflowOperation, WorkflowIdConflictPolicy } from '@temporalio/client';
import { historyToFile } from '../support/histories';
import { createTestDb } from '../support/testDb';
import { petitionWorker, timeSkippingEnv, type PetitionWorkerOptions } from '../support/temporal';
import { DAY, policyFor, registration } from '../support/fixtures';

type Payload<T extends UpdateAction | SignalAction> = Omit<CommandOf<T>, 'type' | 'actor'>;

export class Harness {
  /** Petitions started by the current test, for recording their histories. */
  started: Petition[] = [];
  env!: TestWorkflowEnvironment;
  worker!: Worker;
  dbh!: Awaited<ReturnType<typeof createTestDb>>;
  private running?: Promise<void>;
  constructor(readonly taskQueue: string, private readonly workerOptions: PetitionWorkerOptions = {}) {}

  async setup(): Promise<void> {
    this.env = await timeSkippingEnv();
    this.dbh = await createTestDb();
    await seedUnitTree(this.dbh.db);
    await this.startWorker();
  }

  /** `options` override the harness's worker options for this worker (e.g. another payload key). */
  async startWorker(options: PetitionWorkerOptions = {}): Promise<void> {
    this.worker = await petitionWorker(this.env, this.dbh.db, this.taskQueue, { ...this.workerOptions, ...options });
    this.running = this.worker.run();
  }

  async stopWorker(): Promise<void> {
    this.worker.shutdown();
    await this.running;
  }

  async teardown(): Promise<void> {
    if (this.running) await this.stopWorker().catch(() => undefined);
    await this.env?.teardown();
    await this.dbh?.cleanup();
  }

  get db() {
    return this.dbh.db;
  }

  async start(overrides: Partial<Registration> = {}, extra: Partial<Extract<PetitionInput, { kind: 'new' }>> = {}): Promise<Petition> {
    const reg = registration({ receivedAt: new Date(await this.env.currentTimeMs()).toISOString(), ...overrides });
    const op = new WithStartWorkflowOperation(petitionWorkflow, {
      taskQueue: this.taskQueue,
      workflowId: `petition-${reg.id}`,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
      args: [{ kind: 'new', registration: reg, policy: policyFor(reg.organisationId, reg.class), ...extra }],
    });
    await this.env.client.workflow.executeUpdateWithStart(registrationUpdate, { startWorkflowOperation: op });
    const petition = new Petition(this, await op.workflowHandle(), reg);
    this.started.push(petition);
    return petition;
  }

  /** Moves the test server's clock forward; timers that fall due fire in order. */
  async advance(days: number): Promise<void> {
    await this.env.sleep(days * DAY);
  }

  async now(): Promise<number> {
    return this.env.currentTimeMs();
  }
}

export class Petition {
  constructor(readonly h: Harness, readonly handle: WorkflowHandle<typeof petitionWorkflow>, readonly reg: Registration) {}

  get id(): string {
    return this.reg.id;
  }

  act<T extends UpdateAction>(name: T, actor: Actor, payload: Payload<T> = {} as Payload<T>): Promise<CaseView> {
    const cmd = { ...payload, type: name, actor } as unknown as CommandOf<T>;
    return this.handle.executeUpdate(actionUpdates[name] as never, { args: [cmd] as never }) as Promise<CaseView>;
  }

  async signal<T extends SignalAction>(name: T, actor: Actor, payload: Payload<T>): Promise<void> {
    const cmd = { ...payload, type: name, actor } as unknown as CommandOf<T>;
    await this.handle.signal(supervisionSignals[name] as never, cmd as never);
  }

  view(): Promise<CaseView> {
    return this.handle.query(getCaseQuery);
  }

  clock(view: CaseView, kind: string) {
    const c = [...view.clocks].reverse().find((k) => k.kind === kind);
    if (!c) throw new Error(`no ${kind} clock in ${view.clocks.map((k) => k.id).join(', ')}`);
    return c;
  }

  async notices() {
    return this.h.db.notification.findMany({ where: { petitionId: this.id }, orderBy: { id: 'asc' } });
  }

  async events() {
    return this.h.db.petitionEvent.findMany({ where: { petitionId: this.id }, orderBy: { seq: 'asc' } });
  }
}

/** Advances the server clock to just after an instant (a due date). */
export async function advancePast(h: Harness, instant: string, extraMs = 60_000): Promise<void> {
  const ms = Date.parse(instant) - (await h.now()) + extraMs;
  if (ms > 0) await h.env.sleep(ms);
}

/**
 * The unit tree the review-body activity reads: the office at the top (the policy names petition-office
 * as the reviewing body above it), the bureaus one level below.
 */
export const UNIT_TREE: readonly { id: string; name: string; parentId?: string }[] = [
  { id: 'unit-office', name: 'City petition office' },
  ...['unit-housing', 'unit-planning', 'unit-slow', 'unit-repairs', 'unit-district', 'unit-county']
    .map((id) => ({ id, name: id.replace('unit-', ''), parentId: 'unit-office' })),
];

async function seedUnitTree(db: Harness['db']): Promise<void> {
  for (const u of UNIT_TREE) await db.unit.create({ data: { id: u.id, name: u.name, parentId: u.parentId ?? null } });
}

// One folder per workflow version; older folders stay, so every released version keeps replaying.
export const CURRENT_HISTORY_SET = 'v4';
const HISTORY_DIR = path.resolve(__dirname, '..', 'histories', process.env.HISTORY_SET ?? CURRENT_HISTORY_SET);

/**
 * With RECORD_HISTORIES=1, writes the history of the first petition each test started to
 * test/histories/<HISTORY_SET, default v4>/<test name>.json: the replay test then guards every path against non-determinism.
 */
export function recordHistories(h: Harness): void {
  beforeEach(() => {
    h.started = [];
  });
  afterEach(async () => {
    const first = h.started[0];
    if (!process.env.RECORD_HISTORIES || !first) return;
    const name = (expect.getState().currentTestName ?? 'unnamed').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80).toLowerCase();
    const history = await first.handle.fetchHistory();
    fs.mkdirSync(HISTORY_DIR, { recursive: true });
    fs.writeFileSync(path.join(HISTORY_DIR, `${name}.json`), historyToFile(history) + '\n');
  });
}
