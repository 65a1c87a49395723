// Two ways to drive a petition: through the HTTP API, and with the raw Temporal client doing what the API
// does in Temporal (the same update-with-start, the same updates, the same query), without the HTTP layer,
// authentication, scope checks or the projection lookup. Comparing the two is the API's overhead.
import crypto from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { TypedSearchAttributes } from '@temporalio/common';
import { resolvePolicy, type Actor, type CaseView, type PolicyDocument, type Registration } from '../../src/domain';
import { workflowIdFor } from '../../src/temporal/ids';
import { PetitionClass, PetitionStatus, PetitionUnit } from '../../src/temporal/searchAttributes';
import { petitionWorkflow } from '../../src/workflows';
import { actionUpdates, getCaseQuery, registrationUpdate, type UpdateAction } from '../../src/workflows/messages';
import type { SubmissionBody } from './fixtures';
import { HttpError, type JsonClient } from './http';
import { TASK_QUEUE, type Account, type Person } from './stack';

export interface Driver {
  name: 'api' | 'raw' | 'relay';
  submit(body: SubmissionBody, as?: Person): Promise<CaseView>;
  act(id: string, action: string, fields: Record<string, unknown>, as: Person): Promise<CaseView>;
  detail(id: string, as?: Person): Promise<CaseView>;
}

export function apiDriver(http: JsonClient, accounts: Record<Person, Account>): Driver {
  const auth = (as: Person) => ({ authorization: `Bearer ${accounts[as].token}` });
  const expect = async (what: string, p: Promise<{ status: number; body: any }>, ok: number[]): Promise<CaseView> => {
    const r = await p;
    if (!ok.includes(r.status)) throw new HttpError(r.status, r.body, what);
    return r.body.petition as CaseView;
  };
  return {
    name: 'api',
    submit: (body, as = 'petitioner') => expect('POST /petitions', http.call('POST', '/api/v1/petitions', body, auth(as)), [201]),
    act: (id, action, fields, as) =>
      expect(`POST /petitions/{id}/actions/${action}`, http.call('POST', `/api/v1/petitions/${id}/actions/${action}`, fields, auth(as)), [200, 202]),
    detail: (id, as = 'officer') => expect('GET /petitions/{id}', http.call('GET', `/api/v1/petitions/${id}`, undefined, auth(as)), [200]),
  };
}

/** Only the detail, through the bare relay (lib/relay.ts): what any HTTP hop in front of the query costs. */
export function relayDriver(http: JsonClient): Driver {
  const only = () => Promise.reject(new Error('the relay serves only the detail'));
  return {
    name: 'relay',
    submit: only,
    act: only,
    detail: async (id) => {
      const r = await http.call('GET', `/petitions/${id}`);
      if (r.status !== 200) throw new HttpError(r.status, r.body, 'relay GET /petitions/{id}');
      return r.body.petition as CaseView;
    },
  };
}

const normalise = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** The registration the API builds for a submission (src/api/services/submitPetition.ts), for the raw side. */
export function registrationFor(body: SubmissionBody, actor: Actor, receivedAt = new Date().toISOString()): Registration {
  const id = crypto.randomUUID();
  const bytes = crypto.createHash('sha256').update(`query-code|${id}`).digest();
  return {
    id,
    queryCode: Array.from(bytes.subarray(0, 10), (b) => ALPHABET[b % ALPHABET.length]).join(''),
    matterKey: sha256(`${body.organisationId}|${body.unitId}|${normalise(body.petitioner.contact)}|${normalise(body.title)}`).slice(0, 32),
    organisationId: body.organisationId,
    class: body.class,
    channel: body.channel,
    receivedAt,
    petitioner: body.petitioner,
    petitionerUserId: actor.role === 'petitioner' ? actor.id : undefined,
    title: body.title,
    content: body.content,
    unitId: body.unitId,
    intakeOfficerId: actor.role === 'intake_officer' ? actor.id : undefined,
  };
}

/** Update-with-start of a new petition, as the API does it; `policy` may be a resolved bench policy. */
export function startPetition(client: Client, registration: Registration, policy: ReturnType<typeof resolvePolicy>): Promise<CaseView> {
  const start = new WithStartWorkflowOperation(petitionWorkflow, {
    taskQueue: TASK_QUEUE,
    workflowId: workflowIdFor(registration.id),
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    typedSearchAttributes: new TypedSearchAttributes([
      { key: PetitionStatus, value: 'registered' },
      { key: PetitionClass, value: registration.class },
      { key: PetitionUnit, value: registration.unitId },
    ]),
    args: [{ kind: 'new', policy, registration }],
  });
  return client.workflow.executeUpdateWithStart(registrationUpdate, { startWorkflowOperation: start });
}

export function rawDriver(client: Client, policy: PolicyDocument, accounts: Record<Person, Account>): Driver {
  return {
    name: 'raw',
    submit: (body, as = 'petitioner') =>
      startPetition(client, registrationFor(body, accounts[as].actor), resolvePolicy(policy, body.organisationId, body.class)),
    act: (id, action, fields, as) =>
      // The same update definition the API uses; its argument type depends on the action, checked by the workflow.
      client.workflow.getHandle(workflowIdFor(id)).executeUpdate(actionUpdates[action as UpdateAction] as UpdateDefinition<CaseView, [unknown]>, {
        args: [{ ...fields, type: action, actor: accounts[as].actor }],
      }),
    detail: (id) => client.workflow.getHandle(workflowIdFor(id)).query(getCaseQuery),
  };
}
