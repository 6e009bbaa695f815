/**
 * Request generators for the contract fuzzer (test/integration/fuzz.test.ts), derived from the OpenAPI
 * document the app publishes: a small JSON-schema → fast-check arbitrary translator (objects, enums, strings
 * with formats and patterns, numbers, arrays, anyOf), mutations of valid values (wrong types, missing required
 * fields, extra fields, huge strings, awkward Unicode, nulls, edge numbers), whole-body mutations (not JSON,
 * wrong content type), query strings, path parameters (real ids of the test world most of the time) and
 * multipart bodies for the upload endpoints.
 */
import fc from 'fast-check';

export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
};

export type OpenApiParameter = { in: 'path' | 'query' | 'header' | 'cookie'; name: string; required?: boolean; schema: JsonSchema };
export type OpenApiOperation = {
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  responses?: Record<string, unknown>;
};
export type OpenApiDocument = { paths: Record<string, Record<string, OpenApiOperation>> };

/** One operation of the document, flattened for the generators. */
export type Operation = {
  key: string; // "POST /api/v1/cases/{id}/attachments"
  method: string;
  template: string;
  pathParams: { name: string; schema: JsonSchema; kind: string }[];
  query: { name: string; schema: JsonSchema; required: boolean }[];
  body: JsonSchema | null;
  bodyRequired: boolean;
  multipart: boolean;
};

/** Ids of the test world by kind (the path segment before the parameter: `cases`, `attachments`, `goals`…). */
export type IdPools = { byKind: Record<string, string[]>; all: string[] };

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

export function operationsOf(doc: OpenApiDocument, multipartKeys: ReadonlySet<string>): Operation[] {
  const ops: Operation[] = [];
  for (const [template, byMethod] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(byMethod)) {
      if (!HTTP_METHODS.has(m)) continue;
      const method = m.toUpperCase();
      const key = `${method} ${template}`;
      const segments = template.split('/');
      const params = op.parameters ?? [];
      ops.push({
        key,
        method,
        template,
        pathParams: params
          .filter((p) => p.in === 'path')
          .map((p) => {
            const i = segments.indexOf(`{${p.name}}`);
            return { name: p.name, schema: p.schema, kind: i > 0 ? segments[i - 1]! : p.name };
          }),
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema, required: !!p.required })),
        body: op.requestBody?.content['application/json']?.schema ?? null,
        bodyRequired: !!op.requestBody?.required,
        multipart: multipartKeys.has(key),
      });
    }
  }
  return ops;
}

// ---------------------------------------------------------------------------------------------------------
// Awkward values

