// Registration (online, or by an intake officer) and the case detail, read from the workflow.
import { z } from 'zod';
import { inScope, mayRegister, type Actor } from '../../domain';
import { ApiError } from '../errors';
import { endpoint, type Endpoint } from '../http/endpoint';
import { PetitionIdParams } from '../schemas/common';
import { SubmissionSchema } from '../schemas/submission';
import { PetitionerCaseSchema } from '../schemas/reads';
import { CaseViewSchema, YourActionSchema } from '../schemas/views';
import { checkLinkable, link } from '../services/attachments';
import { caseForCaller } from '../services/caseForCaller';
import { readCase } from '../services/readCase';
import { assertInScope } from '../services/caseAccess';
import { ANONYMOUS_ACTOR, submitPetition, type SubmitDeps } from '../services/submitPetition';
import { yourActions } from '../services/yourActions';

export interface PetitionRouteDeps extends SubmitDeps { defaultUnitId: string }


export { yourActions };

/** Staff get the whole case; a petitioner (and an anonymous submitter) gets the public view. */
export const CallerCaseSchema = z.union([CaseViewSchema, PetitionerCaseSchema]).meta({
  description: 'CaseView for officers, supervisors and admins; PetitionerCase (steps, dates, documents; nothing internal) for a petitioner and an anonymous caller',
});

const DetailSchema = z.object({
  petition: CallerCaseSchema,
  yourActions: z.array(YourActionSchema).meta({ description: 'The actions the case accepts now that you may take (your role, and the rules on who may act on this case): the buttons to show' }),
});

const ReceiptSchema = z.object({
  id: z.string().meta({ description: 'The submission\'s own id: GET /api/v1/petitions/{id} with it reads the case it was recorded on (within your scope)' }),
  queryCode: z.string().meta({ description: '查询码 of this submission: public tracking with it shows the case it was recorded on' }),
  receivedAt: z.string().meta({ format: 'date-time', description: 'When it was received (ISO 8601 instant, UTC)' }),
  channel: z.string().meta({ description: 'How it came (online, letter, phone, fax, visit)' }),
}).meta({ id: 'SubmissionReceipt', description: 'The receipt of a repeat submission (重复信访) recorded on the open case of the same matter' });

const REPEAT_MESSAGE = 'This matter is already open (重复信访): your submission was recorded on that case, which answers it.';

