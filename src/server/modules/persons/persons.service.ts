/**
 * Persons: the protected identity of a presumed victim, separate from their cases. Identifying and
 * sensitive fields are encrypted; search uses keyed blind indexes of normalised name tokens and
 * document numbers. What a reader sees depends on their access (manager, or grant categories).
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import type { TDataCategory } from '../../../contract/common';
import { ZPersonInput, ZPersonUpdate, type TPersonView } from '../../../contract/persons';
import type { Actor, Platform } from '../../platform/context';
import type { Tx } from '../../platform/db/database';
import type { PersonsTable } from '../../platform/db/schema';
import { accessFromGrants, FULL_ACCESS, type Access } from '../../platform/access';
import { AppError, type FieldError } from '../../platform/errors';
import { recordAudit } from '../../platform/audit';
import { recordHistory } from '../../platform/history';
import { newId, nowIso } from '../../platform/ids';
import { nameTokens, normalizeDocumentNumber } from '../../platform/crypto/normalize';
import { COUNTRY_CODES, LANGUAGE_CODES } from '../reference/reference.service';
import { personsPolicy } from './persons.policy';
import { localDate } from '../timelines/calendar';
import { personsRepository as repo, type SearchToken } from './persons.repository';
import { casesRepository } from '../cases/cases.repository';

type PersonInput = z.output<typeof ZPersonInput>;
type Identity = { givenNames: string; familyName: string | null; aliases: string[]; dateOfBirth: string | null; estimatedAge: number | null };
type Contact = PersonInput['contacts'][number];
type IdentityDocument = PersonInput['identityDocuments'][number];

const aad = (column: string, id: string) => `persons.${column}:${id}`;

/** Field problems that zod cannot see: reference lists and dates. Paths are relative to `prefix`. */
export function checkPersonInput(
  input: Pick<Partial<PersonInput>, 'nationalities' | 'languages' | 'identityDocuments'> & { dateOfBirth?: string | null },
  prefix: string,
  today = nowIso().slice(0, 10),
): FieldError[] {
  const errors: FieldError[] = [];
  const at = (path: string) => (prefix ? `${prefix}.${path}` : path);
  input.nationalities?.forEach((c, i) => COUNTRY_CODES.has(c) || errors.push({ path: at(`nationalities.${i}`), code: 'unknown_country' }));
  input.languages?.forEach((c, i) => LANGUAGE_CODES.has(c as never) || errors.push({ path: at(`languages.${i}`), code: 'unknown_language' }));
  input.identityDocuments?.forEach((d, i) => {
    if (d.issuingCountry && !COUNTRY_CODES.has(d.issuingCountry)) errors.push({ path: at(`identityDocuments.${i}.issuingCountry`), code: 'unknown_country' });
  });
  if (input.dateOfBirth && (input.dateOfBirth > today || input.dateOfBirth < '1900-01-01')) errors.push({ path: at('dateOfBirth'), code: 'date_out_of_range' });
  return errors;
}

function yearsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

function approxBirthYear(identity: Identity, today: string): number | null {
  if (identity.dateOfBirth) return Number(identity.dateOfBirth.slice(0, 4));
  if (identity.estimatedAge !== null) return Number(today.slice(0, 4)) - identity.estimatedAge;
  return null;
}

function searchTokens(p: Platform, identity: Identity, documents: IdentityDocument[]): SearchToken[] {
  const names = [identity.givenNames, identity.familyName ?? '', ...identity.aliases].join(' ');
  const tokens: SearchToken[] = nameTokens(names).map((t) => ({ kind: 'name', token: p.keyring.blindIndex('name', t) }));
  for (const d of documents) tokens.push({ kind: 'doc', token: p.keyring.blindIndex('doc', normalizeDocumentNumber(d.number)) });
  const seen = new Set<string>();
  return tokens.filter((t) => (seen.has(t.kind + t.token) ? false : (seen.add(t.kind + t.token), true)));
}

