// The body of each case action: the command's own fields (the API adds the type and the actor).
// `satisfies` ties every schema to the domain's Command type, so the two cannot drift apart.
import { z } from 'zod';
import { MAX_ESCALATION_LEVEL, type CommandOf, type PersonAction } from '../../domain';
import { AttachmentIdsSchema } from './attachments';
import { ActSourceSchema, Id, RatingSchema, text } from './common';

type Body<A extends PersonAction> = Omit<CommandOf<A>, 'type' | 'actor'>;
type BodySchema<A extends PersonAction> = z.ZodType<Body<A>, any>;

const reason = text(2000);
const opinion = {
  decision: z.enum(['support', 'explain', 'not_support']).meta({ description: '支持 · 解释说明 · 不支持' }),
  facts: text(20_000),
  legalBasis: text(5000),
  text: text(20_000),
};
const days = (max: number) => z.number().int('a whole number').min(1).max(max);
const source = ActSourceSchema.optional().meta({
  description: 'Only for an intake officer recording what a petitioner without an online account sent by letter, phone, visit or fax: how and when it arrived',
});

export const ACTION_BODIES: { [A in PersonAction]: BodySchema<A> } = {
  accept: z.object({ unitId: Id.optional(), officerId: Id.optional() }).strict(),
  notAccept: z.object({ reason, redirectTo: text(500).meta({ description: 'Where to go instead' }), legalProcedure: z.boolean().optional() }).strict(),
  route: z.object({ toUnitId: Id, reason }).strict(),
  objectRouting: z.object({ reason }).strict(),
  decideObjection: z.object({
    uphold: z.boolean().meta({ description: 'true: the objection stands and the case comes back (or goes on to toUnitId); false: it stays with the receiving unit' }),
    reason,
    toUnitId: Id.optional().meta({ description: 'With an upheld objection: route it on to this unit instead of taking it back' }),
  }).strict(),
  assign: z.object({ unitId: Id, officerId: Id, leaderOwnerId: Id.optional().meta({ description: '包案: a leader takes personal ownership' }) }).strict(),
  requestExtension: z.object({ days: days(365), reason }).strict(),
  requestPause: z.object({
    days: days(366).meta({ description: 'Days of hearing time (听证) asked for; at most the policy\'s maximum' }),
    reason: reason.meta({ description: 'e.g. a hearing (听证): hearing time on the re-review clock is not counted (W36)' }),
  }).strict(),
  resumeClock: z.object({}).strict(),
  reply: z.object(opinion).strict(),
  recordDelivery: z.object({
    deliveredAt: z.iso.datetime({ offset: true }).meta({ description: 'When the written answer reached the petitioner (送达), ISO 8601 with offset, e.g. 2026-12-03T10:00:00+08:00' }),
    method: z.enum(['post', 'in_person', 'fax']).meta({ description: 'post (the signed receipt\'s date), in_person, fax' }),
  }).strict(),
  recordReturnVisit: z.object({ outcome: RatingSchema, notes: text(5000) }).strict(),
  evaluate: z.object({ rating: RatingSchema, comment: text(2000).optional(), source }).strict(),
  requestReview: z.object({ reason, source }).strict(),
  issueReviewOpinion: z.object(opinion).strict(),
  requestReReview: z.object({ reason, source }).strict(),
  issueReReviewOpinion: z.object(opinion).strict(),
  withdraw: z.object({ reason: reason.meta({ description: 'Why the petitioner withdraws (required)' }), source }).strict(),
  decideWithdrawal: z.object({ approve: z.boolean(), reason: text(2000).optional().meta({ description: 'Required when refusing' }) }).strict(),
  reopen: z.object({ reason: reason.meta({ description: 'Why the non-acceptance or withdrawal was wrong (recorded and told to the petitioner)' }) }).strict(),
  answerSupervision: z.object({ noticeId: Id, answer: text(10_000) }).strict(),
  escalate: z.object({
    reason,
    level: z.number().int().min(1).max(MAX_ESCALATION_LEVEL).meta({ description: `Higher than the case's level now; at most ${MAX_ESCALATION_LEVEL}` }),
    leaderOwnerId: Id.optional(),
  }).strict(),
  supervise: z.object({
    instruction: text(5000),
    listed: z.boolean().optional().meta({ description: '挂牌督办: listed supervision for serious cases' }),
    replyLimit: z.object({ days: days(365), unit: z.enum(['calendar', 'working']) }).strict().optional(),
  }).strict(),
  decideExtension: z.object({ approve: z.boolean(), days: days(365).optional(), reason: text(2000).optional() }).strict(),
  decidePause: z.object({ approve: z.boolean(), days: days(366).optional(), reason: text(2000).optional().meta({ description: 'Required when refusing' }) }).strict(),
  reassign: z.object({ unitId: Id, officerId: Id }).strict(),
};

/** One line per action for the documentation, with the Chinese term. */
export const ACTION_SUMMARIES: { [A in PersonAction]: string } = {
  accept: 'Accept the petition (受理)',
  notAccept: 'Decline with the reason and where to go instead (不予受理)',
  route: 'Route to another unit (转送/交办)',
  objectRouting: 'The receiving unit objects to a routing (W23)',
  decideObjection: 'The routing office decides an objection to its routing',
  assign: 'Assign a handling unit and case officer (交办)',
  requestExtension: 'Ask the supervisor for more handling time (延期)',
  requestPause: 'Ask the supervisor to pause the re-review clock for a hearing (听证)',
  resumeClock: 'End the pause before its approved end',
  reply: 'Issue the written reply (处理意见书)',
  recordDelivery: 'Record when the written answer was delivered (送达)',
  recordReturnVisit: 'Record the return visit when no rating came (回访)',
  evaluate: 'The petitioner rates the answer (满意度评价)',
  requestReview: 'The petitioner asks for a review (复查)',
  issueReviewOpinion: 'Issue the review opinion (复查意见书)',
  requestReReview: 'The petitioner asks for a re-review (复核)',
  issueReReviewOpinion: 'Issue the re-review opinion (复核意见书)',
  withdraw: 'Withdraw the petition (撤回)',
  decideWithdrawal: 'Agree to or refuse the withdrawal of a supervised or escalated case',
  reopen: 'Correct a wrong non-acceptance or withdrawal: reopen the case (纠错)',
  answerSupervision: 'Answer a supervision notice (督办回复)',
  escalate: 'Escalate and optionally assign a leader (升级/包案)',
  supervise: 'Issue a supervision notice with its own reply clock (督办)',
  decideExtension: 'Approve or refuse a requested extension',
  decidePause: 'Approve or refuse a requested hearing pause',
  reassign: 'Move the case to another unit or officer',
};

/**
 * What a client sends for each action: the command's fields and, for any action, attachmentIds. The API
 * takes attachmentIds off before the command goes to the workflow and links the files itself, so the
 * command (and Temporal history) never carries files.
 */
export const ACTION_REQUESTS = Object.fromEntries(
  (Object.keys(ACTION_BODIES) as PersonAction[]).map((a) => [a, (ACTION_BODIES[a] as unknown as z.ZodObject).extend({ attachmentIds: AttachmentIdsSchema.optional() })]),
) as unknown as { [A in PersonAction]: z.ZodType<Body<A> & { attachmentIds?: string[] }> };
