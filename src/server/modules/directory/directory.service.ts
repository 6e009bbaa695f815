/**
 * The service directory: organisations publish their services (who they serve, where, in which languages,
 * with which staff) and keep their free places up to date. Searching by need, region and language feeds the
 * referral form and the map. No personal data lives here.
 */
import { z } from 'zod';
import type { TService } from '../../../contract/referrals';
import { ZCapacityUpdate, ZServiceCreate, ZServiceQuery, ZServiceUpdate } from '../../../contract/referrals';
import type { TFieldErrorCode } from '../../../contract/common';
import type { Actor, Platform } from '../../platform/context';
import type { Db, Tx } from '../../platform/db/database';
import type { ServicesTable } from '../../platform/db/schema';
import { AppError, type FieldError } from '../../platform/errors';
import { versionConflict } from '../../platform/concurrency';
import { recordAudit } from '../../platform/audit';
import { newId, nowIso } from '../../platform/ids';
import { COUNTRY_CODES, LANGUAGE_CODES, REGION_CODES } from '../reference/reference.service';
import { nearestRegions, regionDistanceKm } from '../reference/regions.geo';
import { directoryPolicy as policy } from './directory.policy';
import { directoryRepository as repo, type ServiceRow } from './directory.repository';

type ServiceFieldsInput = Partial<z.output<typeof ZServiceCreate>>;

function check(input: ServiceFieldsInput, current?: ServicesTable): FieldError[] {
  const errors: FieldError[] = [];
  const each = (list: string[] | undefined, known: ReadonlySet<string>, path: string, code: TFieldErrorCode) =>
    list?.forEach((v, i) => !known.has(v) && errors.push({ path: `${path}.${i}`, code }));
  each(input.regions, REGION_CODES, 'regions', 'unknown_region');
  each(input.languages, LANGUAGE_CODES, 'languages', 'unknown_language');
  each(input.nationalities, COUNTRY_CODES, 'nationalities', 'unknown_country');
  const minAge = input.minAge !== undefined ? input.minAge : (current?.min_age ?? null);
  const maxAge = input.maxAge !== undefined ? input.maxAge : (current?.max_age ?? null);
  if (minAge !== null && maxAge !== null && minAge > maxAge) errors.push({ path: 'maxAge', code: 'end_before_start' });
  const total = input.capacityTotal !== undefined ? input.capacityTotal : (current?.capacity_total ?? null);
  if (input.capacityAvailable != null && total !== null && input.capacityAvailable > total) errors.push({ path: 'capacityAvailable', code: 'above_capacity' });
  return errors;
}

function present(actor: Actor, r: ServiceRow, regions: string[], languages: string[]): TService {
  return {
    id: r.id,
    organisation: { id: r.organisation_id, name: r.org_name, type: r.org_type as TService['organisation']['type'] },
    name: r.name,
    type: r.type as TService['type'],
    description: r.description,
    regions,
    audience: r.audience as TService['audience'],
    sexes: JSON.parse(r.sexes) as string[],
    minAge: r.min_age,
    maxAge: r.max_age,
    nationalities: JSON.parse(r.nationalities) as string[],
    languages,
    staffSexes: JSON.parse(r.staff_sexes) as string[],
    accessibility: JSON.parse(r.accessibility) as string[],
    openingHours: r.opening_hours,
    contactPhone: r.contact_phone,
    contactEmail: r.contact_email,
    capacityTotal: r.capacity_total,
    capacityAvailable: r.capacity_available,
    capacityUpdatedAt: r.capacity_updated_at,
    capacityUpdatedBy: r.updated_by_name,
    active: r.active === 1,
    version: r.version,
    own: r.organisation_id === actor.organisationId,
  };
}

async function presentAll(db: Db | Tx, actor: Actor, rows: ServiceRow[]): Promise<TService[]> {
  const { regions, languages } = await repo.regionsAndLanguages(db, rows.map((r) => r.id));
  return rows.map((r) =>
    present(
      actor,
      r,
      regions.filter((x) => x.service_id === r.id).map((x) => x.region_code),
      languages.filter((x) => x.service_id === r.id).map((x) => x.language),
    ),
  );
}

/** The service's region nearest to `from`, and how far it is (0 when it serves `from`). */
function withDistance(s: TService, from: string): TService {
  let best: { code: string; km: number } | null = null;
  for (const code of s.regions) {
    const km = regionDistanceKm(from, code);
    if (km !== undefined && (!best || km < best.km || (km === best.km && code < best.code))) best = { code, km };
  }
  return best ? { ...s, nearestRegionCode: best.code, distanceKm: best.km } : s;
}

