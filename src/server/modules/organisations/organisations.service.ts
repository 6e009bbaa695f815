/** Organisations: the agencies that take part in the referral mechanism. */
import { z } from 'zod';
import type { TOrganisation } from '../../../contract/organisations';
import { ZOrganisationCreate, ZOrganisationUpdate } from '../../../contract/organisations';
import type { Actor, Platform } from '../../platform/context';
import type { Db, Tx } from '../../platform/db/database';
import type { OrganisationsTable } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { versionConflict } from '../../platform/concurrency';
import { recordAudit } from '../../platform/audit';
import { newId, nowIso } from '../../platform/ids';
import { organisationsPolicy } from './organisations.policy';
import { organisationsRepository as repo } from './organisations.repository';

export function presentOrganisation(o: OrganisationsTable): TOrganisation {
  return {
    id: o.id,
    name: o.name,
    type: o.type as TOrganisation['type'],
    regionCode: o.region_code,
    active: o.active === 1,
    version: o.version,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
  };
}

export const organisationsService = {
  async list(db: Db, actor: Actor): Promise<TOrganisation[]> {
    if (!organisationsPolicy.list(actor)) throw AppError.forbidden();
    return (await repo.list(db)).map(presentOrganisation);
  },

  async create(p: Platform, trx: Tx, actor: Actor, input: z.output<typeof ZOrganisationCreate>): Promise<TOrganisation> {
    if (!organisationsPolicy.manage(actor)) throw AppError.forbidden();
    const now = nowIso();
    const row: OrganisationsTable = {
      id: newId(),
      name: input.name,
      type: input.type,
      region_code: input.regionCode,
      active: input.active ? 1 : 0,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    await repo.insert(trx, row);
    await recordAudit(p, trx, actor, { action: 'organisation.create', entityType: 'organisation', entityId: row.id, details: { name: row.name, type: row.type } });
    return presentOrganisation(row);
  },

  async update(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZOrganisationUpdate>): Promise<TOrganisation> {
    if (!organisationsPolicy.manage(actor)) throw AppError.forbidden();
    const current = await repo.byId(trx, id);
    if (!current) throw AppError.notFound();
    const patch: Partial<OrganisationsTable> = { updated_at: nowIso() };
    if (input.name !== undefined) patch.name = input.name;
    if (input.type !== undefined) patch.type = input.type;
    if (input.regionCode !== undefined) patch.region_code = input.regionCode;
    if (input.active !== undefined) patch.active = input.active ? 1 : 0;
    if (!(await repo.update(trx, id, input.version, patch))) throw await versionConflict(trx, 'organisations', id);
    const changed = Object.keys(input).filter((k) => k !== 'version');
    await recordAudit(p, trx, actor, { action: 'organisation.update', entityType: 'organisation', entityId: id, details: { changed } });
    const after = await repo.byId(trx, id);
    return presentOrganisation(after!);
  },
};