/** Strings that have broken servers before: control characters, bidi overrides, lone surrogates, injection. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u202Egnp.exe',
  '\u200B\u200C\u200D\uFEFF',
  '\uD800',
  '\uDFFF\uD800',
  '😀'.repeat(40),
  'e\u0301'.repeat(300),
  'ﷺ۝؀',
  'مرحبا بالعالم',
  '\r\n\r\n',
  '\t\v\f',
  "'; DROP TABLE cases; --",
  "' OR '1'='1",
  '" OR ""="',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '${7*7}{{7*7}}',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00%2e%2e%2f',
  '%',
  '\\',
  'null',
  'undefined',
  'NaN',
  'true',
  '-1',
  '0',
  '1e309',
  '9999-99-99',
  '2026-02-30',
  '0000-00-00',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '__proto__',
  'constructor',
  'x'.repeat(201),
  'x'.repeat(5001),
];

export const EDGE_NUMBERS: readonly number[] = [
  0, -0, -1, 1, 0.5, -0.5, 1.5, 2 ** 31, -(2 ** 31), 2 ** 53, -(2 ** 53), Number.MAX_SAFE_INTEGER + 2, 1e-300, 1e308, -1e308, 1999, 2101, 1e21,
];

const WRONG_VALUES: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, '', 'x', [], {}, [null], { a: 1 }, [[[]]], { __proto__: { admin: true } }),
  fc.constantFrom(...NASTY_STRINGS),
  fc.constantFrom(...EDGE_NUMBERS),
  fc.jsonValue({ maxDepth: 2 }),
);

const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'id', 'organisationId', 'managingOrganisationId', 'version', 'roles', 'isAdmin', 'createdAt', 'deletedAt', 'x'];

// ---------------------------------------------------------------------------------------------------------
// Schema → valid value

const DAY = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const dateArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -3 * 365, max: 30 }).map((n) => isoDay(new Date(Date.now() + n * DAY))) },
  { weight: 1, arbitrary: fc.integer({ min: -60 * 365, max: 10 * 365 }).map((n) => isoDay(new Date(Date.now() + n * DAY))) },
);
const emailArb = fc.oneof(
  fc.emailAddress(),
  fc.string({ unit: fc.constantFrom(...'abcdefghij0123456789'), minLength: 1, maxLength: 12 }).map((s) => `${s}@fuzz.opennrm`),
);
const WORDS = ['Fatima', 'Zahra', 'Casablanca', 'Tanger', 'travail', 'forcé', 'مرحبا', 'العمل', 'shelter', 'legal', 'aid', 'note', 'Réunion', 'O\'Brien', 'ß', '漢字'];
const textArb = (min: number, max: number) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 12 }).map((w) => w.join(' ')) },
    { weight: 2, arbitrary: fc.string({ minLength: min, maxLength: Math.min(max, min + 40) }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, min + 20) }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: min, maxLength: Math.min(max, min + 20) }) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...NASTY_STRINGS)).map(([w, n]) => `${w} ${n}`) },
  ).map((s) => (s.length < min ? s.padEnd(min, 'x') : s.length > max ? s.slice(0, max) : s));

/** Real codes for fields whose pattern alone says little (a country is two capitals, most pairs are not one). */
const VOCABULARY: [RegExp, string[]][] = [
  [/country|nationalit/, ['MA', 'FR', 'ES', 'SN', 'NG', 'CI', 'SY', 'PH', 'XK']],
  [/province/, ['MA-CAS', 'MA-TNG', 'MA-RAB', 'MA-XXX']],
  [/region/, ['MA-01', 'MA-02', 'MA-03', 'MA-04', 'MA-05', 'MA-06', 'MA-07', 'MA-08', 'MA-09', 'MA-10', 'MA-11', 'MA-12', 'MA-13']],
  [/language/, ['ar', 'fr', 'en', 'es', 'zz']],
];

/** Which pool of ids a uuid field draws from, from its name (`caseId`, `responsibleOrganisationId`…). */
function poolFor(name: string, ids: IdPools): string[] {
  const n = name.toLowerCase();
  const pick = (...kinds: string[]) => kinds.flatMap((k) => ids.byKind[k] ?? []);
  let pool: string[] = [];
  if (n.includes('organisation') || n.includes('handling') || n.includes('recipient') || n === 'addressedto') pool = pick('organisations-any');
  else if (n.includes('case')) pool = pick('cases');
  else if (n.includes('service')) pool = pick('services');
  else if (n.includes('consent')) pool = pick('consents');
  else if (n.includes('goal')) pool = pick('goals');
  else if (n.includes('action')) pool = pick('actions', 'plan-actions');
  else if (n.includes('user') || n.includes('assign')) pool = pick('users-any');
  else if (n.includes('person')) pool = pick('persons');
  else if (n.includes('indicator')) pool = pick('plan-indicators');
  return pool.length > 0 ? pool : ids.all;
}

function uuidArb(name: string, ids: IdPools): fc.Arbitrary<string> {
  const pool = poolFor(name, ids);
  return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: fc.constantFrom(...ids.all) }, { weight: 1, arbitrary: fc.uuid({ version: [4, 7] }) });
}

