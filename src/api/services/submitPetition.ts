// Submission: a new workflow per petition; a repeat of an open matter by the same petitioner recorded on
// that case (W19); a submission after the matter was closed finally registered and not accepted (W36).
import crypto from 'node:crypto';
import {
  WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy, WorkflowIdReusePolicy,
  WorkflowNotFoundError, WorkflowUpdateFailedError, type Client,
} from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { Db } from '../../db/client';
import { snapshotOf } from '../../db/snapshots';
import {
  resolvePolicy, type Actor, type CaseOwnership, type CaseView, type ClosingReason, type PolicyDocument, type RepeatRef,
  type RepeatSubmission,
} from '../../domain';
import { workflowIdFor } from '../../temporal/ids';
import { PetitionClass, PetitionStatus, PetitionUnit } from '../../temporal/searchAttributes';
import { petitionWorkflow } from '../../workflows';
import { actionUpdates, registrationUpdate } from '../../workflows/messages';
import type { Submission } from '../schemas/submission';
import { readCase } from './readCase';

export interface SubmitDeps {
  client: Client;
  db: Db;
  policy: PolicyDocument;
  taskQueue: string;
}

/** A repeat's receipt: its own id and query code, which resolve to the case it was recorded on. */
export interface Receipt { id: string; queryCode: string; receivedAt: string; channel: string }

export type SubmitResult =
  | { created: true; petition: CaseView }
  /** A repeat by the same petitioner, linked to the open case; owner says whose it is, so the route shows it only to those in scope. */
  | { created: false; linkedTo: string; owner: CaseOwnership; petition: CaseView; receipt: Receipt };

const normalise = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** The same petitioner about the same matter to the same unit is one matter; an anonymous one is never a repeat. */
export function matterKeyOf(s: Submission & { unitId: string }, id: string): string {
  const who = s.petitioner ? normalise(s.petitioner.idNumber || s.petitioner.contact) : `anonymous|${id}`;
  return sha256(`${s.organisationId}|${s.unitId}|${who}|${normalise(s.title)}`).slice(0, 32);
}

/** Closings after which the matter is final (终结): the re-review was done, or the appeal windows lapsed. */
const FINAL_CLOSINGS = ['final', 'appeal_window_lapsed'] as const satisfies readonly ClosingReason[];

/** What the register shows for an anonymous petitioner: nobody's name, no address. */
const ANONYMOUS_PETITIONER = { name: '匿名 (anonymous)', contact: '' };

/** A query code the petitioner can read over the phone: no 0/O or 1/I. */
export function queryCodeFrom(seed: string): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.createHash('sha256').update(`query-code|${seed}`).digest();
  return Array.from(bytes.subarray(0, 10), (b) => alphabet[b % alphabet.length]).join('');
}

/**
 * Whether the submitter is confirmed to be the petitioner of an earlier case of the same matter. A name,
 * a contact and a title can be typed by anyone, so the matter key alone never links: the same petitioner
 * account does, and so does an intake officer who checked the petitioner's identity.
 */
function confirmedSamePetitioner(actor: Actor, s: Submission, earlier: { petitionerId: string | null }): RepeatSubmission['basis'] | undefined {
  if (s.anonymous) return undefined;
  if (hasAccount(actor) && earlier.petitionerId === actor.id) return 'same_account';
  if (actor.role === 'intake_officer' && s.identityChecked === true) return 'identity_checked';
  return undefined;
}

/** The actor of an online submission without a token: no account, tracked by query code only. */
export const ANONYMOUS_ACTOR: Actor = { id: 'anonymous', role: 'petitioner' };

/** A signed-in petitioner: the case is linked to their account (an anonymous caller has none). */
const hasAccount = (actor: Actor): boolean => actor.role === 'petitioner' && actor.id !== ANONYMOUS_ACTOR.id;

const ref = (row: { id: string; queryCode: string }): RepeatRef => ({ id: row.id, queryCode: row.queryCode });

