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

export const HAPPY_PATH: Step[] = [
  { action: 'accept', as: 'intake', fields: { officerId: 'bench-officer' } },
  { action: 'reply', as: 'officer', fields: opinion('support') },
  { action: 'evaluate', as: 'petitioner', fields: { rating: 'satisfied' } },
];

export const APPEAL_PATH: Step[] = [
  { action: 'accept', as: 'intake', fields: { officerId: 'bench-officer' } },
  { action: 'reply', as: 'officer', fields: opinion('not_support') },
  { action: 'evaluate', as: 'petitioner', fields: { rating: 'dissatisfied' } },
  { action: 'requestReview', as: 'petitioner', fields: { reason: 'The reply ignores the second repair request.' } },
  { action: 'issueReviewOpinion', as: 'officer', fields: opinion('support') },
  { action: 'evaluate', as: 'petitioner', fields: { rating: 'satisfied' } },
];