const typesOf = (s: JsonSchema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

/** A value that should satisfy `schema` (most of the time: cross-field rules are the server's to check). */
export function validArb(schema: JsonSchema, ids: IdPools, name = '', depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    // Prefer the non-null branch: a null is one choice in four.
    const arbs = branches.map((b) => ({ weight: typesOf(b).includes('null') ? 1 : 3, arbitrary: validArb(b, ids, name, depth + 1) }));
    return fc.oneof(...arbs);
  }
  if (schema.allOf && schema.allOf.length > 0) return validArb(Object.assign({}, ...schema.allOf) as JsonSchema, ids, name, depth + 1);
  const types = typesOf(schema);
  if (types.length > 1) return fc.oneof(...types.map((t) => validArb({ ...schema, type: t }, ids, name, depth + 1)));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number': {
      const lo = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1e6);
      const hi = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1e6);
      const n = name.toLowerCase();
      if (n === 'version' || n.endsWith('version')) return fc.integer({ min: Math.max(lo, 0), max: Math.min(hi, 4) });
      if (n.includes('year')) return fc.integer({ min: Math.max(lo, 2000), max: Math.min(hi, 2032) });
      const small = fc.integer({ min: Math.max(lo, -5), max: Math.max(Math.max(lo, -5), Math.min(hi, 200)) });
      if (types[0] === 'integer') return fc.oneof({ weight: 4, arbitrary: small }, { weight: 1, arbitrary: fc.integer({ min: Math.max(lo, -(2 ** 31)), max: Math.min(hi, 2 ** 31) }) });
      return fc.oneof(small, fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true }));
    }
    case 'string': {
      const n = name.toLowerCase();
      const emails = ids.byKind.emails ?? [];
      const passwords = ids.byKind.passwords ?? [];
      if (n === 'email' && emails.length > 0) return fc.oneof(fc.constantFrom(...emails), emailArb);
      if (n.includes('password')) {
        const strong = fc.nat({ max: 999_999 }).map((k) => `Fuzz-pass-${k}-Zq`);
        return passwords.length > 0 ? fc.oneof(fc.constantFrom(...passwords), strong, textArb(schema.minLength ?? 0, schema.maxLength ?? 200)) : strong;
      }
      if (schema.format === 'uuid') return uuidArb(name, ids);
      if (schema.format === 'date') return dateArb;
      if (schema.format === 'email') return emailArb;
      const vocabulary = VOCABULARY.find(([re]) => re.test(n))?.[1];
      if (vocabulary && schema.pattern) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...vocabulary) }, { weight: 1, arbitrary: fc.stringMatching(new RegExp(schema.pattern)) });
      if (schema.pattern) {
        try {
          return fc.stringMatching(new RegExp(schema.pattern));
        } catch {
          return textArb(schema.minLength ?? 0, schema.maxLength ?? 100);
        }
      }
      return textArb(schema.minLength ?? 0, schema.maxLength ?? 200);
    }
    case 'array': {
      const min = schema.minItems ?? 0;
      const max = Math.min(schema.maxItems ?? min + 3, min + 3);
      if (depth > 6) return fc.constant([]);
      return fc.array(validArb(schema.items ?? {}, ids, name.replace(/s$/, ''), depth + 1), { minLength: min, maxLength: max });
    }
    case 'object': {
      if (depth > 6) return fc.constant({});
      const props = schema.properties ?? {};
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, s] of Object.entries(props)) model[k] = validArb(s, ids, k, depth + 1);
      const required = (schema.required ?? []).filter((k) => k in props);
      // `person` or `personId`, not both (the usual "a new one or an existing one" rule): mostly exactly one.
      const pair = Object.keys(props).find((k) => `${k}Id` in props && !required.includes(k) && !required.includes(`${k}Id`));
      const record = fc.record(model, { requiredKeys: required });
      if (pair) {
        const without = (k: string) => Object.fromEntries(Object.entries(model).filter(([key]) => key !== k));
        return fc.oneof(
          fc.record(without(`${pair}Id`), { requiredKeys: [...required, pair] }),
          fc.record(without(pair), { requiredKeys: [...required, `${pair}Id`] }),
          record,
        );
      }
      if (typeof schema.additionalProperties === 'object' && Object.keys(props).length === 0) {
        const keys = schema.propertyNames ? (validArb(schema.propertyNames, ids, name, depth + 1) as fc.Arbitrary<string>) : fc.string({ minLength: 1, maxLength: 20 });
        return fc.dictionary(keys, validArb(schema.additionalProperties, ids, name, depth + 1), { maxKeys: 4 });
      }
      return record;
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Mutations

type Path = (string | number)[];

function pathsOf(v: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...prefix, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) pathsOf(x, [...prefix, k], out);
  return out;
}

function setAt(root: unknown, path: Path, f: (old: unknown, parent: unknown, key: string | number | undefined) => unknown): unknown {
  if (path.length === 0) return f(root, undefined, undefined);
  const copy: unknown = structuredClone(root);
  let cur = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  const next = f(cur[last], cur, last);
  if (next === DELETE) {
    if (Array.isArray(cur)) cur.splice(last as number, 1);
    else delete cur[last];
  } else cur[last] = next;
  return copy;
}
const DELETE = Symbol('delete');

export type Mutation = { kind: string; apply: (v: unknown) => unknown };

const HUGE = ['x'.repeat(100_000), 'é'.repeat(20_000), '😀'.repeat(30_000)];

