/**
 * Need-to-know, in SQL. A case is visible to an organisation that manages it, or that holds a live grant
 * on it (created by an accepted referral or transfer). Every repository query that touches cases or
 * persons includes this predicate, so a forgotten policy check cannot leak another organisation's records.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { TDataCategory } from '../../contract/common';
import { DATA_CATEGORIES } from '../../contract/common';

export function caseVisible(orgId: string, now: string, alias = 'c'): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`${alias}.managing_org_id`)} = ${orgId} OR EXISTS (
    SELECT 1 FROM case_grants g
    WHERE g.case_id = ${sql.ref(`${alias}.id`)} AND g.organisation_id = ${orgId}
      AND g.revoked_at IS NULL AND (g.valid_until IS NULL OR g.valid_until > ${now})))`;
}

/** Visible, and the organisation may see identity (names): used when searching by name. */
export function caseIdentityVisible(orgId: string, now: string, alias = 'c'): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`${alias}.managing_org_id`)} = ${orgId} OR EXISTS (
    SELECT 1 FROM case_grants g
    WHERE g.case_id = ${sql.ref(`${alias}.id`)} AND g.organisation_id = ${orgId} AND g.categories LIKE '%"identity"%'
      AND g.revoked_at IS NULL AND (g.valid_until IS NULL OR g.valid_until > ${now})))`;
}

export type Access = { level: 'manager' | 'grant'; categories: ReadonlySet<TDataCategory> };

export const FULL_ACCESS: Access = { level: 'manager', categories: new Set(DATA_CATEGORIES) };

/** Combines live grants into the categories an organisation may see. */
export function accessFromGrants(grants: { categories: string }[]): Access {
  const categories = new Set<TDataCategory>();
  for (const g of grants) for (const c of JSON.parse(g.categories) as TDataCategory[]) categories.add(c);
  return { level: 'grant', categories };
}