export const directoryService = {
  async search(db: Db | Tx, actor: Actor, query: z.output<typeof ZServiceQuery>) {
    if (!policy.read(actor)) throw AppError.forbidden();
    const filters = {
      type: query.type,
      regionCode: query.regionCode,
      language: query.language,
      audience: query.audience,
      available: query.available === 'true',
      organisationId: query.organisationId,
      q: query.q,
      includeInactive: query.includeInactive === 'true',
    };
    const [rows, regions] = await Promise.all([repo.search(db, filters, query.limit), repo.byRegion(db, filters)]);
    const byRegion = regions.map((r) => ({ regionCode: r.region_code, services: Number(r.services), available: Number(r.available) }));
    const from = query.regionCode;
    if (!from) return { items: await presentAll(db, actor, rows), byRegion, widened: null };
    // Nothing in the region: the same search in the other regions, nearest first (the same filters, so the same services are visible).
    const widen = rows.length === 0 && query.widen === 'true';
    const found = widen ? await repo.searchNearest(db, filters, from, nearestRegions(from), query.limit) : rows;
    const items = (await presentAll(db, actor, found)).map((s) => withDistance(s, from));
    const widened = widen
      ? { fromRegionCode: from, regions: [...new Map(items.map((s) => [s.nearestRegionCode!, { regionCode: s.nearestRegionCode!, distanceKm: s.distanceKm! }])).values()] }
      : null;
    return { items, byRegion, widened };
  },

  async get(db: Db | Tx, actor: Actor, id: string): Promise<TService> {
    if (!policy.read(actor)) throw AppError.forbidden();
    const row = await repo.one(db, id);
    if (!row) throw AppError.notFound();
    return (await presentAll(db, actor, [row]))[0]!;
  },

  /** The raw row, for the referral module (eligibility, capacity, organisation). */
  row(db: Db | Tx, id: string) {
    return repo.one(db, id);
  },

  async create(p: Platform, trx: Tx, actor: Actor, input: z.output<typeof ZServiceCreate>): Promise<TService> {
    if (!policy.manage(actor, actor.organisationId)) throw AppError.forbidden();
    const errors = check(input);
    if (errors.length) throw AppError.validation(errors);
    const now = nowIso();
    const id = newId();
    const counted = input.capacityTotal ?? null;
    await repo.insert(trx, {
      id,
      organisation_id: actor.organisationId,
      type: input.type,
      name: input.name,
      description: input.description ?? null,
      audience: input.audience,
      sexes: JSON.stringify(input.sexes),
      min_age: input.minAge ?? null,
      max_age: input.maxAge ?? null,
      nationalities: JSON.stringify(input.nationalities),
      staff_sexes: JSON.stringify(input.staffSexes),
      accessibility: JSON.stringify(input.accessibility),
      opening_hours: input.openingHours ?? null,
      contact_phone: input.contactPhone ?? null,
      contact_email: input.contactEmail ?? null,
      capacity_total: counted,
      capacity_available: counted === null ? null : (input.capacityAvailable ?? counted),
      capacity_updated_at: counted === null ? null : now,
      capacity_updated_by: counted === null ? null : actor.userId,
      active: 1,
      version: 1,
      created_at: now,
      updated_at: now,
    });
    await repo.replaceRegionsAndLanguages(trx, id, input.regions, input.languages);
    await recordAudit(p, trx, actor, { action: 'service.create', entityType: 'service', entityId: id, details: { type: input.type } });
    return directoryService.get(trx, actor, id);
  },

  async update(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZServiceUpdate>): Promise<TService> {
    const current = await repo.one(trx, id);
    if (!current || !policy.read(actor)) throw AppError.notFound();
    if (!policy.manage(actor, current.organisation_id)) throw AppError.forbidden();
    const errors = check(input, current);
    if (errors.length) throw AppError.validation(errors);
    const now = nowIso();
    const patch: Partial<ServicesTable> = { updated_at: now };
    const json = (v: string[] | undefined) => (v === undefined ? undefined : JSON.stringify(v));
    const set = <K extends keyof ServicesTable>(k: K, v: ServicesTable[K] | undefined) => v !== undefined && (patch[k] = v);
    set('name', input.name);
    set('type', input.type);
    set('description', input.description);
    set('audience', input.audience);
    set('sexes', json(input.sexes));
    set('min_age', input.minAge);
    set('max_age', input.maxAge);
    set('nationalities', json(input.nationalities));
    set('staff_sexes', json(input.staffSexes));
    set('accessibility', json(input.accessibility));
    set('opening_hours', input.openingHours);
    set('contact_phone', input.contactPhone);
    set('contact_email', input.contactEmail);
    if (input.active !== undefined) patch.active = input.active ? 1 : 0;
    if (input.capacityTotal !== undefined) {
      patch.capacity_total = input.capacityTotal;
      // Counting starts (or stops) with the total; free places never exceed it.
      patch.capacity_available = input.capacityTotal === null ? null : Math.min(current.capacity_available ?? input.capacityTotal, input.capacityTotal);
      patch.capacity_updated_at = now;
      patch.capacity_updated_by = actor.userId;
    }
    if (!(await repo.update(trx, id, input.version, patch))) throw await versionConflict(trx, 'services', id);
    await repo.replaceRegionsAndLanguages(trx, id, input.regions, input.languages);
    await recordAudit(p, trx, actor, { action: 'service.update', entityType: 'service', entityId: id, details: { changed: Object.keys(input).filter((k) => k !== 'version') } });
    return directoryService.get(trx, actor, id);
  },

  async updateCapacity(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZCapacityUpdate>): Promise<TService> {
    const current = await repo.one(trx, id);
    if (!current || !policy.read(actor)) throw AppError.notFound();
    if (!policy.updateCapacity(actor, current.organisation_id)) throw AppError.forbidden();
    if (current.capacity_total === null) throw AppError.validation([{ path: 'available', code: 'capacity_not_counted' }]);
    if (input.available > current.capacity_total) throw AppError.validation([{ path: 'available', code: 'above_capacity' }]);
    const now = nowIso();
    if (!(await repo.update(trx, id, input.version, { capacity_available: input.available, capacity_updated_at: now, capacity_updated_by: actor.userId, updated_at: now }))) {
      throw await versionConflict(trx, 'services', id);
    }
    await recordAudit(p, trx, actor, { action: 'service.capacity', entityType: 'service', entityId: id, details: { from: current.capacity_available, to: input.available } });
    return directoryService.get(trx, actor, id);
  },
};