/** One change to a valid value, at a random place inside it. */
export const mutationArb: fc.Arbitrary<Mutation> = fc
  .tuple(
    fc.constantFrom('wrong_type', 'delete', 'extra_field', 'huge', 'unicode', 'null', 'edge_number', 'huge_array'),
    fc.nat(),
    WRONG_VALUES,
    fc.constantFrom(...EXTRA_KEYS),
    fc.constantFrom(...NASTY_STRINGS),
    fc.constantFrom(...EDGE_NUMBERS),
    fc.constantFrom(...HUGE),
  )
  .map(([kind, sel, wrong, extraKey, nasty, edge, huge]) => ({
    kind,
    apply: (v: unknown) => {
      const paths = pathsOf(v);
      const objects = paths.filter((p) => {
        let cur: unknown = v;
        for (const k of p) cur = (cur as Record<string | number, unknown>)[k];
        return cur !== null && typeof cur === 'object' && !Array.isArray(cur);
      });
      const path = paths[sel % paths.length]!;
      switch (kind) {
        case 'wrong_type':
          return setAt(v, path, () => wrong);
        case 'delete':
          return path.length === 0 ? undefined : setAt(v, path, () => DELETE);
        case 'extra_field': {
          const at = objects.length > 0 ? objects[sel % objects.length]! : [];
          return setAt(v, at, (old) =>
            old && typeof old === 'object' && !Array.isArray(old) ? Object.defineProperty({ ...(old as object) }, extraKey, { value: wrong, enumerable: true, writable: true, configurable: true }) : { [extraKey]: wrong },
          );
        }
        case 'huge':
          return setAt(v, path, () => huge);
        case 'unicode':
          return setAt(v, path, (old) => (typeof old === 'string' && sel % 2 === 0 ? old + nasty : nasty));
        case 'null':
          return setAt(v, path, () => null);
        case 'edge_number':
          return setAt(v, path, () => edge);
        case 'huge_array':
          return setAt(v, path, (old) => Array.from({ length: 5000 }, () => (Array.isArray(old) && old.length > 0 ? old[0] : old ?? 1)));
      }
      return v;
    },
  }));

/** A JSON request body as sent on the wire: a payload string (or none) and its content type. */
export type WireBody = { payload?: string | Buffer; contentType?: string; note: string };

/** Bodies that are not the JSON the route expects at all. */
export const rawBodyArb: fc.Arbitrary<WireBody> = fc.oneof(
  fc.constantFrom<WireBody>(
    { payload: '{', contentType: 'application/json', note: 'truncated_json' },
    { payload: '{"version":1,"version":"x"}', contentType: 'application/json', note: 'duplicate_keys' },
    { payload: '', contentType: 'application/json', note: 'empty_json' },
    { payload: 'null', contentType: 'application/json', note: 'json_null' },
    { payload: '[]', contentType: 'application/json', note: 'json_array' },
    { payload: '"text"', contentType: 'application/json', note: 'json_string' },
    { payload: '1e999', contentType: 'application/json', note: 'json_infinity' },
    { payload: '{"a":"\\ud800"}', contentType: 'application/json', note: 'lone_surrogate_escape' },
    { payload: '{"__proto__":{"polluted":true}}', contentType: 'application/json', note: 'proto_pollution' },
    { payload: '{"constructor":{"prototype":{"polluted":true}}}', contentType: 'application/json', note: 'constructor_pollution' },
    { payload: '['.repeat(20_000) + ']'.repeat(20_000), contentType: 'application/json', note: 'deep_nesting' },
    { payload: Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]), contentType: 'application/json', note: 'utf16_bytes' },
    { payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), contentType: 'application/json', note: 'invalid_utf8' },
    { payload: 'version=1&name=x', contentType: 'application/x-www-form-urlencoded', note: 'form_urlencoded' },
    { payload: '{"version":1}', contentType: 'text/plain', note: 'text_plain' },
    { payload: '{"version":1}', contentType: 'application/json; charset=iso-8859-1', note: 'charset_latin1' },
    { payload: '{"version":1}', contentType: 'multipart/form-data', note: 'multipart_without_boundary' },
    { payload: '<xml/>', contentType: 'application/xml', note: 'xml' },
    { payload: '{"version":1}', contentType: undefined, note: 'no_content_type' },
    { payload: 'x'.repeat(2 * 1024 * 1024), contentType: 'application/json', note: 'over_body_limit' },
  ),
  fc.string({ unit: 'binary', maxLength: 200 }).map((s) => ({ payload: s, contentType: 'application/json', note: 'random_text' })),
);

