/**
 * Request input neither database can keep the same way: U+0000 (NUL). PostgreSQL refuses it in text
 * ("invalid byte sequence for encoding UTF8: 0x00"), so a NUL in a JSON body or a query string was a 500 there
 * (and stored as is on SQLite). No field needs it: it is refused before validation, on every route, with
 * 400 `invalid_value` on the field that holds it.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from './errors';

/**
 * The path (`a.0.b`) of the first string or key holding a NUL, else null. Iterative: a JSON body nested
 * thousands of levels deep is valid JSON and must not overflow the stack here.
 */
export function nulPath(value: unknown, prefix: string[] = []): string | null {
  type At = { key: string; up: At | null } | null;
  const pathOf = (at: At, last?: string) => {
    const keys = last === undefined ? [] : [last];
    for (let a = at; a; a = a.up) keys.push(a.key);
    return [...prefix, ...keys.reverse()].join('.');
  };
  const stack: [unknown, At][] = [[value, null]];
  while (stack.length > 0) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return pathOf(at);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], { key: String(i), up: at }]);
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      const entries = Object.entries(v);
      for (const [k] of entries) if (k.includes('\u0000')) return pathOf(at, k);
      for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i]![1], { key: entries[i]![0], up: at }]);
    }
  }
  return null;
}

export function registerInputChecks(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const path = nulPath(req.query, ['querystring']) ?? nulPath(req.params, ['params']) ?? nulPath(req.body);
    if (path !== null) throw AppError.validation([{ path, code: 'invalid_value' }]);
  });
}
