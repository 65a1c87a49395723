// Paused time counted in whole days, the way periods are counted: by local dates, the day a pause
// begins not counted and the day it ends counted. A one-hour hearing on a Friday moves no due date;
// a pause from Monday afternoon to Wednesday morning moves it by two days.
import { localDateOf } from './dueDate';

const DAY_MS = 86_400_000;

export function pausedWholeDays(pauses: readonly { from: string; to: string }[], timeZone: string): number {
  return pauses.reduce((days, p) => {
    const from = Date.parse(`${localDateOf(p.from, timeZone)}T00:00:00Z`);
    const to = Date.parse(`${localDateOf(p.to, timeZone)}T00:00:00Z`);
    return days + Math.max(0, Math.round((to - from) / DAY_MS));
  }, 0);
}
