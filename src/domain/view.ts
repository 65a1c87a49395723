// What the case query returns: the whole case plus what an officer needs at a glance.
import { allowedActions } from './actions';
import { isOverdue, isPaused, isRunning, pausedMsNow, remainingMs } from './clocks';
import type { CommandType } from './commands';
import { isCaseOverdue, nextDeadline } from './tick';
import type { Clock, PetitionCase } from './types';

export interface ClockView extends Clock {
  running: boolean;
  paused: boolean;
  overdue: boolean;
  remainingMs?: number;
  pausedMsTotal: number;
}

export interface CaseView extends Omit<PetitionCase, 'clocks'> {
  clocks: ClockView[];
  overdue: boolean;
  nextDeadline?: string;
  allowedActions: CommandType[];
  asOf: string;
}

export function viewCase(c: PetitionCase, now: string): CaseView {
  return {
    ...c,
    clocks: c.clocks.map((k) => ({
      ...k,
      running: isRunning(k),
      paused: isPaused(k),
      overdue: isOverdue(k, now),
      remainingMs: remainingMs(k, now),
      pausedMsTotal: pausedMsNow(k, now),
    })),
    overdue: isCaseOverdue(c, now),
    nextDeadline: nextDeadline(c),
    allowedActions: allowedActions(c, now),
    asOf: now,
  };
}

/** The case itself from a view of it (a projection snapshot): what a new workflow run starts from. */
export function caseFromView(view: CaseView): PetitionCase {
  const { overdue: _o, nextDeadline: _n, allowedActions: _a, asOf: _t, clocks, ...rest } = view;
  return {
    ...rest,
    clocks: clocks.map(({ running: _r, paused: _p, overdue: _ov, remainingMs: _m, pausedMsTotal: _pt, ...clock }) => clock),
  };
}
