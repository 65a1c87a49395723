export type { DayUnit, HolidayCalendar, PeriodRequest, DueDateResult, ProvisionalRestDays } from './types';
// ./statutoryHolidays is imported by its path, not from here: it uses a lunar-calendar library that has
// no place in a workflow bundle (the due-date activity and the admin command use it).
export {
  computeDueDate,
  isWorkingDay,
  localDateOf,
  endOfLocalDay,
  addWorkingDays,
  validateCalendar,
} from './dueDate';
export { pausedWholeDays } from './pauses';
export { daysLeft, daysLeftCounter } from './daysLeft';
