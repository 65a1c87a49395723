// Units (a tree, within the caller's scope) and the officers of a unit, for the id fields of the action
// forms. Until the API offers them the fields are typed ids (the hooks answer undefined, not an error).
import { useQuery } from '@tanstack/react-query';
import { ApiFailure, callPath } from './client';

export interface UnitNode { id: string; name: string; parentId?: string | null; depth?: number; inScope?: boolean; children?: UnitNode[] }
export interface Officer { id: string; name: string; unitId?: string | null; unitName?: string | null }
export interface UnitPeople { officers: Officer[]; leaders: Officer[] }

async function optional<T>(path: string): Promise<T | undefined> {
  try {
    return (await callPath<T>('GET', path)).body;
  } catch (e) {
    if (e instanceof ApiFailure && (e.status === 404 || e.status === 403)) return undefined;
    throw e;
  }
}

function unitsOf(body: unknown): UnitNode[] | undefined {
  if (!body) return undefined;
  const b = body as { units?: UnitNode[]; items?: UnitNode[] } | UnitNode[];
  return Array.isArray(b) ? b : b.units ?? b.items;
}

/**
 * GET /api/v1/units: `mine` the units whose cases the caller sees (accept, assign, reassign, filters),
 * `all` every unit (route: a case may go to any unit). null when the caller may not list units.
 */
export function useUnitTree(scope: 'mine' | 'all' = 'mine') {
  return useQuery({ queryKey: ['units', scope], queryFn: async () => unitsOf(await optional(`/api/v1/units?scope=${scope}`)) ?? null, staleTime: 5 * 60_000 });
}

/** GET /api/v1/units/{id}/officers: the unit's case officers, and the supervisors who may own a case (包案). */
export function useUnitPeople(unitId: string | undefined) {
  return useQuery({
    queryKey: ['officers', unitId],
    enabled: !!unitId,
    queryFn: async () => (await optional<UnitPeople>(`/api/v1/units/${encodeURIComponent(unitId!)}/officers`)) ?? null,
    staleTime: 60_000,
  });
}

/** Every unit of a tree, flattened with its depth (for a select list and for names). */
export function flatten(nodes: UnitNode[] | null | undefined, depth = 0): Array<UnitNode & { depth: number }> {
  if (!nodes) return [];
  // A flat list with parentIds is turned into a tree first.
  const isFlat = depth === 0 && nodes.every((n) => !n.children) && nodes.some((n) => n.parentId);
  const tree = isFlat ? treeOf(nodes) : nodes;
  return tree.flatMap((n) => [{ ...n, depth }, ...flatten(n.children, depth + 1)]);
}

export function treeOf(flat: UnitNode[]): UnitNode[] {
  const byId = new Map(flat.map((u) => [u.id, { ...u, children: [] as UnitNode[] }]));
  const roots: UnitNode[] = [];
  for (const u of byId.values()) {
    const parent = u.parentId ? byId.get(u.parentId) : undefined;
    if (parent) parent.children!.push(u); else roots.push(u);
  }
  return roots;
}

export function useUnitNames(): (id: string | null | undefined) => string {
  const { data } = useUnitTree('all');
  const names = new Map(flatten(data).map((u) => [u.id, u.name]));
  return (id) => (id ? names.get(id) ?? id : '');
}