// ---------------------------------------------------------------------------------------------------------
// Path parameters and query strings

/** Path parameter values that are not ids, URL-encoded (the raw ones test the router's own decoding). */
const GARBAGE_PATH = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS.filter((s) => s !== '')).map((s) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '?'))),
  fc.constantFrom('%E0%A4%A', '%zz', '%C0%AE%C0%AE', '..', '.', '%2e%2e', '0', '-1', 'NRM-2026-000001', '1e3', 'x'.repeat(3000), 'null', 'latest', '%00'),
  fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent),
);

export function pathParamArb(p: Operation['pathParams'][number], ids: IdPools): fc.Arbitrary<string> {
  const real = ids.byKind[p.kind] ?? [];
  const schemaValue = validArb(p.schema, ids, p.name).map((v) => encodeURIComponent(String(v)));
  const arbs: fc.WeightedArbitrary<string>[] = [
    { weight: 2, arbitrary: fc.constantFrom(...ids.all) },
    { weight: 1, arbitrary: fc.uuid({ version: [4, 7] }) },
    { weight: 2, arbitrary: GARBAGE_PATH },
  ];
  if (p.schema.format === 'uuid') arbs.push({ weight: 12, arbitrary: fc.constantFrom(...real) });
  else arbs.push({ weight: 12, arbitrary: schemaValue });
  return fc.oneof(...arbs);
}

const asQueryValue = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));

export function queryArb(op: Operation, ids: IdPools): fc.Arbitrary<{ qs: string; mutated: boolean }> {
  const model: Record<string, fc.Arbitrary<string>> = {};
  for (const q of op.query) model[q.name] = validArb(q.schema, ids, q.name).map(asQueryValue);
  const requiredKeys = op.query.filter((q) => q.required).map((q) => q.name);
  const valid = fc.record(model, { requiredKeys });
  const names = op.query.map((q) => q.name);
  const mutate = fc.tuple(
    fc.constantFrom('bad_value', 'drop_required', 'unknown_param', 'repeated', 'raw'),
    fc.constantFrom(...(names.length > 0 ? names : ['q'])),
    fc.oneof(fc.constantFrom(...NASTY_STRINGS), fc.constantFrom('\u0000', 'ab\u0000', '\u202E\u0000x'), fc.constantFrom(...EDGE_NUMBERS).map(String), fc.string({ maxLength: 30 })),
  );
  const encode = (o: Record<string, string | string[]>) => {
    const u = new URLSearchParams();
    for (const [k, v] of Object.entries(o)) for (const x of Array.isArray(v) ? v : [v]) u.append(k, x.replace(/[\uD800-\uDFFF]/g, '?'));
    const s = u.toString();
    return s ? `?${s}` : '';
  };
  return fc.oneof(
    { weight: 3, arbitrary: valid.map((o) => ({ qs: encode(o), mutated: false })) },
    {
      weight: 1,
      arbitrary: fc.tuple(valid, mutate).map(([o, [kind, name, bad]]) => {
        const q: Record<string, string | string[]> = { ...o };
        if (kind === 'bad_value') q[name] = bad;
        else if (kind === 'drop_required') delete q[requiredKeys[0] ?? name];
        else if (kind === 'unknown_param') q[`x${bad.length}`] = bad;
        else if (kind === 'repeated') q[name] = [q[name] as string ?? 'a', bad];
        else return { qs: `${encode(q)}${Object.keys(q).length ? '&' : '?'}${['%zz', '%E0%A4%A', 'a[b]=1', 'a[__proto__][x]=1', '&&&', '=', '%00=%00'][bad.length % 7]}`, mutated: true };
        return { qs: encode(q), mutated: true };
      }),
    },
  );
}

// ---------------------------------------------------------------------------------------------------------
// Multipart bodies

const MAGIC: Record<string, Buffer> = {
  text: Buffer.from('Signed agreement, page 1.\n'),
  pdf: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
  png: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]),
  jpeg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32, 2)]),
  zip: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 0)]),
  binary: Buffer.from([0x00, 0x01, 0x02, 0xfe, 0xff, 0x00]),
  html: Buffer.from('<html><script>alert(1)</script></html>'),
};

