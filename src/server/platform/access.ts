/**
 * Need-to-know, in SQL. A case is visible to an organisation that manages it, or that holds a live grant
 * on it (created by an accepted referral or transfer). Every repository query that touches cases or
 * persons includes this predicate, so a forgotten policy check cannot leak another organisation's records.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { TDataCategory } from '../../contract/common';
import { DATA_CATEGORIES } from '../../contract/common';
import { categoryOf, type TFieldCategory } from '../../contract/disclosure';
import type { z } from 'zod';

/**
 * Need-to-know: the case is managed by the organisation or shared with it by a live grant. An anonymised case
 * (modules/retention) is no one's to work on any more: only the statistics still count it.
 */
export function caseVisible(orgId: string, now: string, alias = 'c'): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(`${alias}.anonymised_at`)} IS NULL AND (${sql.ref(`${alias}.managing_org_id`)} = ${orgId} OR EXISTS (
    SELECT 1 FROM case_grants g
    WHERE g.case_id = ${sql.ref(`${alias}.id`)} AND g.organisation_id = ${orgId}
      AND g.revoked_at IS NULL AND (g.valid_until IS NULL OR g.valid_until > ${now})))`;
}

/**
 * Visible, and the organisation may see `category`: a search or a filter on a category's data (names,
 * document numbers, forms and places of exploitation) only matches cases whose category the reader may
 * see, so it cannot reveal what the answer itself would hide.
 */
export function caseCategoryVisible(orgId: string, now: string, category: TDataCategory, alias = 'c'): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(`${alias}.anonymised_at`)} IS NULL AND (${sql.ref(`${alias}.managing_org_id`)} = ${orgId} OR EXISTS (
    SELECT 1 FROM case_grants g
    WHERE g.case_id = ${sql.ref(`${alias}.id`)} AND g.organisation_id = ${orgId} AND g.categories LIKE ${`%"${category}"%`}
      AND g.revoked_at IS NULL AND (g.valid_until IS NULL OR g.valid_until > ${now})))`;
}

/** Visible, and the organisation may see identity (names): used when searching by name. */
export function caseIdentityVisible(orgId: string, now: string, alias = 'c'): RawBuilder<SqlBool> {
  return caseCategoryVisible(orgId, now, 'identity', alias);
}

export type Access = { level: 'manager' | 'grant'; categories: ReadonlySet<TDataCategory> };

export const FULL_ACCESS: Access = { level: 'manager', categories: new Set(DATA_CATEGORIES) };

/** Combines live grants into the categories an organisation may see. */
export function accessFromGrants(grants: { categories: string }[]): Access {
  const categories = new Set<TDataCategory>();
  for (const g of grants) for (const c of JSON.parse(g.categories) as TDataCategory[]) categories.add(c);
  return { level: 'grant', categories };
}

/** May an organisation with `access` see a field of `category`? The managing organisation sees everything. */
export function mayDisclose(access: Access, category: TFieldCategory | undefined): boolean {
  if (!category || access.level === 'manager') return true;
  return category !== 'manager' && access.categories.has(category);
}

function innerOf(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    const def = s._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
    if (def.innerType && ['optional', 'nullable', 'default', 'readonly', 'prefault', 'catch'].includes(def.type)) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else return s;
  }
}

/**
 * The answer limited to what `access` may see: every field marked with a category in the contract
 * (`inCategory`, src/contract/disclosure.ts) that the organisation was not granted is removed, in nested
 * objects and lists too. Presenters of case data end with it, so the contract's marks are the one rule.
 */
export function disclose<T>(schema: z.ZodType, access: Access, value: T): T {
  if (access.level === 'manager' || value === null || value === undefined) return value;
  const s = innerOf(schema);
  const def = s._zod.def as { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType };
  if (def.type === 'array' && def.element && Array.isArray(value)) return value.map((v) => disclose(def.element!, access, v)) as T;
  if (def.type === 'object' && typeof value === 'object') {
    const shape = (s as z.ZodObject).shape as Record<string, z.ZodType>;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const field = shape[key];
      if (!field) {
        out[key] = v; // not in the contract: the response serialiser strips it
        continue;
      }
      if (!mayDisclose(access, categoryOf(field))) continue;
      out[key] = disclose(field, access, v);
    }
    return out as T;
  }
  return value;
}