function newPseudonym(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
  const bytes = crypto.randomBytes(10);
  return `P-${[...bytes].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

export type PersonState = { row: PersonsTable; identity: Identity; contacts: Contact[]; documents: IdentityDocument[]; healthNotes: string | null };

function decrypt(p: Platform, row: PersonsTable): PersonState {
  return {
    row,
    identity: p.keyring.decryptJson<Identity>(row.identity_enc, aad('identity_enc', row.id)),
    contacts: row.contacts_enc ? p.keyring.decryptJson<Contact[]>(row.contacts_enc, aad('contacts_enc', row.id)) : [],
    documents: row.documents_enc ? p.keyring.decryptJson<IdentityDocument[]>(row.documents_enc, aad('documents_enc', row.id)) : [],
    healthNotes: row.health_enc ? p.keyring.decryptText(row.health_enc, aad('health_enc', row.id)) : null,
  };
}

/** Encrypts a person's protected fields into a row (same id), plus their search tokens. */
function seal(p: Platform, id: string, s: Omit<PersonState, 'row'>) {
  return {
    identity_enc: p.keyring.encryptJson(s.identity, aad('identity_enc', id)),
    contacts_enc: s.contacts.length ? p.keyring.encryptJson(s.contacts, aad('contacts_enc', id)) : null,
    documents_enc: s.documents.length ? p.keyring.encryptJson(s.documents, aad('documents_enc', id)) : null,
    health_enc: s.healthNotes ? p.keyring.encryptText(s.healthNotes, aad('health_enc', id)) : null,
  };
}

export function ageGroupOf(row: Pick<PersonsTable, 'age_uncertain' | 'approx_birth_year'>, identity: Identity | null, today = nowIso().slice(0, 10)) {
  const age = identity?.dateOfBirth ? yearsBetween(identity.dateOfBirth, today) : row.approx_birth_year !== null ? Number(today.slice(0, 4)) - row.approx_birth_year : null;
  const treatedAsChild = row.age_uncertain === 1 || (age !== null && age < 18);
  const ageGroup: TPersonView['ageGroup'] = treatedAsChild ? 'child' : age !== null ? 'adult' : 'unknown';
  return { age, treatedAsChild, ageGroup };
}

/** The reader's view: hidden categories are left out entirely. */
export function presentPerson(p: Platform, row: PersonsTable, access: Access): TPersonView {
  const s = decrypt(p, row);
  const sees = (c: TDataCategory) => access.categories.has(c);
  const { age, treatedAsChild, ageGroup } = ageGroupOf(row, s.identity);
  const vulnerabilities = JSON.parse(row.vulnerabilities) as string[];
  return {
    id: row.id,
    version: row.version,
    pseudonym: row.pseudonym,
    sex: row.sex as TPersonView['sex'],
    ageGroup,
    treatedAsChild,
    ageUncertain: row.age_uncertain === 1,
    age: sees('identity') ? age : null,
    nationalities: JSON.parse(row.nationalities) as string[],
    languages: JSON.parse(row.languages) as string[],
    interpreterNeeded: row.interpreter_needed === 1,
    vulnerabilities: sees('health') ? vulnerabilities : vulnerabilities.filter((v) => v === 'child' || v === 'unaccompanied_child'),
    visibleCategories: [...access.categories],
    ...(sees('identity') ? { identity: s.identity } : {}),
    ...(sees('contact') ? { contacts: s.contacts } : {}),
    ...(sees('documents') ? { identityDocuments: s.documents } : {}),
    ...(sees('health') ? { healthNotes: s.healthNotes } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** What the protection timelines need to know about a person: child pathway, foreign national. */
export function protectionFlags(view: Pick<TPersonView, 'treatedAsChild' | 'nationalities'>): { child: boolean; foreign: boolean } {
  return { child: view.treatedAsChild, foreign: view.nationalities.length > 0 && !view.nationalities.includes('MA') };
}

/** The display name for lists: the name when identity is visible, else the pseudonym. */
export function displayNameOf(p: Platform, row: Pick<PersonsTable, 'id' | 'identity_enc' | 'pseudonym'>, identityVisible: boolean): string {
  if (!identityVisible) return row.pseudonym;
  const id = p.keyring.decryptJson<Identity>(row.identity_enc, aad('identity_enc', row.id));
  return [id.givenNames, id.familyName].filter(Boolean).join(' ');
}

/** The encrypted row and search tokens for a new person (shared by registration and the bulk seeder). */
export function buildPersonRow(p: Platform, orgId: string, input: PersonInput, now: string): { row: PersonsTable; tokens: SearchToken[] } {
  const id = newId();
  const identity: Identity = {
    givenNames: input.givenNames,
    familyName: input.familyName ?? null,
    aliases: input.aliases,
    dateOfBirth: input.dateOfBirth ?? null,
    estimatedAge: input.dateOfBirth ? null : (input.estimatedAge ?? null),
  };
  const state = { identity, contacts: input.contacts, documents: input.identityDocuments, healthNotes: input.healthNotes ?? null };
  const row: PersonsTable = {
    id,
    pseudonym: newPseudonym(),
    created_by_org_id: orgId,
    sex: input.sex,
    approx_birth_year: approxBirthYear(identity, now.slice(0, 10)),
    age_uncertain: input.ageUncertain ? 1 : 0,
    nationalities: JSON.stringify(input.nationalities),
    languages: JSON.stringify(input.languages),
    interpreter_needed: input.interpreterNeeded ? 1 : 0,
    vulnerabilities: JSON.stringify(input.vulnerabilities),
    ...seal(p, id, state),
    version: 1,
    created_at: now,
    updated_at: now,
  };
  return { row, tokens: searchTokens(p, identity, input.identityDocuments) };
}

async function accessTo(p: Platform, trx: Tx, actor: Actor, personId: string, now: string) {
  const cases = await repo.visibleCases(trx, actor.organisationId, now, personId);
  const manages = cases.some((c) => c.managing_org_id === actor.organisationId);
  const access = manages ? FULL_ACCESS : accessFromGrants(await casesRepository.liveGrants(trx, actor.organisationId, now, cases.map((c) => c.id)));
  return { cases, manages, access };
}

export const personsService = {
  checkPersonInput,

  /** Creates the person inside the case-registration transaction (the caller audits the whole and indexes the case). */
  async create(p: Platform, trx: Tx, actor: Actor, input: PersonInput): Promise<{ row: PersonsTable; tokens: SearchToken[] }> {
    const built = buildPersonRow(p, actor.organisationId, input, nowIso());
    await repo.insert(trx, built.row);
    await recordHistory(p, trx, actor, { entityType: 'person', entityId: built.row.id, caseId: null, version: 1, action: 'create', changes: {} });
    return built;
  },

  /** Search tokens of an existing person (to index a new case of theirs). */
  searchTokensOf(p: Platform, row: PersonsTable): SearchToken[] {
    const s = decrypt(p, row);
    return searchTokens(p, s.identity, s.documents);
  },

  async get(p: Platform, trx: Tx, actor: Actor, id: string) {
    if (!personsPolicy.read(actor)) throw AppError.forbidden();
    const now = nowIso();
    const row = await repo.visibleById(trx, actor.organisationId, now, id);
    if (!row) throw AppError.notFound();
    const { cases, manages, access } = await accessTo(p, trx, actor, id, now);
    await recordAudit(p, trx, actor, { action: 'person.read', entityType: 'person', entityId: id, details: { categories: [...access.categories] } });
    return {
      person: presentPerson(p, row, access),
      cases: cases.map((c) => ({ id: c.id, reference: c.reference, status: c.status, stage: c.stage, identifiedOn: c.identified_on })),
      abilities: { update: manages && personsPolicy.update(actor) },
    };
  },

  async update(p: Platform, trx: Tx, actor: Actor, id: string, input: z.output<typeof ZPersonUpdate>) {
    if (!personsPolicy.read(actor)) throw AppError.forbidden();
    const now = nowIso();
    const row = await repo.visibleById(trx, actor.organisationId, now, id);
    if (!row) throw AppError.notFound();
    const { manages } = await accessTo(p, trx, actor, id, now);
    if (!manages || !personsPolicy.update(actor)) throw AppError.forbidden();
    const errors = checkPersonInput(input, '', localDate(new Date(), p.config.timezone));
    if (errors.length) throw AppError.validation(errors);

    const before = decrypt(p, row);
    const identity: Identity = {
      givenNames: input.givenNames ?? before.identity.givenNames,
      familyName: input.familyName !== undefined ? input.familyName : before.identity.familyName,
      aliases: input.aliases ?? before.identity.aliases,
      dateOfBirth: input.dateOfBirth !== undefined ? input.dateOfBirth : before.identity.dateOfBirth,
      estimatedAge: input.estimatedAge !== undefined ? input.estimatedAge : before.identity.estimatedAge,
    };
    const after = {
      identity,
      contacts: input.contacts ?? before.contacts,
      documents: input.identityDocuments ?? before.documents,
      healthNotes: input.healthNotes !== undefined ? input.healthNotes : before.healthNotes,
    };
    const patch: Partial<PersonsTable> = {
      ...seal(p, id, after),
      approx_birth_year: approxBirthYear(identity, now.slice(0, 10)),
      updated_at: now,
    };
    if (input.sex !== undefined) patch.sex = input.sex;
    if (input.ageUncertain !== undefined) patch.age_uncertain = input.ageUncertain ? 1 : 0;
    if (input.nationalities !== undefined) patch.nationalities = JSON.stringify(input.nationalities);
    if (input.languages !== undefined) patch.languages = JSON.stringify(input.languages);
    if (input.interpreterNeeded !== undefined) patch.interpreter_needed = input.interpreterNeeded ? 1 : 0;
    if (input.vulnerabilities !== undefined) patch.vulnerabilities = JSON.stringify(input.vulnerabilities);
    if (!(await repo.update(trx, id, input.version, patch))) throw AppError.conflict(row.version);
    await repo.replaceSearchTokens(trx, id, searchTokens(p, identity, after.documents));

    const flatBefore: Record<string, unknown> = {
      ...before.identity, contacts: before.contacts, identityDocuments: before.documents, healthNotes: before.healthNotes,
      sex: row.sex, ageUncertain: row.age_uncertain === 1, nationalities: JSON.parse(row.nationalities), languages: JSON.parse(row.languages),
      interpreterNeeded: row.interpreter_needed === 1, vulnerabilities: JSON.parse(row.vulnerabilities),
    };
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [k, v] of Object.entries(input)) {
      if (k === 'version') continue;
      if (JSON.stringify(flatBefore[k] ?? null) !== JSON.stringify(v ?? null)) changes[k] = { from: flatBefore[k] ?? null, to: v ?? null };
    }
    await recordHistory(p, trx, actor, { entityType: 'person', entityId: id, caseId: null, version: input.version + 1, action: 'update', changes });
    await recordAudit(p, trx, actor, { action: 'person.update', entityType: 'person', entityId: id, details: { changed: Object.keys(changes) } });
    return personsService.get(p, trx, actor, id);
  },
};
