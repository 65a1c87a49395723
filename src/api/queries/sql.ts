// Parameterised SQL fragments for the read side. Prisma's `contains` does not escape LIKE wildcards on
// SQLite, and its query API has no CASE ordering or GROUP BY over a join, so the projection queries are
// written as Prisma.sql fragments: every value is a bound parameter, every identifier a constant here.
// Dates bind as the driver adapter stores them (ISO 8601, UTC), so comparisons are exact.
import { Prisma } from '../../generated/prisma/client';

export type Sql = Prisma.Sql;
export const sql = Prisma.sql;
export const TRUE: Sql = Prisma.sql`1`;
export const FALSE: Sql = Prisma.sql`0`;

/** Columns of the Petition projection the read side may name, always through the alias `p`. */
export type PetitionColumn = keyof Prisma.PetitionSelect & string;
export const col = (name: PetitionColumn): Sql => Prisma.raw(`p."${name}"`);

/** Columns of the list table (PetitionScope), always through the alias `s`. */
export type ScopeColumn = Exclude<keyof Prisma.PetitionScopeSelect & string, '_count'> | 'docId';
export const sc = (name: ScopeColumn): Sql => Prisma.raw(`s."${name}"`);
export const raw = Prisma.raw;
export const join = Prisma.join;

export const and = (parts: Sql[]): Sql => (parts.length ? Prisma.sql`(${Prisma.join(parts, ' AND ')})` : TRUE);
export const or = (parts: Sql[]): Sql => (parts.length ? Prisma.sql`(${Prisma.join(parts, ' OR ')})` : FALSE);
export const inList = (expr: Sql, values: readonly (string | number)[]): Sql =>
  (values.length ? Prisma.sql`${expr} IN (${Prisma.join([...values])})` : FALSE);

/** A substring pattern for LIKE ... ESCAPE '\': the user's % and _ match themselves. */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** SQLite answers COUNT and SUM as BigInt (or null over no rows). */
export const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
