// GET /api/v1/units and GET /api/v1/units/{id}/officers: the pickers behind accept, assign, route,
// reassign and escalate.
import type { Db } from '../../db/client';
import { ApiError, notFound } from '../errors';
import { endpoint, type Endpoint } from '../http/endpoint';
import { UnitIdParams, UnitPeopleSchema, UnitsQuerySchema, UnitTreeSchema } from '../schemas/units';
import type { Principal } from '../../domain';

const STAFF = ['intake_officer', 'case_officer', 'supervisor', 'admin'] as const;

interface UnitRow { id: string; name: string; parentId: string | null }

/** Depth-first, each unit before the units below it, siblings by name (Chinese collation). */
export function treeOrder(units: readonly UnitRow[]): (UnitRow & { depth: number })[] {
  const known = new Set(units.map((u) => u.id));
  const children = new Map<string | null, UnitRow[]>();
  // A parent that does not exist makes a top unit, so no unit is ever lost from the tree.
  for (const u of units) {
    const parent = u.parentId && known.has(u.parentId) ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const collator = new Intl.Collator('zh-CN');
  const out: (UnitRow & { depth: number })[] = [];
  const seen = new Set<string>();
  const visit = (parent: string | null, depth: number) => {
    for (const u of (children.get(parent) ?? []).sort((a, b) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id))) {
      if (seen.has(u.id)) continue;
      seen.add(u.id);
      out.push({ ...u, depth });
      visit(u.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

const inScopeOf = (p: Principal) => (unitId: string) => p.role === 'admin' || p.unitIds.includes(unitId);

export function unitEndpoints(deps: { db: Db }): Endpoint[] {
  return [
    endpoint({
      operationId: 'listUnits',
      method: 'get',
      path: '/api/v1/units',
      summary: 'List the units (the tree)',
      description: 'The organisation\'s units with their names, in tree order: by default those in your scope; with scope=all every unit, each marked inScope '
        + '(a case may be routed to any unit, but assigned or reassigned only into your scope).',
      tags: ['units'],
      auth: 'bearer',
      roles: STAFF,
      query: UnitsQuerySchema,
      responses: { 200: { description: 'The units', schema: UnitTreeSchema } },
      async handle({ query, principal }) {
        const inScope = inScopeOf(principal!);
        const all = treeOrder(await deps.db.unit.findMany({ select: { id: true, name: true, parentId: true } }));
        const units = all.map((u) => ({ ...u, inScope: inScope(u.id) })).filter((u) => query.scope === 'all' || u.inScope);
        return { body: { units } };
      },
    }),
    endpoint({
      operationId: 'listUnitOfficers',
      method: 'get',
      path: '/api/v1/units/{id}/officers',
      summary: 'List the case officers and leaders of a unit',
      description: 'The case officers of a unit in your scope (the choices for officerId) and the supervisors of that unit and the units above it '
        + '(the choices for a 包案 leader, leaderOwnerId). Disabled users are left out. A unit outside your scope is 403; an unknown one 404.',
      tags: ['units'],
      auth: 'bearer',
      roles: STAFF,
      params: UnitIdParams,
      errors: [404],
      responses: { 200: { description: 'The unit\'s people', schema: UnitPeopleSchema } },
      async handle({ params, principal }) {
        const units = await deps.db.unit.findMany({ select: { id: true, name: true, parentId: true } });
        const byId = new Map(units.map((u) => [u.id, u]));
        const unit = byId.get(params.id);
        if (!unit) throw notFound('unit');
        if (!inScopeOf(principal!)(unit.id)) throw new ApiError(403, 'forbidden', `unit ${unit.id} is outside your scope`);
        // The unit and the units above it, nearest first (a cycle in bad data ends the walk).
        const chain: string[] = [];
        for (let at: string | null | undefined = unit.id; at && !chain.includes(at); at = byId.get(at)?.parentId) chain.push(at);
        const people = await deps.db.user.findMany({
          where: { disabledAt: null, OR: [{ role: 'case_officer', unitId: unit.id }, { role: 'supervisor', unitId: { in: chain } }] },
          select: { id: true, name: true, role: true, unitId: true },
          orderBy: { id: 'asc' },
        });
        const collator = new Intl.Collator('zh-CN');
        const byName = (a: { name: string }, b: { name: string }) => collator.compare(a.name, b.name);
        return {
          body: {
            unit: { id: unit.id, name: unit.name },
            officers: people.filter((p) => p.role === 'case_officer').map(({ id, name }) => ({ id, name })).sort(byName),
            leaders: people.filter((p) => p.role === 'supervisor')
              .sort((a, b) => chain.indexOf(a.unitId!) - chain.indexOf(b.unitId!) || byName(a, b))
              .map(({ id, name, unitId }) => ({ id, name, unitId: unitId!, unitName: byId.get(unitId!)!.name })),
          },
        };
      },
    }),
  ];
}
