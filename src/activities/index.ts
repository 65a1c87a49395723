import type { Db } from '../db/client';
import { dueDateActivities } from './dueDates';
import { projectionActivities } from './projection';

export interface ActivityDeps {
  db: Db;
  calendarFile: string;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...dueDateActivities(deps.calendarFile),
    ...projectionActivities(deps.db),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { CaseChange } from './projection';
