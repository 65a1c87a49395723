// Reads the organisation's policy and holiday calendar files (the API at submission, the worker for due dates).
import fs from 'node:fs';
import { validateCalendar, type HolidayCalendar } from '../domain/calendar';
import { validatePolicy, type PolicyDocument } from '../domain';

export function loadPolicy(file: string): PolicyDocument {
  try {
    return validatePolicy(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (err) {
    throw new Error(`policy file ${file}: ${(err as Error).message}`);
  }
}

export function loadCalendar(file: string): HolidayCalendar {
  try {
    return validateCalendar(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (err) {
    throw new Error(`holiday calendar ${file}: ${(err as Error).message}`);
  }
}
