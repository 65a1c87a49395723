// Text search over title and content, and staff search by petitioner, without reading every row.
//
// - 3 or more characters: PetitionText, FTS5 with the trigram tokenizer: a substring query is a phrase of
//   its trigrams (case-insensitive). PostgreSQL: pg_trgm, a GIN index on title and content with
//   gin_trgm_ops, queried with ILIKE '%…%'.
// - 1 or 2 characters (trigrams cannot answer them; 工资 is two): PetitionGram holds every distinct
//   character and pair of adjacent characters of each field as a token ('x5de5', 'x5de5x8d44'), so such a
//   query is one token lookup. ASCII letters are lowercased; other characters match as typed.
//   PostgreSQL: the same token column as a tsvector (to_tsvector('simple', grams)) with a GIN index, or
//   the pg_bigm extension, which indexes 2-grams and answers 1- and 2-character LIKE queries.
// - Petitioner: PetitionerKey, one row per case and normalised name, contact and ID number, looked up
//   exactly. PostgreSQL: the same table with a b-tree primary key.
// Both indexes are keyed by Petition.docId (the FTS rowid): the receipt instant in milliseconds × 1024 plus
// the case's place among the cases received in that millisecond, set when the row is created. A search
// index therefore lists its matches in order of receipt, which is the lists' default order.
import { Prisma } from '../generated/prisma/client';
import type { CaseView } from '../domain';

const asciiLower = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const hex = (codePoint: number): string => `x${codePoint.toString(16)}`;

/** Code points, not UTF-16 units: an emoji is one character. */
export const characters = (s: string): string[] => Array.from(s);

/** The 1- and 2-character tokens of the title and the content (no pair across the two), distinct, space-separated. */
export function gramsOf(title: string, content: string): string {
  const tokens = new Set<string>();
  for (const field of [title, content]) {
    let previous: string | undefined;
    for (const ch of characters(asciiLower(field))) {
      const token = hex(ch.codePointAt(0)!);
      tokens.add(token);
      if (previous) tokens.add(previous + token);
      previous = token;
    }
  }
  return [...tokens].join(' ');
}

/** Cases received in the same millisecond: at most this many get distinct search keys. */
export const SAME_MILLISECOND = 1024;
/** The range of search keys of the cases received in a millisecond. */
export const docIdRange = (receivedAtMs: number): [number, number] => [receivedAtMs * SAME_MILLISECOND, receivedAtMs * SAME_MILLISECOND + SAME_MILLISECOND - 1];
/** The millisecond of receipt a search key stands for. */
export const receivedMsOf = (docId: number): number => Math.floor(docId / SAME_MILLISECOND);

/** The search key for a new case: the first free one of its millisecond. */
export function nextDocId(receivedAtMs: number, highestInThatMs: number | null): number {
  const [first, last] = docIdRange(receivedAtMs);
  const next = highestInThatMs === null ? first : highestInThatMs + 1;
  if (next > last) throw new Error(`more than ${SAME_MILLISECOND} cases received in the same millisecond`);
  return next;
}

export type TextQuery = { index: 'PetitionText'; match: string } | { index: 'PetitionGram'; match: string };

/** The FTS5 MATCH expression for a text search; which index answers depends on its length. */
export function textQuery(q: string): TextQuery {
  const chars = characters(q);
  if (chars.length >= 3) return { index: 'PetitionText', match: `"${q.replace(/"/g, '""')}"` };
  const tokens = characters(asciiLower(q)).map((ch) => hex(ch.codePointAt(0)!));
  return { index: 'PetitionGram', match: tokens.join('') };
}

// ---------------------------------------------------------------------------------------------------
// Petitioner keys
// ---------------------------------------------------------------------------------------------------

const FULL_WIDTH: Record<string, string> = { '０': '0', '１': '1', '２': '2', '３': '3', '４': '4', '５': '5', '６': '6', '７': '7', '８': '8', '９': '9', 'Ｘ': 'x', 'ｘ': 'x' };

/**
 * How a name, contact or ID number is compared: spaces, tabs, line breaks and the ideographic space
 * removed, full-width digits and X as ASCII, ASCII letters lowercased. The migration's backfill does the
 * same in SQL, so keep the two in step.
 */
export function petitionerText(value: string): string {
  return asciiLower(value.replace(/[ \t\n\r\u3000]/g, '').replace(/[０-９Ｘｘ]/g, (c) => FULL_WIDTH[c]!));
}

export const PETITIONER_KINDS = { name: 'n:', contact: 'c:', idNumber: 'i:' } as const;

/** The keys a case is found by; none for an anonymous case. */
export function petitionerKeys(view: Pick<CaseView, 'anonymous' | 'petitioner'>): string[] {
  if (view.anonymous) return [];
  const keys = new Set<string>();
  for (const [field, prefix] of Object.entries(PETITIONER_KINDS)) {
    const value = (view.petitioner as unknown as Record<string, unknown>)[field];
    if (typeof value !== 'string') continue;
    const text = petitionerText(value);
    if (text) keys.add(prefix + text);
  }
  return [...keys];
}

/** What a staff search for a petitioner looks up: the text as a name, a contact or an ID number. */
export function petitionerSearchKeys(search: string): string[] {
  const text = petitionerText(search);
  return text ? Object.values(PETITIONER_KINDS).map((prefix) => prefix + text) : [];
}

/** The statements that index a new case for search (the row's docId must be set). */
export function searchIndexStatements(docId: number, view: Pick<CaseView, 'id' | 'title' | 'content' | 'anonymous' | 'petitioner'>): Prisma.Sql[] {
  const statements = [
    Prisma.sql`INSERT INTO "PetitionText" ("rowid", "title", "content") VALUES (${docId}, ${view.title}, ${view.content})`,
    Prisma.sql`INSERT INTO "PetitionGram" ("rowid", "grams") VALUES (${docId}, ${gramsOf(view.title, view.content)})`,
  ];
  const keys = petitionerKeys(view);
  if (keys.length) {
    statements.push(Prisma.sql`INSERT OR IGNORE INTO "PetitionerKey" ("key", "petitionId") VALUES ${Prisma.join(keys.map((k) => Prisma.sql`(${k}, ${view.id})`))}`);
  }
  return statements;
}
