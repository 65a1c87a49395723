// Saved filters per user: GET, POST (save or replace by name) and DELETE /api/v1/filters.
import crypto from 'node:crypto';
import type { Db } from '../../db/client';
import { ApiError, notFound } from '../errors';
import { endpoint, type Endpoint } from '../http/endpoint';
import { ListQuerySchema } from '../schemas/reads';
import { DeletedSchema, FilterIdParams, MAX_SAVED_FILTERS, SavedFilterListSchema, SavedFilterSchema, SaveFilterSchema } from '../schemas/filters';

const invalidQuery = (message: string) => new ApiError(400, 'validation_failed', `query: ${message}`, [{ field: 'query', message }]);

/** The query string as the list endpoint would read it: every parameter known and valid, no cursor. */
export function checkedListQuery(raw: string): string {
  const text = raw.trim().replace(/^\?/, '');
  let params: URLSearchParams;
  try {
    // Decoded as the list endpoint decodes it; broken percent-encoding is refused like there.
    decodeURIComponent(text.replace(/\+/g, ' '));
    params = new URLSearchParams(text);
  } catch {
    throw invalidQuery('not a valid query string (broken percent-encoding)');
  }
  const values: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key === 'cursor') throw invalidQuery('cursor is a position in one list, not part of a filter: leave it out');
    if (key in values) throw invalidQuery(`${key} is given twice: give a parameter once (a comma list matches any of its values)`);
    values[key] = value;
  }
  const parsed = ListQuerySchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.');
    throw invalidQuery(`${at}: ${issue.code === 'unrecognized_keys' ? 'not a parameter of the petition list' : issue.message}`);
  }
  return params.toString();
}

const out = (f: { id: string; name: string; query: string; createdAt: Date; updatedAt: Date }) =>
  ({ id: f.id, name: f.name, query: f.query, createdAt: f.createdAt.toISOString(), updatedAt: f.updatedAt.toISOString() });

export function filterEndpoints(deps: { db: Db }): Endpoint[] {
  const { db } = deps;
  return [
    endpoint({
      operationId: 'listSavedFilters',
      method: 'get',
      path: '/api/v1/filters',
      summary: 'List your saved filters',
      description: 'Your named filters of the petition list (each user has their own).',
      tags: ['filters'],
      auth: 'bearer',
      responses: { 200: { description: 'Your saved filters', schema: SavedFilterListSchema } },
      async handle({ principal }) {
        const filters = await db.savedFilter.findMany({ where: { userId: principal!.userId }, orderBy: [{ name: 'asc' }, { id: 'asc' }] });
        return { body: { filters: filters.map(out) } };
      },
    }),
    endpoint({
      operationId: 'saveFilter',
      method: 'post',
      path: '/api/v1/filters',
      summary: 'Save a filter',
      description: `Saves a query string of GET /api/v1/petitions under a name: a new filter (201), or the filter of that name replaced (200). `
        + `The query is checked against the list's parameters (400 on the field "query" with the parameter and why). At most ${MAX_SAVED_FILTERS} per user.`,
      tags: ['filters'],
      auth: 'bearer',
      body: SaveFilterSchema,
      idempotent: true,
      responses: {
        201: { description: 'Saved as a new filter', schema: SavedFilterSchema },
        200: { description: 'The filter of that name, replaced', schema: SavedFilterSchema },
      },
      async handle({ body, principal }) {
        const userId = principal!.userId;
        const query = checkedListQuery(body.query);
        const existing = await db.savedFilter.findUnique({ where: { userId_name: { userId, name: body.name } } });
        if (existing) return { body: out(await db.savedFilter.update({ where: { id: existing.id }, data: { query } })) };
        if ((await db.savedFilter.count({ where: { userId } })) >= MAX_SAVED_FILTERS) {
          throw new ApiError(400, 'validation_failed', `name: you have ${MAX_SAVED_FILTERS} saved filters already; delete one first`, [{ field: 'name', message: `at most ${MAX_SAVED_FILTERS} saved filters` }]);
        }
        const created = await db.savedFilter.create({ data: { id: crypto.randomUUID(), userId, name: body.name, query } });
        return { status: 201, body: out(created) };
      },
    }),
    endpoint({
      operationId: 'deleteSavedFilter',
      method: 'delete',
      path: '/api/v1/filters/{id}',
      summary: 'Delete a saved filter',
      description: 'One of your saved filters; another user\'s, or an unknown one, is 404.',
      tags: ['filters'],
      auth: 'bearer',
      params: FilterIdParams,
      errors: [404],
      responses: { 200: { description: 'Deleted', schema: DeletedSchema } },
      async handle({ params, principal }) {
        const { count } = await db.savedFilter.deleteMany({ where: { id: params.id, userId: principal!.userId } });
        if (!count) throw notFound('saved filter');
        return { body: { deleted: true as const } };
      },
    }),
  ];
}
