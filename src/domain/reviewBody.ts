// The review body (复查/复核机关) found by the activity that reads the unit tree: applied to the case.
import type { Effect } from './commands';
import { Draft } from './draft';
import { reviewBodyFound } from './transitions/answers';
import type { PetitionCase } from './types';

export interface ReviewBody {
  stage: 'review' | 're_review';
  unitId: string;
  /**
   * parent: the unit one level above; policy: the body the policy names for a unit with none above it;
   * unchanged: neither exists, the case stays with the unit (its answering officer still may not review it).
   */
  via: 'parent' | 'policy' | 'unchanged';
}

export function assignReviewBody(c: PetitionCase, body: ReviewBody, now: string): { case: PetitionCase; effects: Effect[] } {
  const d = new Draft(c, now, 'system');
  reviewBodyFound(d, body.stage, body.unitId, body.via);
  return { case: d.case, effects: d.effects() };
}
