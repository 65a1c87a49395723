// What the bench sends: a submission body (unique title, so no two are the same matter) and the bodies of
// the actions on the happy and appeal paths. The API and the raw client get exactly the same data.
import crypto from 'node:crypto';
import type { PetitionClass } from '../../src/domain';
import { UNIT_ID, type Person } from './stack';

export interface SubmissionBody {
  class: PetitionClass;
  channel: 'online' | 'letter';
  title: string;
  content: string;
  petitioner: { name: string; contact: string };
  unitId: string;
  organisationId: string;
}

const run = crypto.randomBytes(3).toString('hex');
let n = 0;

export function submission(overrides: Partial<SubmissionBody> = {}): SubmissionBody {
  n++;
  return {
    class: 'claim',
    channel: 'online',
    title: `Heating not repaired, building ${n} (${run})`,
    content: 'The heating in building 3 has not worked since October; two repair requests went unanswered.',
    petitioner: { name: '陈明', contact: `1380000${String(n % 10_000).padStart(4, '0')}` },
    unitId: UNIT_ID,
    organisationId: 'national',
    ...overrides,
  };
}

/** One step of a lifecycle: who does it and the command's fields (without type and actor). */
export interface Step { action: string; as: Person; fields: Record<string, unknown> }

const opinion = (decision: string) => ({
  decision, facts: 'The boiler was inspected on site.', legalBasis: 'Heating supply regulations art. 12', text: 'The boiler will be replaced within 10 days.',
});

/**
 * A whole happy-path case on the statutory rules (rules 2): accepted with the case officer, replied (delivered
 * online at once), rated satisfied; a rating no longer closes the case, which waits 30 days in the appeal window
 * (W35), so the petitioner's withdrawal ends it here: the closing the lapse would bring, in real time.
 */
export const HAPPY_PATH: Step[] = [
  { action: 'accept', as: 'intake', fields: { officerId: 'bench-officer' } },
  { action: 'reply', as: 'officer', fields: opinion('support') },
  { action: 'evaluate', as: 'petitioner', fields: { rating: 'satisfied' } },
  { action: 'withdraw', as: 'petitioner', fields: { reason: 'Satisfied with the reply; no review wanted.' } },
];

/**
 * A whole appeal-path case, to its final close (终结) without waiting: the review one level up (the office's
 * case officer), the re-review by the body the policy names (the office's supervisor), rated after each.
 */
export const APPEAL_PATH: Step[] = [
  { action: 'accept', as: 'intake', fields: { officerId: 'bench-officer' } },
  { action: 'reply', as: 'officer', fields: opinion('not_support') },
  { action: 'evaluate', as: 'petitioner', fields: { rating: 'dissatisfied' } },
  { action: 'requestReview', as: 'petitioner', fields: { reason: 'The reply ignores the second repair request.' } },
  { action: 'issueReviewOpinion', as: 'reviewer', fields: opinion('explain') },
  { action: 'evaluate', as: 'petitioner', fields: { rating: 'dissatisfied' } },
  { action: 'requestReReview', as: 'petitioner', fields: { reason: 'The boiler is still not replaced.' } },
  { action: 'issueReReviewOpinion', as: 'supervisor', fields: opinion('support') },
  { action: 'evaluate', as: 'petitioner', fields: { rating: 'satisfied' } },
];
