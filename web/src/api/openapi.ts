// The OpenAPI document at run time: the action panel builds each action's form from the request schema
// the API publishes, so a new action (or a new field) appears in the console without UI code.
import { useQuery } from '@tanstack/react-query';

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  description?: string;
  default?: unknown;
  format?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  $ref?: string;
  additionalProperties?: boolean | JsonSchema;
};

interface OpenApiDocument {
  paths: Record<string, Record<string, {
    summary?: string; description?: string; requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
    parameters?: Array<{ name: string; in: string; schema?: JsonSchema }>;
  }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export function useOpenApi() {
  return useQuery({
    queryKey: ['openapi'],
    queryFn: async (): Promise<OpenApiDocument> => {
      const res = await fetch('/api/openapi.json', { credentials: 'same-origin' });
      if (!res.ok) throw new Error(`openapi.json: HTTP ${res.status}`);
      return res.json() as Promise<OpenApiDocument>;
    },
    staleTime: Infinity,
  });
}

/** Resolves local $refs (and single-member anyOf/allOf wrappers) so the form sees plain schemas. */
export function resolve(doc: OpenApiDocument, s: JsonSchema | undefined, depth = 0): JsonSchema | undefined {
  if (!s || depth > 20) return s;
  if (s.$ref?.startsWith('#/components/schemas/')) {
    const { $ref, ...rest } = s;
    return resolve(doc, { ...doc.components?.schemas?.[$ref.slice('#/components/schemas/'.length)], ...rest }, depth + 1);
  }
  const out: JsonSchema = { ...s };
  if (s.properties) out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, resolve(doc, v, depth + 1)!]));
  if (s.items) out.items = resolve(doc, s.items, depth + 1);
  return out;
}

export interface ActionSpec {
  action: string;
  path: string;
  summary: string;
  description?: string;
  schema: JsonSchema;
}

/** The POST endpoint for an action of a case, with its request schema, or undefined if the API has none. */
export function actionSpec(doc: OpenApiDocument, action: string): ActionSpec | undefined {
  const template = `/api/v1/petitions/{id}/actions/${action}`;
  const op = doc.paths[template]?.post;
  if (!op) return undefined;
  const schema = resolve(doc, op.requestBody?.content?.['application/json']?.schema) ?? { type: 'object', properties: {} };
  return { action, path: template, summary: op.summary ?? action, description: op.description, schema };
}

/** The values an enum takes, from a component schema (e.g. CaseStatus): the UI lists what the API lists. */
export function enumOf(doc: OpenApiDocument | undefined, component: string): string[] {
  return (doc?.components?.schemas?.[component]?.enum as string[] | undefined) ?? [];
}

/** The values a path parameter takes (e.g. the printable document kinds): the UI offers what the API serves. */
export function pathParamEnum(doc: OpenApiDocument | undefined, template: string, name: string): string[] {
  const param = doc?.paths[template]?.get?.parameters?.find((p) => p.in === 'path' && p.name === name);
  return (resolve(doc!, param?.schema)?.enum as string[] | undefined) ?? [];
}
