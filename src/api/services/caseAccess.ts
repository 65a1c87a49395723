// Scope checks read the projection: where a case is and whose it is. The row is written before an
// action returns, so it is current for the next request.
import { accessReadsFor } from '../../db/accessReads';
import type { Db } from '../../db/client';
import { inScope, type CaseOwnership, type Principal } from '../../domain';
import { ApiError, notFound } from '../errors';

/** Whose the case is, and whether it has closed (then its final state is in the projection). */
export type CaseRecord = CaseOwnership & { status: string };

/** A case found by the id a caller used: `id` is the case's own (a repeat submission's id resolves to its case). */
export type ResolvedCase = CaseRecord & { id: string };

export async function ownershipOf(db: Db, petitionId: string): Promise<CaseRecord> {
  const row = await accessReadsFor(db).caseOwner(petitionId);
  if (!row) throw notFound('petition');
  return { unitId: row.unitId, petitionerUserId: row.petitionerId, status: row.status };
}

/**
 * The case behind an id: a petition's own, or a repeat submission's (重复信访), which was recorded on
 * an existing case instead of opening one and answers with that case, so its id never 404s.
 */
export async function resolveCase(db: Db, id: string): Promise<ResolvedCase> {
  const row = await accessReadsFor(db).caseOwner(id);
  if (row) return { id, unitId: row.unitId, petitionerUserId: row.petitionerId, status: row.status };
  const submission = await db.submission.findUnique({ where: { id }, select: { petitionId: true } });
  if (!submission) throw notFound('petition');
  return { id: submission.petitionId, ...(await ownershipOf(db, submission.petitionId)) };
}

export interface ScopeOptions {
  /**
   * Also admit the office that routed the case while the receiving unit's objection waits for its
   * decision (W23): it must read the case and decide, though the case sits with the objecting unit.
   */
  routingOffice?: boolean;
}

/** The routing office of a pending objection, from the projection's snapshot (only read when scope alone refuses). */
async function routingOfficeOf(db: Db, id: string): Promise<string | undefined> {
  const row = await db.petitionSnapshot.findUnique({ where: { petitionId: id }, select: { snapshot: true } });
  try {
    return (JSON.parse(row?.snapshot ?? '{}') as { pendingObjection?: { routingUnitId?: string } }).pendingObjection?.routingUnitId;
  } catch {
    return undefined;
  }
}

export async function assertInScope(db: Db, principal: Principal, petitionId: string, options: ScopeOptions = {}): Promise<ResolvedCase> {
  const owner = await resolveCase(db, petitionId);
  if (inScope(principal, owner)) return owner;
  if (options.routingOffice && principal.role !== 'petitioner' && (owner.status === 'routed' || owner.status === 'registered')) {
    const routing = await routingOfficeOf(db, owner.id);
    if (routing && principal.unitIds.includes(routing)) return owner;
  }
  throw new ApiError(403, 'forbidden', principal.role === 'petitioner'
    ? 'this petition is not yours'
    : `this petition is with unit ${owner.unitId ?? '(none)'}, outside your scope`);
}

/**
 * Units, officers and leaders named in a command must exist and fit their role. A case is handed only
 * to a unit in the caller's own scope (routing, 转送, may go anywhere: the receiving unit may object),
 * and only to an officer of the unit that will handle it.
 */
export async function assertReferences(db: Db, principal: Principal, body: Record<string, unknown>, caseUnitId?: string | null): Promise<void> {
  const bad = (field: string, message: string) => new ApiError(400, 'validation_failed', `${field}: ${message}`, [{ field, message }]);
  for (const field of ['unitId', 'toUnitId'] as const) {
    const id = body[field];
    if (typeof id !== 'string') continue;
    if (!(await db.unit.findUnique({ where: { id } }))) throw bad(field, `unit ${id} does not exist`);
    if (field === 'unitId' && !principal.unitIds.includes(id)) throw new ApiError(403, 'forbidden', `unit ${id} is outside your scope`);
  }
  if (typeof body.officerId === 'string') {
    const officer = await db.user.findUnique({ where: { id: body.officerId } });
    const unitId = typeof body.unitId === 'string' ? body.unitId : caseUnitId;
    if (!officer || officer.role !== 'case_officer') throw bad('officerId', `${body.officerId} is not a case officer`);
    if (unitId && officer.unitId !== unitId) throw bad('officerId', `${body.officerId} does not work in unit ${unitId}`);
  }
  if (typeof body.leaderOwnerId === 'string') {
    const leader = await db.user.findUnique({ where: { id: body.leaderOwnerId } });
    if (!leader || leader.role !== 'supervisor') throw bad('leaderOwnerId', `${body.leaderOwnerId} is not a supervisor or leader`);
  }
}
