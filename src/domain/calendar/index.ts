export type { DayUnit, HolidayCalendar, PeriodRequest, DueDateResult } from './types';
export {
  computeDueDate,
  isWorkingDay,
  localDateOf,
  endOfLocalDay,
  addWorkingDays,
  validateCalendar,
} from './dueDate';
export { pausedWholeDays } from './pauses';
