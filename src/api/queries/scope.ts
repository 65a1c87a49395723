// Which projection rows a caller may see: the SQL twin of inScope (src/domain/permissions.ts), so lists,
// the board and statistics never count a case the detail endpoint would refuse.
import type { Principal } from '../../domain';
import { col, FALSE, inList, sql, TRUE, type Sql } from './sql';

export function scopeSql(p: Principal): Sql {
  switch (p.role) {
    case 'admin': return TRUE;
    case 'petitioner': return p.userId ? sql`${col('petitionerId')} = ${p.userId}` : FALSE;
    default: return inList(col('unitId'), p.unitIds);
  }
}

/** Staff see the handling details (officer, escalation, supervision); a petitioner sees their own cases without them. */
export const isStaff = (p: Principal): boolean => p.role !== 'petitioner';