const fileNameArb = fc.oneof(
  fc.constantFrom('a.txt', 'plan.xlsx', 'evidence.pdf', 'photo.png', 'photo.jpg', 'doc.docx', 'x.html', 'noext', '.hidden', 'a.pdf.html', 'CON', 'a"b.txt', 'a\r\nX-Injected: 1.txt'),
  fc.constantFrom(...NASTY_STRINGS.filter((s) => !s.includes('\r') && !s.includes('\u0000') && !/[\uD800-\uDFFF]/.test(s))).map((s) => `${s}.txt`),
  fc.constantFrom('x'.repeat(5000) + '.txt', '\u202Etxt.exe', 'عقد.pdf', '漢字.png', 'a\u0000b.pdf', 'evil\u0000.png'),
);

export type MultipartBody = { payload: Buffer; contentType: string; note: string };

const CRLF = '\r\n';
function part(name: string, fileName: string | null, type: string, content: Buffer, boundary: string): Buffer {
  const disp = fileName === null ? `form-data; name="${name}"` : `form-data; name="${name}"; filename="${fileName}"`;
  return Buffer.concat([Buffer.from(`--${boundary}${CRLF}Content-Disposition: ${disp}${CRLF}Content-Type: ${type}${CRLF}${CRLF}`), content, Buffer.from(CRLF)]);
}

/** Multipart bodies: a file of each type (or a real one), and broken structures. `realFiles` come from the world. */
export function multipartArb(realFiles: Buffer[], tooLarge: Buffer): fc.Arbitrary<MultipartBody> {
  // A damaged copy is sometimes also truncated.
  const sel = (n: number, b: Buffer) => (n % 3 === 0 ? b.subarray(0, Math.max(1, n % b.length)) : b);
  const content = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...Object.values(MAGIC), ...realFiles) },
    { weight: 2, arbitrary: fc.uint8Array({ minLength: 0, maxLength: 300 }).map((a) => Buffer.from(a)) },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.constantFrom(...realFiles, MAGIC.zip!), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([b, at, byte]) => {
        const c = Buffer.from(b);
        if (c.length > 0) c[at % c.length] = byte;
        return sel(at, c);
      }),
    },
    { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
  );
  const boundary = 'fuzzBoundary7MA4YWxkTrZu0gW';
  const ct = `multipart/form-data; boundary=${boundary}`;
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.tuple(fileNameArb, content, fc.constantFrom('text/plain', 'application/pdf', 'image/png', 'application/octet-stream', 'text/html', '')).map(([fileName, c, type]) => ({
        payload: Buffer.concat([part('file', fileName, type, c, boundary), Buffer.from(`--${boundary}--${CRLF}`)]),
        contentType: ct,
        note: 'file',
      })),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(fc.constantFrom('no_file', 'two_files', 'field_then_file', 'truncated', 'wrong_boundary', 'no_end', 'many_fields', 'too_large', 'json'), fileNameArb, content, fc.nat()).map(
        ([kind, fileName, c, n]): MultipartBody => {
          const end = Buffer.from(`--${boundary}--${CRLF}`);
          const file = part('file', fileName, 'text/plain', c, boundary);
          switch (kind) {
            case 'no_file':
              return { payload: Buffer.concat([part('note', null, 'text/plain', Buffer.from('x'), boundary), end]), contentType: ct, note: kind };
            case 'two_files':
              return { payload: Buffer.concat([file, part('file2', 'b.txt', 'text/plain', MAGIC.text!, boundary), end]), contentType: ct, note: kind };
            case 'field_then_file':
              return { payload: Buffer.concat([part('note', null, 'text/plain', Buffer.from('x'.repeat(n % 3000)), boundary), file, end]), contentType: ct, note: kind };
            case 'truncated': {
              const full = Buffer.concat([file, end]);
              return { payload: full.subarray(0, n % full.length), contentType: ct, note: kind };
            }
            case 'wrong_boundary':
              return { payload: Buffer.concat([file, end]), contentType: 'multipart/form-data; boundary=other', note: kind };
            case 'no_end':
              return { payload: file, contentType: ct, note: kind };
            case 'many_fields':
              return { payload: Buffer.concat([...Array.from({ length: 8 }, (_, i) => part(`f${i}`, null, 'text/plain', Buffer.from('v'), boundary)), file, end]), contentType: ct, note: kind };
            case 'too_large':
              return { payload: Buffer.concat([part('file', 'big.txt', 'text/plain', tooLarge, boundary), end]), contentType: ct, note: kind };
            default:
              return { payload: Buffer.from('{"file":"x"}'), contentType: 'application/json', note: kind };
          }
        },
      ),
    },
  );
}
