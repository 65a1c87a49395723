// Registration (online, or by an intake officer) and the case detail, read from the workflow.
import { z } from 'zod';
import { ACTION_ROLES, inScope, mayRegister, type Actor, type CaseView, type PersonAction, type Principal } from '../../domain';
import { ApiError } from '../errors';
import { endpoint, type Endpoint } from '../http/endpoint';
import { PetitionIdParams } from '../schemas/common';
import { SubmissionSchema } from '../schemas/submission';
import { PetitionerCaseSchema } from '../schemas/reads';
import { CaseActionSchema, CaseViewSchema } from '../schemas/views';
import { checkLinkable, link } from '../services/attachments';
import { caseForCaller } from '../services/caseForCaller';
import { readCase } from '../services/readCase';
import { assertInScope } from '../services/caseAccess';
import { submitPetition, type SubmitDeps } from '../services/submitPetition';

export interface PetitionRouteDeps extends SubmitDeps { defaultUnitId: string }

/** An anonymous online petitioner: tracked by query code only. */
const ANONYMOUS: Actor = { id: 'anonymous', role: 'petitioner' };

/** The actions this caller could take now: the case's allowed actions their role may perform. */
export const yourActions = (p: Principal, c: CaseView): PersonAction[] =>
  c.allowedActions.filter((a): a is PersonAction => a in ACTION_ROLES && ACTION_ROLES[a as PersonAction].includes(p.role));

/** Staff get the whole case; a petitioner gets the public view of their own. */
export const CallerCaseSchema = z.union([CaseViewSchema, PetitionerCaseSchema]).meta({
  description: 'CaseView for officers, supervisors and admins; PetitionerCase (steps, dates, documents; nothing internal) for the petitioner',
});

const DetailSchema = z.object({ petition: CallerCaseSchema, yourActions: z.array(CaseActionSchema).meta({ description: 'allowedActions that your role may perform: the buttons to show' }) });

export function petitionEndpoints(deps: PetitionRouteDeps): Endpoint[] {
  return [
    endpoint({
      operationId: 'submitPetition',
      method: 'post',
      path: '/api/v1/petitions',
      summary: 'Submit or register a petition (登记)',
      description: 'Online submission is open to anyone (rate limited per address); with a petitioner token the case is linked to the account. '
        + 'An intake officer registers letters, visits, phone calls and faxes into their unit. A repeat of an open matter (same petitioner, unit and title) is linked to it (200) instead of opening a new case.',
      tags: ['petitions'],
      auth: 'optional',
      body: SubmissionSchema,
      idempotent: true,
      responses: {
        201: { description: 'Registered: the case with its query code (查询码) and acceptance due date', schema: z.object({ petition: CaseViewSchema, linkedTo: z.null() }) },
        200: {
          description: 'A repeat of an open matter (重复信访): recorded on the open case instead of opening another. Only a caller who may see that case gets it; anyone else gets a receipt.',
          schema: z.object({
            petition: CallerCaseSchema.nullable().meta({ description: 'The open case, for a caller whose scope includes it; otherwise null' }),
            linkedTo: z.string().nullable().meta({ description: 'The open case\'s id, for a caller whose scope includes it; otherwise null' }),
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
        const actor: Actor = principal ? { id: principal.userId, role: principal.role, unitId: principal.unitId } : ANONYMOUS;
        const files = await checkLinkable(deps.db, attachmentIds, actor.id);
        const result = await submitPetition(deps, { ...body, unitId }, actor, idempotencyKey);
        // A repeat's files go with the submission onto the open case that answers it.
        await link(deps.db, files, result.created ? result.petition.id : result.linkedTo, actor.id, result.created ? 'submission' : 'repeat');
        if (result.created) {
          return { status: 201, headers: { Location: `/api/v1/petitions/${result.petition.id}` }, body: { petition: result.petition, linkedTo: null } };
        }
        // Anyone can type a name and a title: the open case is shown only to those who may see it anyway.
        const message = 'This matter is already open (重复信访): your submission was recorded on that case, which answers it.';
        if (!principal || !inScope(principal, result.owner)) return { status: 200, body: { petition: null, linkedTo: null, message } };
        return {
          status: 200,
          headers: { Location: `/api/v1/petitions/${result.linkedTo}` },
          body: { petition: await caseForCaller(deps.db, principal, result.petition), linkedTo: result.linkedTo, message },
        };
      },
    }),
    endpoint({
      operationId: 'getPetition',
      method: 'get',
      path: '/api/v1/petitions/{id}',
      summary: 'Read a petition',
      description: 'Read from the workflow itself, so it already shows the last action. Includes the actions the caller may take now.',
      tags: ['petitions'],
      auth: 'bearer',
      params: PetitionIdParams,
      errors: [404],
      responses: { 200: { description: 'The case', schema: DetailSchema } },
      async handle({ params, principal }) {
        const { status } = await assertInScope(deps.db, principal!, params.id);
        const petition = await readCase(deps, params.id, status);
        return { body: { petition: await caseForCaller(deps.db, principal!, petition), yourActions: yourActions(principal!, petition) } };
      },
    }),
  ];
}
