// Arbitraries from JSON Schemas (the request bodies and parameters of the OpenAPI document): values that
// satisfy a schema, with hostile unicode in every free-text field, and values that break it.
import fc from 'fast-check';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Json } from './document';
import { HOSTILE_KEYS, HOSTILE_STRINGS, UNICODE_TEXT } from './hostile';

const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
addFormats(ajv);
const compiled = new WeakMap<object, (v: unknown) => boolean>();

/** The document's own verdict on a value (ajv, JSON Schema 2020-12, formats checked). */
export function conforms(schema: Json, value: unknown): boolean {
  let validate = compiled.get(schema);
  if (!validate) { const v = ajv.compile(schema); validate = (x) => v(x) as boolean; compiled.set(schema, validate); }
  return validate(value);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The string with each lone surrogate replaced by U+FFFD (String.prototype.toWellFormed, ES2024). */
export const wellFormed = (s: string): string => s.replace(LONE_SURROGATE, '\uFFFD');

/**
 * Text the API must store as sent: no lone surrogates (not text), no surrounding whitespace (trimmed by
 * design), and at most max UTF-16 units (the server counts units; JSON Schema counts code points).
 */
export function fitText(s: string, min: number, max: number): string {
  let t = s.replace(LONE_SURROGATE, '').trim();
  if (t.length > max) t = t.slice(0, max).replace(LONE_SURROGATE, '').trim();
  while (t.length < Math.max(min, 1)) t += 'x';
  return t;
}

/** Free text: hostile and multilingual pieces, random graphemes and code points, joined. */
const textPieces = fc.array(fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...UNICODE_TEXT) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
), { minLength: 1, maxLength: 4 }).map((ps) => ps.join(' '));

/** Known ids (units, users, petitions) offered to fields with a pattern, so a valid value can also exist. */
export type IdPool = () => readonly string[];

const typeOf = (s: Json): string | undefined => (Array.isArray(s.type) ? s.type[0] : s.type);

export function validValue(schema: Json, ids: IdPool, depth = 0): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(branches)) return fc.oneof(...branches.map((b: Json) => validValue(b, ids, depth + 1)));
  switch (typeOf(schema)) {
    case 'string': {
      if (schema.pattern) {
        const re = new RegExp(schema.pattern, 'u');
        const known = ids().filter((id) => re.test(id));
        const matching = fc.stringMatching(re).filter((s) => conforms(schema, s));
        return known.length ? fc.oneof(fc.constantFrom(...known), matching) : matching;
      }
      if (schema.format) return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((d) => (schema.format === 'date' ? d.toISOString().slice(0, 10) : d.toISOString()));
      const min: number = schema.minLength ?? 0;
      const max: number = Math.min(schema.maxLength ?? 500, 500);
      return textPieces.map((s) => fitText(s, min, max));
    }
    case 'integer': return fc.integer({ min: Math.max(schema.minimum ?? -1000, Number.MIN_SAFE_INTEGER), max: Math.min(schema.maximum ?? 1000, Number.MAX_SAFE_INTEGER) });
    case 'number': return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true, noDefaultInfinity: true });
    case 'boolean': return fc.boolean();
    case 'null': return fc.constant(null);
    case 'array': return fc.array(validValue(schema.items ?? {}, ids, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case 'object': {
      const props = Object.entries<Json>(schema.properties ?? {});
      const model = Object.fromEntries(props.map(([k, s]) => [k, validValue(s, ids, depth + 1)]));
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k: string) => k in model) });
    }
    default: return depth > 3 ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
  }
}

