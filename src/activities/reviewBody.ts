import type { Db } from '../db/client';
import type { ReviewBody } from '../domain';

export interface ReviewBodyRequest {
  stage: ReviewBody['stage'];
  /** The unit that gave the answer under review. */
  fromUnitId?: string;
  /** The policy's reviewing body for a unit with no unit above it. */
  topReviewBodyUnitId?: string;
}

/**
 * Reviews go up (W35, W36): the unit tree lives in the database and changes over time, so the
 * workflow asks here, and the answer is recorded in its history.
 */
export function reviewBodyActivities(db: Db) {
  return {
    async findReviewBody({ stage, fromUnitId, topReviewBodyUnitId }: ReviewBodyRequest): Promise<ReviewBody> {
      const unit = fromUnitId ? await db.unit.findUnique({ where: { id: fromUnitId }, select: { parentId: true } }) : null;
      if (unit?.parentId) return { stage, unitId: unit.parentId, via: 'parent' };
      if (topReviewBodyUnitId) return { stage, unitId: topReviewBodyUnitId, via: 'policy' };
      // No unit above and none named: the case stays where it is (the answering officer still cannot review it).
      return { stage, unitId: fromUnitId ?? '', via: 'unchanged' };
    },
  };
}
