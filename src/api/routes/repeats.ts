// POST /api/v1/petitions/{id}/actions/linkAsRepeat: an officer links a likely repeat to the open case of its matter.
import { z } from 'zod';
import { endpoint, type Endpoint } from '../http/endpoint';
import { PetitionIdParams, PetitionIdSchema } from '../schemas/common';
import { caseForCaller } from '../services/caseForCaller';
import { linkAsRepeat } from '../services/linkAsRepeat';
import type { ActionDeps } from '../services/performAction';
import { LINK_AS_REPEAT_ROLES, yourActions } from '../services/yourActions';
import { ActionResultSchema } from './actions';

const LinkAsRepeatBody = z.object({
  repeatOf: PetitionIdSchema.optional().meta({ description: 'The open petition it repeats; by default the one it is flagged with (likelyRepeatOf)' }),
}).strict();

export function linkAsRepeatEndpoint(deps: ActionDeps): Endpoint {
  return endpoint({
    operationId: 'linkAsRepeat',
    method: 'post',
    path: '/api/v1/petitions/{id}/actions/linkAsRepeat',
    summary: 'Link a likely repeat to the open petition of the same matter (重复信访)',
    description: 'For a registered or routed petition that repeats an open one (flagged likelyRepeatOf, or named in repeatOf; both in your scope): '
      + 'the open petition records this submission with its title, text and channel on its timeline (for the officers), and this one closes as not accepted on its own (W19). '
      + 'The submitter is told that the submission was added to a petition being handled, not which one. Refused with 409 once this petition is accepted, '
      + 'or when the other one has closed.',
    tags: ['actions'],
    auth: 'bearer',
    roles: LINK_AS_REPEAT_ROLES,
    params: PetitionIdParams,
    body: LinkAsRepeatBody,
    idempotent: true,
    errors: [404, 409],
    responses: { 200: { description: 'Linked; this petition as it is now (closed, not accepted)', schema: ActionResultSchema } },
    async handle({ params, body, principal, idempotencyKey }) {
      const petition = await linkAsRepeat(deps, principal!, params.id, body, idempotencyKey);
      return { body: { petition: await caseForCaller(deps.db, principal, petition), yourActions: yourActions(principal!, petition) } };
    },
  });
}
