// Saved filters per user, kept by the API (GET/POST /api/v1/filters, DELETE /api/v1/filters/{id}): the
// query string of the petition list, checked by the API against the list's own parameters.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { callPath, newIdempotencyKey } from '../api/client';

export interface SavedFilter { id: string; name: string; query: string }

export function useSavedFilters() {
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: ['filters'],
    queryFn: async () => (await callPath<{ filters: SavedFilter[] }>('GET', '/api/v1/filters')).body.filters,
    staleTime: 60_000,
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ['filters'] });
  return {
    filters: list.data ?? [],
    error: list.error,
    /** Saves (or replaces, by name) the list query: the API refuses a parameter the list does not have. */
    async save(name: string, query: string): Promise<void> {
      await callPath('POST', '/api/v1/filters', { name, query }, { 'Idempotency-Key': newIdempotencyKey() });
      await refresh();
    },
    async remove(id: string): Promise<void> {
      await callPath('DELETE', `/api/v1/filters/${encodeURIComponent(id)}`);
      await refresh();
    },
  };
}
