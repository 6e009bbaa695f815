import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database';
import type { ServicesTable } from '../../platform/db/schema';

export type ServiceFilters = {
  type?: string;
  regionCode?: string;
  language?: string;
  audience?: 'adults' | 'children';
  available?: boolean;
  organisationId?: string;
  q?: string;
  includeInactive?: boolean;
};

export type ServiceRow = ServicesTable & { org_name: string; org_type: string; updated_by_name: string | null };

/** The filters as a WHERE clause on `services as s`; the region filter is left to the caller (the map groups by it). */
function filtered(db: Db | Tx, f: ServiceFilters) {
  let q = db.selectFrom('services as s').innerJoin('organisations as o', 'o.id', 's.organisation_id');
  if (!f.includeInactive) q = q.where('s.active', '=', 1);
  if (f.type) q = q.where('s.type', '=', f.type);
  if (f.organisationId) q = q.where('s.organisation_id', '=', f.organisationId);
  if (f.audience) q = q.where('s.audience', 'in', [f.audience, 'all']);
  if (f.available) q = q.where((eb) => eb.or([eb('s.capacity_available', 'is', null), eb('s.capacity_available', '>', 0)]));
  if (f.language) {
    const language = f.language;
    q = q.where(({ exists, selectFrom }) => exists(selectFrom('service_languages as l').select('l.service_id').whereRef('l.service_id', '=', 's.id').where('l.language', '=', language)));
  }
  if (f.q) q = q.where(sql<boolean>`lower(s.name) LIKE ${`%${f.q.toLowerCase().replace(/[%_\\]/g, (m) => `\\${m}`)}%`} ESCAPE '\\'`);
  return q;
}

export const directoryRepository = {
  async search(db: Db | Tx, f: ServiceFilters, limit: number): Promise<ServiceRow[]> {
    let q = filtered(db, f)
      .leftJoin('users as u', 'u.id', 's.capacity_updated_by')
      .selectAll('s')
      .select(['o.name as org_name', 'o.type as org_type', 'u.display_name as updated_by_name']);
    if (f.regionCode) {
      const region = f.regionCode;
      q = q.where(({ exists, selectFrom }) => exists(selectFrom('service_regions as r').select('r.service_id').whereRef('r.service_id', '=', 's.id').where('r.region_code', '=', region)));
    }
    return q.orderBy('s.name').orderBy('s.id').limit(limit).execute();
  },

  /**
   * Matching services outside `from`, nearest first: each service's distance is that of its region nearest
   * to `from` (the distances are reference data, written into the query as literals), then name and id.
   */
  async searchNearest(db: Db | Tx, f: ServiceFilters, from: string, nearest: { regionCode: string; distanceKm: number }[], limit: number): Promise<(ServiceRow & { distance_km: number })[]> {
    if (nearest.length === 0) return [];
    const cases = sql.join(nearest.map((n) => sql`WHEN ${n.regionCode} THEN ${sql.lit(Math.round(n.distanceKm))}`), sql` `);
    const distance = sql<number>`(SELECT min(CASE r.region_code ${cases} END) FROM service_regions r WHERE r.service_id = s.id AND r.region_code <> ${from})`;
    const rows = await filtered(db, f)
      .leftJoin('users as u', 'u.id', 's.capacity_updated_by')
      .selectAll('s')
      .select(['o.name as org_name', 'o.type as org_type', 'u.display_name as updated_by_name', distance.as('distance_km')])
      .where(distance, 'is not', null)
      .orderBy(distance)
      .orderBy('s.name')
      .orderBy('s.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, distance_km: Number(r.distance_km) }));
  },

  /** Matching services per region (all regions, whatever the region filter), for the map. */
  byRegion(db: Db | Tx, f: ServiceFilters) {
    return filtered(db, f)
      .innerJoin('service_regions as r', 'r.service_id', 's.id')
      .select((eb) => [
        'r.region_code',
        eb.fn.countAll<number>().as('services'),
        eb.fn.sum<number>(eb.case().when(eb.or([eb('s.capacity_available', 'is', null), eb('s.capacity_available', '>', 0)])).then(1).else(0).end()).as('available'),
      ])
      .groupBy('r.region_code')
      .orderBy('r.region_code')
      .execute();
  },

  async one(db: Db | Tx, id: string): Promise<ServiceRow | undefined> {
    return db
      .selectFrom('services as s')
      .innerJoin('organisations as o', 'o.id', 's.organisation_id')
      .leftJoin('users as u', 'u.id', 's.capacity_updated_by')
      .selectAll('s')
      .select(['o.name as org_name', 'o.type as org_type', 'u.display_name as updated_by_name'])
      .where('s.id', '=', id)
      .executeTakeFirst();
  },

  async regionsAndLanguages(db: Db | Tx, ids: string[]) {
    if (ids.length === 0) return { regions: [], languages: [] };
    const [regions, languages] = await Promise.all([
      db.selectFrom('service_regions').selectAll().where('service_id', 'in', ids).orderBy('region_code').execute(),
      db.selectFrom('service_languages').selectAll().where('service_id', 'in', ids).orderBy('language').execute(),
    ]);
    return { regions, languages };
  },

  insert(trx: Tx, row: ServicesTable) {
    return trx.insertInto('services').values(row).execute();
  },

  async replaceRegionsAndLanguages(trx: Tx, id: string, regions: string[] | undefined, languages: string[] | undefined) {
    if (regions) {
      await trx.deleteFrom('service_regions').where('service_id', '=', id).execute();
      if (regions.length) await trx.insertInto('service_regions').values(regions.map((region_code) => ({ service_id: id, region_code }))).execute();
    }
    if (languages) {
      await trx.deleteFrom('service_languages').where('service_id', '=', id).execute();
      if (languages.length) await trx.insertInto('service_languages').values(languages.map((language) => ({ service_id: id, language }))).execute();
    }
  },

  async update(trx: Tx, id: string, version: number, patch: Partial<ServicesTable>): Promise<boolean> {
    const r = await trx.updateTable('services').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /**
   * Takes one counted place if one is free. The condition is re-checked by the update itself (row lock on
   * PostgreSQL, one writer on SQLite), so two acceptances of the last place cannot both succeed.
   * Returns false only when the service counts places and none is free.
   */
  async takePlace(trx: Tx, id: string, now: string): Promise<'taken' | 'not_counted' | 'full'> {
    const r = await trx
      .updateTable('services')
      .set((eb) => ({ capacity_available: eb('capacity_available', '-', 1), version: eb('version', '+', 1), updated_at: now }))
      .where('id', '=', id)
      .where('capacity_available', '>', 0)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 1) return 'taken';
    const s = await trx.selectFrom('services').select('capacity_available').where('id', '=', id).executeTakeFirst();
    return s && s.capacity_available === null ? 'not_counted' : 'full';
  },

  /** Gives a place back when a referral that held one ends (never above the total). */
  async releasePlace(trx: Tx, id: string, now: string) {
    await trx
      .updateTable('services')
      .set((eb) => ({ capacity_available: eb('capacity_available', '+', 1), version: eb('version', '+', 1), updated_at: now }))
      .where('id', '=', id)
      .where('capacity_available', 'is not', null)
      .where((eb) => eb.or([eb('capacity_total', 'is', null), eb('capacity_available', '<', eb.ref('capacity_total'))]))
      .execute();
  },
};