export async function submitPetition(deps: SubmitDeps, s: Submission & { unitId: string }, actor: Actor, idempotencyKey?: string): Promise<SubmitResult> {
  // An Idempotency-Key fixes the petition id, so a retried request meets the workflow it started.
  // Anonymous callers share one actor id, so their key is tied to the body too: another body with a
  // guessed key starts another case instead of revealing the first one.
  const scope = actor.id === ANONYMOUS_ACTOR.id ? `anonymous|${sha256(JSON.stringify(s))}` : actor.id;
  const id = idempotencyKey ? sha256(`submission|${scope}|${idempotencyKey}`).slice(0, 26) : crypto.randomUUID();
  const matterKey = matterKeyOf(s, id);
  const receivedAt = new Date().toISOString();

  // A retry of a repeat that was already recorded: the same receipt, the case as it is now.
  const recorded = await deps.db.submission.findUnique({ where: { id } });
  if (recorded) return linkedAnswer(deps, recorded);

  const open = await deps.db.petition.findFirst({
    where: { matterKey, status: { not: 'closed' }, id: { not: id } },
    orderBy: { receivedAt: 'asc' },
    select: { id: true, queryCode: true, workflowId: true, petitionerId: true },
  });
  const basis = open ? confirmedSamePetitioner(actor, s, open) : undefined;
  if (open && basis) {
    const receipt: Receipt = { id, queryCode: queryCodeFrom(id), receivedAt, channel: s.channel };
    const linked = await linkRepeat(deps, open.workflowId, actor, receipt, s, basis);
    if (linked) {
      await deps.db.submission.upsert({
        where: { id },
        create: { id, queryCode: receipt.queryCode, petitionId: open.id, channel: s.channel, receivedAt: new Date(receivedAt) },
        update: {},
      });
      return linkedAnswer(deps, { id, queryCode: receipt.queryCode, petitionId: open.id, channel: s.channel, receivedAt: new Date(receivedAt) });
    }
  }
  // W36: a matter closed finally (the re-review done, or the appeal windows lapsed) is not accepted again.
  const final = open && !basis ? null : await deps.db.petition.findFirst({
    where: { matterKey, status: 'closed', closingReason: { in: [...FINAL_CLOSINGS] }, id: { not: id } },
    orderBy: { closedAt: 'desc' },
    select: { id: true, queryCode: true, closedAt: true, closingReason: true, petitionerId: true },
  });
  const precluded = final?.closedAt && confirmedSamePetitioner(actor, s, final) ? final : undefined;
  // Not confirmed as the same petitioner: a case of its own, flagged for the officer to link or keep.
  const likely = open && !basis ? open : final && !precluded ? final : undefined;

  const start = new WithStartWorkflowOperation(petitionWorkflow, {
    taskQueue: deps.taskQueue,
    workflowId: workflowIdFor(id),
    // A retry with the same key returns the running petition instead of failing or starting another.
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    // ...and never a second run once it has closed (a retry long after, when the key's record is gone).
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    typedSearchAttributes: new TypedSearchAttributes([
      { key: PetitionStatus, value: 'registered' },
      { key: PetitionClass, value: s.class },
      { key: PetitionUnit, value: s.unitId },
    ]),
    args: [{
      kind: 'new',
      policy: resolvePolicy(deps.policy, s.organisationId, s.class),
      registration: {
        id,
        queryCode: queryCodeFrom(id),
        matterKey,
        organisationId: s.organisationId,
        class: s.class,
        channel: s.channel,
        receivedAt,
        petitioner: s.petitioner ?? ANONYMOUS_PETITIONER,
        // Only an account links the case; anonymous (匿名) means unlinked, even when a signed-in petitioner submits it.
        petitionerUserId: hasAccount(actor) && !s.anonymous ? actor.id : undefined,
        ...(s.anonymous ? { anonymous: true } : {}),
        title: s.title,
        content: s.content,
        unitId: s.unitId,
        intakeOfficerId: actor.role === 'intake_officer' ? actor.id : undefined,
        ...(likely ? { likelyRepeatOf: ref(likely) } : {}),
        ...(precluded?.closedAt ? {
          precludedBy: { id: precluded.id, queryCode: precluded.queryCode, closedAt: precluded.closedAt.toISOString(), closingReason: precluded.closingReason as ClosingReason },
        } : {}),
      },
    }],
  });
  // Update-with-start: the answer comes once due dates and the projection are written.
  let petition: CaseView;
  try {
    petition = await deps.client.workflow.executeUpdateWithStart(registrationUpdate, { startWorkflowOperation: start });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    // This submission's case has closed since: its final state is the first answer.
    const closed = await snapshotOf(deps.db, id);
    if (!closed) throw err;
    petition = closed;
  }
  // A retry meets the workflow its first attempt started: the same submission, created either way.
  return { created: true, petition };
}

/**
 * Records the repeat on the open case, its text and channel included (for the officer; never public).
 * The update id is the submission's, so a retry records it once. Undefined when the case closed
 * meanwhile: the submission then opens a case of its own.
 */
async function linkRepeat(deps: SubmitDeps, workflowId: string, actor: Actor, receipt: Receipt, s: Submission, basis: RepeatSubmission['basis']): Promise<CaseView | undefined> {
  try {
    return await deps.client.workflow.getHandle(workflowId).executeUpdate(actionUpdates.linkRepeat, {
      args: [{
        type: 'linkRepeat', actor, submissionId: receipt.id, receivedAt: receipt.receivedAt, channel: s.channel,
        title: s.title, content: s.content, queryCode: receipt.queryCode, basis,
      }],
      updateId: `link-${receipt.id}`,
    });
  } catch (err) {
    if (err instanceof WorkflowNotFoundError || err instanceof WorkflowUpdateFailedError) return undefined;
    throw err;
  }
}

async function linkedAnswer(
  deps: SubmitDeps, row: { id: string; queryCode: string; petitionId: string; channel: string; receivedAt: Date },
): Promise<SubmitResult> {
  const owner = await deps.db.petition.findUniqueOrThrow({ where: { id: row.petitionId }, select: { unitId: true, petitionerId: true, status: true } });
  const petition = await readCase(deps, row.petitionId, owner.status);
  return {
    created: false,
    linkedTo: row.petitionId,
    owner: { unitId: owner.unitId, petitionerUserId: owner.petitionerId },
    petition,
    receipt: { id: row.id, queryCode: row.queryCode, receivedAt: row.receivedAt.toISOString(), channel: row.channel },
  };
}
