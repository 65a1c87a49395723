// The State Council holiday arrangements loaded into the database (`npm run admin -- calendar load`), so
// every worker sees a new year without a restart. Rows are checked when written and again when read.
import type { Db } from '../db/client';

export interface HolidayYearRecord {
  year: string;
  holidays: string[];
  workdays: string[];
  source: string | null;
  loadedAt: Date;
  updatedAt: Date;
}

function dates(json: string, year: number, field: string): string[] {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    v = undefined;
  }
  if (!Array.isArray(v) || !v.every((d) => typeof d === 'string')) {
    throw new Error(`holiday year ${year} in the database: ${field} is not a JSON array of dates`);
  }
  return v as string[];
}

/** Every loaded year, oldest first. */
export async function readHolidayYears(db: Db): Promise<HolidayYearRecord[]> {
  const rows = await db.holidayYear.findMany({ orderBy: { year: 'asc' } });
  return rows.map((r) => ({
    year: String(r.year),
    holidays: dates(r.holidays, r.year, 'holidays'),
    workdays: dates(r.workdays, r.year, 'workdays'),
    source: r.source,
    loadedAt: r.loadedAt,
    updatedAt: r.updatedAt,
  }));
}

/** Creates or replaces a year's arrangement; a missing source keeps the one recorded before. */
export async function saveHolidayYear(
  db: Pick<Db, 'holidayYear'>, year: { year: string; holidays: string[]; workdays: string[]; source?: string },
): Promise<void> {
  const data = {
    holidays: JSON.stringify([...year.holidays].sort()),
    workdays: JSON.stringify([...year.workdays].sort()),
  };
  await db.holidayYear.upsert({
    where: { year: Number(year.year) },
    create: { year: Number(year.year), ...data, source: year.source ?? null },
    update: { ...data, ...(year.source !== undefined ? { source: year.source } : {}) },
  });
}
