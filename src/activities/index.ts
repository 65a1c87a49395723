import type { Db } from '../db/client';
import { dueDateActivities } from './dueDates';
import { projectionActivities } from './projection';
import { reviewBodyActivities } from './reviewBody';

export interface ActivityDeps {
  db: Db;
  calendarFile: string;
  /** How long a projection write waits for SQLite's write lock before it fails and is retried. */
  lockWaitMs?: number;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...dueDateActivities({ db: deps.db, calendarFile: deps.calendarFile }),
    ...projectionActivities(deps.db, deps.lockWaitMs),
    ...reviewBodyActivities(deps.db),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { CaseChange } from './projection';
