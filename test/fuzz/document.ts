// The operations of the live OpenAPI document, with what the fuzzer needs to know about each: its
// parameters and body schema ($refs resolved), the statuses it documents, who may call it. Read from the
// document only, so an endpoint added later is fuzzed without touching these tests.
export type Json = Record<string, any>;

export interface Param { name: string; required: boolean; schema: Json }

export interface Operation {
  id: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path template, e.g. /api/v1/petitions/{id} */
  path: string;
  pathParams: Param[];
  queryParams: Param[];
  /** The Idempotency-Key header's schema, when the operation takes one. */
  idempotencyKey?: Json;
  body?: Json;
  /** Statuses listed in the operation's responses. */
  statuses: Set<number>;
  /** Roles named in the description ("Roles: a, b."); undefined when it names none. */
  roles?: string[];
  /** Callable without a token (security lists the empty requirement, or none at all). */
  anonymous: boolean;
  /** Changes state when it succeeds: every method but GET. */
  mutating: boolean;
  /** A case action: POST …/actions/{operationId}, refused unless the case lists it in allowedActions. */
  isAction: boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Resolves local $refs (#/components/…) in a request schema; request schemas are not recursive. */
export function deref(doc: Json, node: unknown, depth = 0): any {
  if (depth > 50) throw new Error('schema nested too deep (recursive $ref?)');
  if (Array.isArray(node)) return node.map((n) => deref(doc, n, depth + 1));
  if (!node || typeof node !== 'object') return node;
  const ref = (node as Json).$ref;
  if (typeof ref === 'string') {
    const target = ref.replace(/^#\//, '').split('/').reduce<any>((at, key) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
    if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
    return deref(doc, target, depth + 1);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deref(doc, v, depth + 1)]));
}

export function operationsOf(doc: Json): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const params: Json[] = deref(doc, [...(item.parameters ?? []), ...(op.parameters ?? [])]);
      const pick = (where: string): Param[] => params.filter((p) => p.in === where).map((p) => ({ name: p.name, required: !!p.required, schema: p.schema ?? {} }));
      const header = params.find((p) => p.in === 'header' && String(p.name).toLowerCase() === 'idempotency-key');
      const roles = /Roles: ([a-z_, ]+)\./.exec(op.description ?? '')?.[1]?.split(/,\s*/);
      const security: Json[] | undefined = op.security ?? doc.security;
      const id: string = op.operationId ?? `${method} ${path}`;
      out.push({
        id, method, path,
        pathParams: pick('path'),
        queryParams: pick('query'),
        idempotencyKey: header?.schema,
        body: deref(doc, op.requestBody)?.content?.['application/json']?.schema,
        statuses: new Set(Object.keys(op.responses ?? {}).map(Number)),
        roles,
        anonymous: !security || security.length === 0 || security.some((s) => Object.keys(s).length === 0),
        mutating: method !== 'get',
        isAction: path.endsWith(`/actions/${id}`),
      });
    }
  }
  return out;
}

/** Fills the path template; values are inserted as given (already encoded, or deliberately not). */
export const fillPath = (template: string, values: Record<string, string>): string =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
