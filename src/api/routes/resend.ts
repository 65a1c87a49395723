// POST /api/v1/tracking/resend: the query code sent again to the contact on file.
import type { Db } from '../../db/client';
import { endpoint, type Endpoint } from '../http/endpoint';
import { ResendAnswerSchema, ResendQueryCodeSchema } from '../schemas/resend';
import { RESEND_ANSWER, resendQueryCode, type ResendSettings } from '../services/queryCodeResend';

export function resendEndpoint(deps: { db: Db; resend: ResendSettings }): Endpoint {
  const hours = Math.round(deps.resend.windowMs / 3600_000 * 10) / 10;
  return endpoint({
    operationId: 'resendQueryCode',
    method: 'post',
    path: '/api/v1/tracking/resend',
    summary: 'Get a lost query code again',
    description: 'For a petitioner who lost the query code (查询码): the contact given when filing, and the title or the ID number. When they match a petition, '
      + 'its query code is sent to that contact on file (SMS, or a letter for a case filed by letter or fax); it is never shown in the answer, which is the same '
      + `whether or not anything matched. At most ${deps.resend.perContact} requests per contact and ${deps.resend.perAddress} per address in ${hours} h (429 with Retry-After).`,
    tags: ['tracking'],
    auth: 'optional',
    body: ResendQueryCodeSchema,
    responses: { 202: { description: 'Accepted: a code is on its way if the details matched', schema: ResendAnswerSchema } },
    async handle({ body, req, res }) {
      await resendQueryCode(deps.db, deps.resend, req, res, body);
      return { status: 202, headers: { 'Cache-Control': 'no-store' }, body: { message: RESEND_ANSWER } };
    },
  });
}