/** Any JSON value nested `depth` levels deep (arrays and objects alternating). */
export const deeplyNested = (depth: number): unknown => {
  let v: unknown = '🙂';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

const WRONG_TYPES: unknown[] = [null, true, false, 0, -1, 1.5, 1e308, '', 'x', [], [1], {}, { a: 1 }, 'object', [{}]];

/**
 * Wrong types, out-of-range numbers, over-long and pattern-breaking strings, enum look-alikes; undefined
 * when the schema accepts anything. Candidates are checked against the schema up front, so the
 * arbitrary never has to search for a value that does not exist.
 */
export function invalidValue(schema: Json): fc.Arbitrary<unknown> | undefined {
  const candidates: unknown[] = [...WRONG_TYPES, ...HOSTILE_STRINGS];
  const max = schema.maxLength as number | undefined;
  // Over-long by code points and by UTF-16 units alike, with no whitespace a trim could remove.
  if (max !== undefined) candidates.push(...['x', '🙂', 'ع', '信'].map((c) => c.repeat(max + 1)));
  for (const e of (schema.enum ?? []) as unknown[]) if (typeof e === 'string') candidates.push(e.toUpperCase(), `${e}\u0000`, `${e}🙂`, `\u200B${e}`, `${e},${e}`);
  const lo = schema.minimum as number | undefined;
  const hi = schema.maximum as number | undefined;
  if (lo !== undefined) candidates.push(lo - 1, lo - 0.5, String(lo - 1));
  if (hi !== undefined) candidates.push(hi + 1, hi + 0.5, 2 ** 53 + 2, String(hi + 1));
  const invalid = candidates.filter((v) => !conforms(schema, v));
  if (!invalid.length) return undefined;
  // Random text around a breaking piece, for patterns and enums.
  const breaking = invalid.filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length < 100);
  const around = breaking.length
    ? fc.tuple(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.constantFrom(...breaking), fc.string({ maxLength: 8 }))
      .map(([a, b, c]) => `${a}${b}${c}`).filter((v) => !conforms(schema, v))
    : undefined;
  return around ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...invalid) }, { weight: 1, arbitrary: around }) : fc.constantFrom(...invalid);
}

/** An own, enumerable property even for "__proto__": what JSON.parse produces from a request body. */
export function withKey(target: Json, key: string, value: unknown): Json {
  const copy = { ...target };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

type Mutation = (body: Json) => fc.Arbitrary<unknown>;

/** Paths to every object in the schema (the body itself and nested objects), with their schemas. */
function objectPaths(schema: Json, at: string[] = []): { path: string[]; schema: Json }[] {
  if (typeOf(schema) !== 'object') return [];
  return [{ path: at, schema }, ...Object.entries<Json>(schema.properties ?? {}).flatMap(([k, s]) => objectPaths(s, [...at, k]))];
}

function setAt(body: unknown, path: string[], fn: (o: Json) => Json): unknown {
  if (path.length === 0) return fn(body && typeof body === 'object' && !Array.isArray(body) ? (body as Json) : {});
  const o = (body && typeof body === 'object' ? body : {}) as Json;
  return withKey(o, path[0]!, setAt(o[path[0]!], path.slice(1), fn));
}

/**
 * A body the schema refuses: a valid body with one thing broken (a required field dropped, a field of the
 * wrong type or out of range, an unknown or prototype key, deep nesting), or no object at all. Checked
 * against the schema, so "invalid" is the document's verdict, not the generator's hope.
 */
export function invalidBody(schema: Json, ids: IdPool): fc.Arbitrary<unknown> | undefined {
  if (typeOf(schema) !== 'object') return invalidValue(schema);
  const objects = objectPaths(schema);
  const mutations: Mutation[] = [
    // A required field dropped (at any level).
    (body) => fc.constantFrom(...objects).chain(({ path, schema: s }) => fc.constantFrom(...((s.required as string[] | undefined) ?? ['-']))
      .map((k) => setAt(body, path, (o) => { const c = { ...o }; delete c[k]; return c; }))),
    // A field replaced by an invalid value.
    (body) => fc.constantFrom(...objects).chain(({ path, schema: s }) => {
      const props = Object.entries<Json>(s.properties ?? {}).flatMap(([k, ps]) => { const bad = invalidValue(ps); return bad ? [[k, bad] as const] : []; });
      if (!props.length) return fc.constant(body);
      return fc.constantFrom(...props).chain(([k, bad]) => bad.map((v) => setAt(body, path, (o) => withKey(o, k, v))));
    }),
    // An unknown key: prototype keys, operators, hostile text; with a plain, hostile or deeply nested value.
    (body) => fc.tuple(fc.constantFrom(...objects), fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ unit: 'grapheme', maxLength: 10 })),
      fc.oneof(fc.constantFrom<unknown>(1, null, { polluted: true }, HOSTILE_STRINGS[0]), fc.integer({ min: 10, max: 3000 }).map(deeplyNested)))
      .map(([{ path }, k, v]) => setAt(body, path, (o) => withKey(o, k, v))),
    // Not an object at all.
    (body) => fc.constantFrom<unknown>([], [body], 'body', 42, true, null, HOSTILE_STRINGS),
  ];
  const weights = [2, 4, 2, 1];
  return validValue(schema, ids)
    .chain((body) => fc.oneof(...mutations.map((m, i) => ({ weight: weights[i]!, arbitrary: m(body as Json) }))))
    .filter((b) => !conforms(schema, b));
}
