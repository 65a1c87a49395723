// Submission: a new workflow per petition, or a link to the open case for the same matter (W19).
import crypto from 'node:crypto';
import {
  WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type Client,
} from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { Db } from '../../db/client';
import { snapshotOf } from '../../db/snapshots';
import { resolvePolicy, type Actor, type CaseOwnership, type CaseView, type PolicyDocument } from '../../domain';
import { workflowIdFor } from '../../temporal/ids';
import { PetitionClass, PetitionStatus, PetitionUnit } from '../../temporal/searchAttributes';
import { petitionWorkflow } from '../../workflows';
import { actionUpdates, registrationUpdate } from '../../workflows/messages';
import type { Submission } from '../schemas/submission';

export interface SubmitDeps {
  client: Client;
  db: Db;
  policy: PolicyDocument;
  taskQueue: string;
}

export type SubmitResult =
  | { created: true; petition: CaseView }
  /** A repeat, linked to the open case; owner says whose it is, so the route shows it only to those in scope. */
  | { created: false; linkedTo: string; owner: CaseOwnership; petition: CaseView };

const normalise = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** The same petitioner about the same matter to the same unit is one matter; an anonymous one is never a repeat. */
export function matterKeyOf(s: Submission & { unitId: string }, id: string): string {
  const who = s.petitioner ? normalise(s.petitioner.idNumber || s.petitioner.contact) : `anonymous|${id}`;
  return sha256(`${s.organisationId}|${s.unitId}|${who}|${normalise(s.title)}`).slice(0, 32);
}

/** What the register shows for an anonymous petitioner: nobody's name, no address. */
const ANONYMOUS_PETITIONER = { name: '匿名 (anonymous)', contact: '' };

/** A query code the petitioner can read over the phone: no 0/O or 1/I. */
function queryCodeFrom(seed: string): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.createHash('sha256').update(`query-code|${seed}`).digest();
  return Array.from(bytes.subarray(0, 10), (b) => alphabet[b % alphabet.length]).join('');
}

export async function submitPetition(deps: SubmitDeps, s: Submission & { unitId: string }, actor: Actor, idempotencyKey?: string): Promise<SubmitResult> {
  // An Idempotency-Key fixes the petition id, so a retried request meets the workflow it started.
  // Anonymous callers share one actor id, so their key is tied to the body too: another body with a
  // guessed key starts another case instead of revealing the first one.
  const scope = actor.id === 'anonymous' ? `anonymous|${sha256(JSON.stringify(s))}` : actor.id;
  const id = idempotencyKey ? sha256(`submission|${scope}|${idempotencyKey}`).slice(0, 26) : crypto.randomUUID();
  const matterKey = matterKeyOf(s, id);
  const receivedAt = new Date().toISOString();

  const open = await deps.db.petition.findFirst({
    where: { matterKey, status: { not: 'closed' }, id: { not: id } },
    orderBy: { receivedAt: 'asc' },
  });
  if (open) {
    const petition = await deps.client.workflow.getHandle(open.workflowId).executeUpdate(actionUpdates.linkRepeat, {
      args: [{ type: 'linkRepeat', actor, submissionId: id, receivedAt, channel: s.channel }],
      updateId: `link-${id}`,
    });
    return { created: false, linkedTo: open.id, owner: { unitId: open.unitId, petitionerUserId: open.petitionerId }, petition };
  }

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
        // Anonymous means unlinked, even when a signed-in petitioner submits it.
        petitionerUserId: actor.role === 'petitioner' && !s.anonymous ? actor.id : undefined,
        ...(s.anonymous ? { anonymous: true } : {}),
        title: s.title,
        content: s.content,
        unitId: s.unitId,
        intakeOfficerId: actor.role === 'intake_officer' ? actor.id : undefined,
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