export function petitionEndpoints(deps: PetitionRouteDeps): Endpoint[] {
  return [
    endpoint({
      operationId: 'submitPetition',
      method: 'post',
      path: '/api/v1/petitions',
      summary: 'Submit or register a petition (登记)',
      description: 'Online submission is open to anyone (rate limited per address); with a petitioner token the case is linked to the account. '
        + 'An intake officer registers letters, visits, phone calls and faxes into their unit. '
        + 'A repeat of an open matter (same petitioner, unit and title) by the same petitioner (the same account, or registered by an intake officer with identityChecked) '
        + 'is recorded on that case (200, with a receipt whose query code tracks it) instead of opening a new case; anyone else\'s is opened as a case of its own, '
        + 'flagged for the officers as a likely repeat (likelyRepeatOf). The same petitioner\'s submission of a matter closed finally (终结) is registered and not accepted (W36). '
        + 'Petitioners and anonymous callers are answered with the public view of the case; staff with the whole case.',
      tags: ['petitions'],
      auth: 'optional',
      body: SubmissionSchema,
      idempotent: true,
      responses: {
        201: { description: 'Registered: the case with its query code (查询码) and acceptance due date', schema: z.object({ petition: CallerCaseSchema, linkedTo: z.null() }) },
        200: {
          description: 'A repeat of an open matter by the same petitioner (重复信访): recorded on the open case instead of opening another, with a receipt. '
            + 'The case is shown to a caller whose scope includes it (its petitioner: the public view); the receipt\'s query code tracks it.',
          schema: z.object({
            petition: CallerCaseSchema.nullable().meta({ description: 'The open case, for a caller whose scope includes it; otherwise null' }),
            linkedTo: z.string().nullable().meta({ description: 'The open case\'s id, for a caller whose scope includes it; otherwise null' }),
            submission: ReceiptSchema,
            message: z.string(),
          }),
        },
      },
      async handle({ body: request, principal, idempotencyKey }) {
        // Attachments are the API's to link (checked now, linked to the case it ends up on); the workflow never sees them.
        const { attachmentIds, ...body } = request;
        const role = principal?.role ?? 'anonymous';
        if (!mayRegister(role, body.channel)) {
          throw new ApiError(403, 'forbidden', role === 'anonymous' || role === 'petitioner'
            ? `petitioners submit online; a ${body.channel} is registered by an intake officer`
            : `a ${role} does not register petitions`);
        }
        if (body.identityChecked !== undefined && role !== 'intake_officer') {
          const message = 'only an intake officer records that they checked the petitioner\'s identity';
          throw new ApiError(400, 'validation_failed', `identityChecked: ${message}`, [{ field: 'identityChecked', message }]);
        }
        // Whose time limits apply is the organisation's, from the policy file: never an unknown one.
        if (body.organisationId !== 'national' && !Object.hasOwn(deps.policy.organisations ?? {}, body.organisationId)) {
          const message = `unknown organisation; known: ${['national', ...Object.keys(deps.policy.organisations ?? {})].join(', ')}`;
          throw new ApiError(400, 'validation_failed', `organisationId: ${message}`, [{ field: 'organisationId', message }]);
        }
        const unitId = body.unitId ?? (role === 'intake_officer' ? principal!.unitId! : deps.defaultUnitId);
        if (!(await deps.db.unit.findUnique({ where: { id: unitId } }))) {
          throw new ApiError(400, 'validation_failed', `unitId: unit ${unitId} does not exist`, [{ field: 'unitId', message: `unit ${unitId} does not exist` }]);
        }
        if (principal && role === 'intake_officer' && !principal.unitIds.includes(unitId)) {
          throw new ApiError(403, 'forbidden', `an intake officer registers into their own unit or one below it, not ${unitId}`);
        }
        const actor: Actor = principal ? { id: principal.userId, role: principal.role, unitId: principal.unitId } : ANONYMOUS_ACTOR;
        const files = await checkLinkable(deps.db, attachmentIds, actor.id);
        const result = await submitPetition(deps, { ...body, unitId }, actor, idempotencyKey);
        // A repeat's files go with the submission onto the open case that answers it.
        await link(deps.db, files, result.created ? result.petition.id : result.linkedTo, actor.id, result.created ? 'submission' : 'repeat');
        if (result.created) {
          return {
            status: 201,
            headers: { Location: `/api/v1/petitions/${result.petition.id}` },
            body: { petition: await caseForCaller(deps.db, principal, result.petition), linkedTo: null },
          };
        }
        // Only a caller who may see the open case is shown it; the receipt's query code tracks its public view.
        const shown = !!principal && inScope(principal, result.owner);
        return {
          status: 200,
          headers: shown ? { Location: `/api/v1/petitions/${result.linkedTo}` } : undefined,
          body: {
            petition: shown ? await caseForCaller(deps.db, principal, result.petition) : null,
            linkedTo: shown ? result.linkedTo : null,
            submission: result.receipt,
            message: REPEAT_MESSAGE,
          },
        };
      },
    }),
    endpoint({
      operationId: 'getPetition',
      method: 'get',
      path: '/api/v1/petitions/{id}',
      summary: 'Read a petition',
      description: 'Read from the workflow itself, so it already shows the last action. Includes the actions the caller may take now. '
        + 'A repeat submission\'s id (from its receipt) reads the case it was recorded on. The office that routed a case reads it while the receiving unit\'s objection waits for its decision.',
      tags: ['petitions'],
      auth: 'bearer',
      params: PetitionIdParams,
      errors: [404],
      responses: { 200: { description: 'The case', schema: DetailSchema } },
      async handle({ params, principal }) {
        const { id, status } = await assertInScope(deps.db, principal!, params.id, { routingOffice: true });
        const petition = await readCase(deps, id, status);
        return { body: { petition: await caseForCaller(deps.db, principal, petition), yourActions: yourActions(principal!, petition) } };
      },
    }),
  ];
}
