// One endpoint per case action, generated from the action table: POST /api/v1/petitions/{id}/actions/{action}.
import { z } from 'zod';
import { ACTION_ROLES, type PersonAction } from '../../domain';
import { endpoint, type Endpoint } from '../http/endpoint';
import { ACTION_REQUESTS, ACTION_SUMMARIES } from '../schemas/actions';
import { PetitionIdParams } from '../schemas/common';
import { YourActionSchema } from '../schemas/views';
import { checkLinkable, link } from '../services/attachments';
import { caseForCaller } from '../services/caseForCaller';
import { isSignalAction, performAction, type ActionDeps } from '../services/performAction';
import { yourActions } from '../services/yourActions';
import { CallerCaseSchema } from './petitions';

export const PERSON_ACTIONS = Object.keys(ACTION_ROLES) as PersonAction[];

export const ActionResultSchema = z.object({
  petition: CallerCaseSchema,
  yourActions: z.array(YourActionSchema).meta({ description: 'The actions you may take next (your role, and the rules on who may act on this case): the buttons to show' }),
}).meta({ description: 'The case right after the action' });

export function actionEndpoints(deps: ActionDeps): Endpoint[] {
  return PERSON_ACTIONS.map((action) => {
    const signal = isSignalAction(action);
    return endpoint({
      operationId: action,
      method: 'post',
      path: `/api/v1/petitions/{id}/actions/${action}`,
      summary: ACTION_SUMMARIES[action],
      description: signal
        ? 'A supervisor signal (督办). The case is checked first, so an action that does not apply now is refused with 409; the answer shows the case after the signal.'
        : 'An update validated by the workflow: refused with 409 (with the allowed actions) when the case is not in a state for it, and then nothing changes.',
      tags: [signal ? 'supervision' : 'actions'],
      auth: 'bearer',
      roles: ACTION_ROLES[action],
      params: PetitionIdParams,
      body: ACTION_REQUESTS[action] as z.ZodType<Record<string, unknown> & { attachmentIds?: string[] }>,
      idempotent: true,
      errors: [404, 409],
      responses: { [signal ? 202 : 200]: { description: signal ? 'Signalled; the case as it is now' : 'Done; the case as it is now', schema: ActionResultSchema } },
      async handle({ params, body, principal, idempotencyKey }) {
        // The files are the API's to link: checked first, linked once the action is done, never sent to the workflow.
        const { attachmentIds, ...command } = body;
        const files = await checkLinkable(deps.db, attachmentIds, principal!.userId);
        const { signalled, petition } = await performAction(deps, principal!, params.id, action, command, idempotencyKey);
        await link(deps.db, files, params.id, principal!.userId, action);
        return { status: signalled ? 202 : 200, body: { petition: await caseForCaller(deps.db, principal, petition), yourActions: yourActions(principal!, petition) } };
      },
    });
  });
}
