// GET /api/v1/petitions/{id}/timeline: the dated steps of a case, from the projection's event rows.
import { publicStep } from '../../domain/publicView';
import { endpoint, type Endpoint } from '../http/endpoint';
import { isStaff } from '../queries/scope';
import { timelineEvents } from '../queries/timeline';
import { PetitionIdParams } from '../schemas/common';
import { TimelineQuerySchema, TimelineSchema } from '../schemas/reads';
import { assertInScope } from '../services/caseAccess';
import type { ReadDeps } from './list';
import { unitNames } from '../services/caseForCaller';

export function timelineEndpoint(deps: ReadDeps): Endpoint {
  return endpoint({
    operationId: 'getPetitionTimeline',
    method: 'get',
    path: '/api/v1/petitions/{id}/timeline',
    summary: 'Read a petition\'s timeline',
    description: 'Every step of the case with its date, in order. Staff see every event with its actor and data; '
      + 'the petitioner sees the steps they are told of (the same as public tracking), without actors or internal data. '
      + 'Current as soon as an action returns (a supervisor\'s signal within a second).',
    tags: ['timeline'],
    auth: 'bearer',
    roles: ['petitioner', 'intake_officer', 'case_officer', 'supervisor', 'admin'],
    params: PetitionIdParams,
    query: TimelineQuerySchema,
    errors: [404],
    responses: { 200: { description: 'The timeline', schema: TimelineSchema } },
    async handle({ params, query, principal }) {
      const { id } = await assertInScope(deps.db, principal!, params.id, { routingOffice: true });
      const events = await timelineEvents(deps.db, id, query.afterSeq);
      if (isStaff(principal!)) return { body: { petitionId: id, events } };
      const units = await unitNames(deps.db);
      const steps = events.flatMap((e) => {
        const s = publicStep(e, units);
        return s ? [{ seq: s.seq, at: s.at, type: s.type, ...(s.document ? { document: s.document } : {}), data: s.details }] : [];
      });
      return { body: { petitionId: id, events: steps } };
    },
  });
}
