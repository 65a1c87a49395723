// Which list rows a caller may see: the SQL twin of inScope (src/domain/permissions.ts), so lists, the
// board and statistics never count a case the detail endpoint would refuse. Every case has a list row
// (PetitionScope) per access key, so a caller's scope is one key, or a few, never a list of units:
//   '*'           an admin: every case
//   'u:<unit>'    a case officer: the cases of that unit
//   't:<unit>'    a supervisor or intake officer: that unit and every unit below it (the unit tree's
//                 closure, UnitAncestor, gives a case a row for its unit and each unit above it)
//   'o:<officer>' the officerId filter
//   'p:<user>'    a petitioner: their own cases
// PostgreSQL: the same table and keys; or, with ltree paths on the case row, a GiST index answers
// `unit_path <@ 'office.labour'`, but a subtree range cannot then deliver rows in sort order, which the
// key rows do.
import type { Principal } from '../../domain';
import { col, FALSE, inList, sql, TRUE, type Sql } from './sql';

/** Staff see the handling details (officer, escalation, supervision); a petitioner sees their own cases without them. */
export const isStaff = (p: Principal): boolean => p.role !== 'petitioner';

/**
 * The same scope as a condition on one Petition row (alias p): for reads that look at a few known rows
 * (the notices inbox shows a notice's case title only in scope), never for a list.
 */
export function scopeSql(p: Principal): Sql {
  switch (p.role) {
    case 'admin': return TRUE;
    case 'petitioner': return p.userId ? sql`${col('petitionerId')} = ${p.userId}` : FALSE;
    default: return inList(col('unitId'), p.unitIds);
  }
}

/** The units whose cases the caller may see; undefined for all (an admin). */
export const scopeUnits = (p: Principal): readonly string[] | undefined => (p.role === 'admin' ? undefined : p.unitIds);

/**
 * The access keys of the caller's scope, narrowed to `units` when given. A tree key stands for the
 * caller's unit and everything below it, which is what unitIds holds for a supervisor or intake officer
 * (their unit first); a caller whose unitIds are anything else gets one key per unit.
 */
export function accessKeys(p: Principal, units?: readonly string[]): string[] {
  if (p.role === 'petitioner') return p.userId ? [`p:${p.userId}`] : [];
  const allowed = scopeUnits(p);
  if (units) return [...new Set(units)].filter((u) => !allowed || allowed.includes(u)).map((u) => `u:${u}`);
  if (!allowed) return ['*'];
  if (allowed.length === 0) return [];
  if (allowed.length === 1) return [`u:${allowed[0]}`];
  const tree = (p.role === 'supervisor' || p.role === 'intake_officer') && p.unitId !== undefined && allowed[0] === p.unitId;
  return tree ? [`t:${p.unitId}`] : allowed.map((u) => `u:${u}`);
}
