// Units (a tree, within the caller's scope) and the officers of a unit, for the id fields of the action
// forms. Until the API offers them the fields are typed ids (the hooks answer undefined, not an error).
import { useQuery } from '@tanstack/react-query';
import { ApiFailure, callPath } from './client';

export interface UnitNode { id: string; name: string; parentId?: string | null; children?: UnitNode[] }
export interface Officer { id: string; name: string; role: string; unitId?: string | null }

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

export function useUnitTree() {
  return useQuery({ queryKey: ['units'], queryFn: async () => unitsOf(await optional('/api/v1/units')) ?? null, staleTime: 5 * 60_000 });
}

export function useOfficers(unitId: string | undefined) {
  return useQuery({
    queryKey: ['officers', unitId],
    enabled: !!unitId,
    queryFn: async () => {
      const body = await optional<{ officers?: Officer[]; items?: Officer[] } | Officer[]>(`/api/v1/units/${encodeURIComponent(unitId!)}/officers`);
      if (!body) return null;
      return Array.isArray(body) ? body : body.officers ?? body.items ?? null;
    },
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
  const { data } = useUnitTree();
  const names = new Map(flatten(data).map((u) => [u.id, u.name]));
  return (id) => (id ? names.get(id) ?? id : '');
}
