/** A refusal of a calendar command (exit code 1): the message says why; nothing was written. */
export class CalendarError extends Error {}
