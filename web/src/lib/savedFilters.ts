// Saved filters per user. Kept by the API when it offers them (GET/POST /api/v1/me/filters); until then in
// this browser, per user.
import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../auth/session';

export interface SavedFilter { name: string; query: string }

export function useSavedFilters() {
  const { session } = useSession();
  const key = `petition-console.filters.${session?.userId ?? session?.role ?? 'anonymous'}`;
  const [filters, setFilters] = useState<SavedFilter[]>([]);
  useEffect(() => {
    try { setFilters(JSON.parse(localStorage.getItem(key) ?? '[]') as SavedFilter[]); } catch { setFilters([]); }
  }, [key]);
  const persist = useCallback((next: SavedFilter[]) => { setFilters(next); localStorage.setItem(key, JSON.stringify(next)); }, [key]);
  return {
    filters,
    save: (f: SavedFilter) => persist([...filters.filter((x) => x.name !== f.name), f]),
    remove: (name: string) => persist(filters.filter((x) => x.name !== name)),
  };
}
