/**
 * Persons: the protected identity of a presumed victim, separate from their cases. Identifying and
 * sensitive fields are encrypted; search uses keyed blind indexes of normalised name tokens and
 * document numbers. What a reader sees depends on their access (manager, or grant categories).
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import { ZPersonInput, ZPersonUpdate, ZPersonView, type TPersonView } from '../../../contract/persons';
import { DECISIVE_AGE_ASSESSMENTS } from '../../../contract/reference';
import type { Actor, Platform } from '../../platform/context';
import type { Tx } from '../../platform/db/database';
import type { PersonsTable } from '../../platform/db/schema';
import { accessFromGrants, disclose, FULL_ACCESS, mayDisclose, type Access } from '../../platform/access';
import { AppError, type FieldError } from '../../platform/errors';
import { versionConflict } from '../../platform/concurrency';
import { auditRead, recordAudit } from '../../platform/audit';
import { recordHistory } from '../../platform/history';
import { newId, nowIso } from '../../platform/ids';
import { nameTokens, normalizeDocumentNumber } from '../../platform/crypto/normalize';
import { ERASED_VALUE } from '../../platform/crypto/keyring';
import { COUNTRY_CODES, LANGUAGE_CODES } from '../reference/reference.service';
import { personsPolicy } from './persons.policy';
import { localDate } from '../timelines/calendar';
import { personsRepository as repo, type SearchToken } from './persons.repository';
import { casesRepository } from '../cases/cases.repository';
import { refreshFacts } from '../statistics/statistics.facts';
import { describeForMatching, personMatchTokens, replaceMatchTokens, type MatchToken } from '../matching/matching.tokens';
import type { TPersonDescription } from '../matching/matching.types';

type PersonInput = z.output<typeof ZPersonInput>;
type AgeRange = { min: number; max: number };
type AgeAssessment = { method: string; assessedOn?: string };
/**
 * The encrypted identity. `ageRange`, `ageAssessment` and `ageUncertain` (the flag as the user set it) were
 * added later: older records do not have them (read as null / the plain column).
 */
type Identity = {
  givenNames: string;
  familyName: string | null;
  aliases: string[];
  dateOfBirth: string | null;
  estimatedAge: number | null;
  ageRange?: AgeRange | null;
  ageAssessment?: AgeAssessment | null;
  ageUncertain?: boolean;
};
type Contact = PersonInput['contacts'][number];
type IdentityDocument = PersonInput['identityDocuments'][number];

const aad = (column: string, id: string) => `persons.${column}:${id}`;

/** Field problems that zod cannot see: reference lists and dates. Paths are relative to `prefix`. */
export function checkPersonInput(
  input: Pick<Partial<PersonInput>, 'nationalities' | 'languages' | 'identityDocuments'> & {
    dateOfBirth?: string | null;
    estimatedAge?: number | null;
    ageRange?: AgeRange | null;
    ageAssessment?: AgeAssessment | null;
  },
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
  const range = input.ageRange;
  if (range && range.min > range.max) errors.push({ path: at('ageRange.max'), code: 'age_range_inverted' });
  if (range && range.min <= range.max && typeof input.estimatedAge === 'number' && (input.estimatedAge < range.min || input.estimatedAge > range.max)) {
    errors.push({ path: at('estimatedAge'), code: 'age_outside_range' });
  }
  if (input.ageAssessment?.assessedOn && input.ageAssessment.assessedOn > today) errors.push({ path: at('ageAssessment.assessedOn'), code: 'date_in_future' });
  return errors;
}

function yearsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

/**
 * The birth year used by lists and statistics (the date of birth itself is encrypted). An estimated age, or
 * else the lower end of the age range (the benefit of the doubt), is the person's age on `anchorOn`: the
 * identification date of their first case, not the day it was typed in — a person identified in 2024 and
 * recorded in 2026 as "17" was 17 in 2024, and is counted in the 2024 figures as a child.
 */
export function approxBirthYear(identity: Identity, anchorOn: string): number | null {
  if (identity.dateOfBirth) return Number(identity.dateOfBirth.slice(0, 4));
  const age = identity.estimatedAge ?? identity.ageRange?.min ?? null;
  return age !== null ? Number(anchorOn.slice(0, 4)) - age : null;
}

/**
 * The child presumption (stored in the plain `age_uncertain` column that lists and statistics read): the age
 * was marked uncertain, or it is only known as a range that reaches under 18 and over 17 — until an
 * assessment that decides the age (documents, medical, social, judicial) is recorded.
 */
export function childPresumption(identity: Identity, markedUncertain: boolean): boolean {
  if (identity.ageAssessment && DECISIVE_AGE_ASSESSMENTS.has(identity.ageAssessment.method)) return false;
  if (markedUncertain) return true;
  const range = identity.ageRange;
  return !identity.dateOfBirth && !!range && range.min < 18 && range.max >= 18;
}

function searchTokens(p: Platform, identity: Identity, documents: IdentityDocument[]): SearchToken[] {
  const names = [identity.givenNames, identity.familyName ?? '', ...identity.aliases].join(' ');
  const tokens: SearchToken[] = nameTokens(names).map((t) => ({ kind: 'name', token: p.keyring.blindIndex('name', t) }));
  for (const d of documents) tokens.push({ kind: 'doc', token: p.keyring.blindIndex('doc', normalizeDocumentNumber(d.number)) });
  const seen = new Set<string>();
  return tokens.filter((t) => (seen.has(t.kind + t.token) ? false : (seen.add(t.kind + t.token), true)));
}

/** The candidate tokens of a person record (modules/matching/matching.tokens.ts); `recordedOn` anchors an estimated age. */
function matchTokensFor(p: Platform, row: Pick<PersonsTable, 'sex' | 'nationalities'>, s: Omit<PersonState, 'row' | 'healthNotes'>, recordedOn: string): MatchToken[] {
  return personMatchTokens(p, { identity: s.identity, sex: row.sex, nationalities: JSON.parse(row.nationalities) as string[], contacts: s.contacts, documents: s.documents, recordedOn });
}

/** The matcher's description of a stored person (its own organisation's lookup of candidates). */
export async function matchDescriptionOf(p: Platform, db: Tx, row: PersonsTable): Promise<TPersonDescription> {
  const s = decrypt(p, row);
  const first = await repo.firstIdentifiedOn(db, row.id);
  return describeForMatching({ identity: s.identity, sex: row.sex, nationalities: JSON.parse(row.nationalities) as string[], contacts: s.contacts, documents: s.documents, recordedOn: first ?? row.created_at.slice(0, 10) });
}

/** Bumped when the tokens of a record change meaning (matching.keys.ts): every person's are written again at start. */
const MATCH_TOKENS_VERSION = '2';
const MATCH_TOKENS_META = 'person_match_tokens_version';

function newPseudonym(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
  const bytes = crypto.randomBytes(10);
  return `P-${[...bytes].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

export type PersonState = { row: PersonsTable; identity: Identity; contacts: Contact[]; documents: IdentityDocument[]; healthNotes: string | null };

/**
 * The person's protected fields are encrypted under the person's own data key (crypto-shredding: see
 * platform/crypto/keyring.ts). Records written before per-person keys have none and are under the keyring.
 * An anonymised or erased person has no key left: their fields read as empty.
 */
type Sealer = { enc: (plain: string, column: string) => string; dec: (token: string, column: string) => string };

function sealerOf(p: Platform, row: Pick<PersonsTable, 'id' | 'data_key_enc'>): Sealer {
  if (row.data_key_enc === null) {
    return { enc: (plain, column) => p.keyring.encryptText(plain, aad(column, row.id)), dec: (token, column) => p.keyring.decryptText(token, aad(column, row.id)) };
  }
  const key = p.subjects.unwrap(row.id, row.data_key_enc, aad('data_key_enc', row.id));
  return { enc: (plain, column) => p.subjects.encrypt(key, plain, aad(column, row.id)), dec: (token, column) => p.subjects.decrypt(key, token, aad(column, row.id)) };
}

const ERASED_IDENTITY: Identity = { givenNames: '', familyName: null, aliases: [], dateOfBirth: null, estimatedAge: null, ageRange: null, ageAssessment: null };

/** Whether the person's identifying fields were destroyed (anonymised or erased). */
export function isErased(row: Pick<PersonsTable, 'identity_enc'>): boolean {
  return row.identity_enc === ERASED_VALUE;
}

function decrypt(p: Platform, row: PersonsTable): PersonState {
  if (isErased(row)) return { row, identity: ERASED_IDENTITY, contacts: [], documents: [], healthNotes: null };
  const s = sealerOf(p, row);
  return {
    row,
    identity: JSON.parse(s.dec(row.identity_enc, 'identity_enc')) as Identity,
    contacts: row.contacts_enc ? (JSON.parse(s.dec(row.contacts_enc, 'contacts_enc')) as Contact[]) : [],
    documents: row.documents_enc ? (JSON.parse(s.dec(row.documents_enc, 'documents_enc')) as IdentityDocument[]) : [],
    healthNotes: row.health_enc ? s.dec(row.health_enc, 'health_enc') : null,
  };
}

/** Encrypts a person's protected fields into a row (same id, same data key). */
function seal(p: Platform, row: Pick<PersonsTable, 'id' | 'data_key_enc'>, s: Omit<PersonState, 'row'>) {
  const k = sealerOf(p, row);
  return {
    identity_enc: k.enc(JSON.stringify(s.identity), 'identity_enc'),
    contacts_enc: s.contacts.length ? k.enc(JSON.stringify(s.contacts), 'contacts_enc') : null,
    documents_enc: s.documents.length ? k.enc(JSON.stringify(s.documents), 'documents_enc') : null,
    health_enc: s.healthNotes ? k.enc(s.healthNotes, 'health_enc') : null,
  };
}

export function ageGroupOf(row: Pick<PersonsTable, 'age_uncertain' | 'approx_birth_year'>, identity: Identity | null, today = nowIso().slice(0, 10)) {
  const age = identity?.dateOfBirth
    ? yearsBetween(identity.dateOfBirth, today)
    : identity && identity.estimatedAge === null && !identity.ageRange
      ? null
      : row.approx_birth_year !== null
        ? Number(today.slice(0, 4)) - row.approx_birth_year
        : null;
  const treatedAsChild = row.age_uncertain === 1 || (age !== null && age < 18);
  const ageGroup: TPersonView['ageGroup'] = treatedAsChild ? 'child' : age !== null ? 'adult' : 'unknown';
  return { age, treatedAsChild, ageGroup };
}

/** The reader's view: hidden categories are left out entirely. */
export function presentPerson(p: Platform, row: PersonsTable, access: Access): TPersonView {
  const s = decrypt(p, row);
  const { age, treatedAsChild, ageGroup } = ageGroupOf(row, s.identity);
  const vulnerabilities = JSON.parse(row.vulnerabilities) as string[];
  // The contract's category marks decide which of these fields leave (disclose).
  return disclose(ZPersonView, access, {
    id: row.id,
    version: row.version,
    pseudonym: row.pseudonym,
    sex: row.sex as TPersonView['sex'],
    ageGroup,
    treatedAsChild,
    ageUncertain: row.age_uncertain === 1,
    age,
    nationalities: JSON.parse(row.nationalities) as string[],
    languages: JSON.parse(row.languages) as string[],
    interpreterNeeded: row.interpreter_needed === 1,
    // Vulnerabilities are health data, except that the person is a child (which every helper must know).
    vulnerabilities: mayDisclose(access, 'health') ? vulnerabilities : vulnerabilities.filter((v) => v === 'child' || v === 'unaccompanied_child'),
    visibleCategories: [...access.categories],
    identity: {
      givenNames: s.identity.givenNames,
      familyName: s.identity.familyName,
      aliases: s.identity.aliases,
      dateOfBirth: s.identity.dateOfBirth,
      estimatedAge: s.identity.estimatedAge,
      ageRange: s.identity.ageRange ?? null,
      ageAssessment: s.identity.ageAssessment ?? null,
    },
    contacts: s.contacts,
    identityDocuments: s.documents,
    healthNotes: s.healthNotes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

/** What the protection timelines need to know about a person: child pathway, foreign national. */
export function protectionFlags(view: Pick<TPersonView, 'treatedAsChild' | 'nationalities'>): { child: boolean; foreign: boolean } {
  return { child: view.treatedAsChild, foreign: view.nationalities.length > 0 && !view.nationalities.includes('MA') };
}

/** The display name for lists: the name when identity is visible, else the pseudonym. */
export function displayNameOf(p: Platform, row: Pick<PersonsTable, 'id' | 'identity_enc' | 'data_key_enc' | 'pseudonym'>, identityVisible: boolean): string {
  if (!identityVisible || isErased(row)) return row.pseudonym;
  const id = JSON.parse(sealerOf(p, row).dec(row.identity_enc, 'identity_enc')) as Identity;
  return [id.givenNames, id.familyName].filter(Boolean).join(' ');
}

/**
 * The encrypted row and search tokens for a new person (shared by registration and the bulk seeder).
 * `identifiedOn` is the identification date of the case registered with them: an estimated age is anchored there.
 */
export function buildPersonRow(
  p: Platform,
  orgId: string,
  input: PersonInput,
  now: string,
  identifiedOn: string = now.slice(0, 10),
): { row: PersonsTable; tokens: SearchToken[]; matchTokens: MatchToken[] } {
  const id = newId();
  const identity: Identity = {
    givenNames: input.givenNames,
    familyName: input.familyName ?? null,
    aliases: input.aliases,
    dateOfBirth: input.dateOfBirth ?? null,
    estimatedAge: input.dateOfBirth ? null : (input.estimatedAge ?? null),
    ageRange: input.dateOfBirth ? null : (input.ageRange ?? null),
    ageAssessment: input.ageAssessment ?? null,
    ageUncertain: !!input.ageUncertain,
  };
  const state = { identity, contacts: input.contacts, documents: input.identityDocuments, healthNotes: input.healthNotes ?? null };
  const dataKey = p.subjects.create(id, aad('data_key_enc', id)).wrapped;
  const row: PersonsTable = {
    id,
    pseudonym: newPseudonym(),
    created_by_org_id: orgId,
    sex: input.sex,
    approx_birth_year: approxBirthYear(identity, identifiedOn),
    age_uncertain: childPresumption(identity, !!input.ageUncertain) ? 1 : 0,
    nationalities: JSON.stringify(input.nationalities),
    languages: JSON.stringify(input.languages),
    interpreter_needed: input.interpreterNeeded ? 1 : 0,
    vulnerabilities: JSON.stringify(input.vulnerabilities),
    ...seal(p, { id, data_key_enc: dataKey }, state),
    data_key_enc: dataKey,
    anonymised_at: null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  return { row, tokens: searchTokens(p, identity, input.identityDocuments), matchTokens: matchTokensFor(p, row, state, identifiedOn) };
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
  async create(p: Platform, trx: Tx, actor: Actor, input: PersonInput, identifiedOn?: string): Promise<{ row: PersonsTable; tokens: SearchToken[] }> {
    const now = nowIso();
    const built = buildPersonRow(p, actor.organisationId, input, now, identifiedOn ?? now.slice(0, 10));
    await repo.insert(trx, built.row);
    await replaceMatchTokens(trx, built.row.id, built.row.created_by_org_id, built.matchTokens);
    await recordHistory(p, trx, actor, { entityType: 'person', entityId: built.row.id, caseId: null, version: 1, action: 'create', changes: {} });
    return built;
  },

  /**
   * Re-anchors an estimated age after the identification dates of the person's cases changed (a case
   * edited, or a new case registered for them): the birth year is the first identification's year minus
   * the estimate. A date of birth, or no age at all, leaves nothing to do.
   */
  async reanchorAge(p: Platform, trx: Tx, personId: string): Promise<void> {
    const row = await trx.selectFrom('persons').selectAll().where('id', '=', personId).executeTakeFirst();
    if (!row || isErased(row)) return;
    const state = decrypt(p, row);
    const { identity } = state;
    const first = await repo.firstIdentifiedOn(trx, personId);
    // The candidate tokens' birth buckets of an estimated age move with the first identification too.
    await replaceMatchTokens(trx, personId, row.created_by_org_id, matchTokensFor(p, row, state, first ?? row.created_at.slice(0, 10)));
    if (identity.dateOfBirth) return;
    const year = first ? approxBirthYear(identity, first) : row.approx_birth_year;
    if (year !== row.approx_birth_year) {
      await trx.updateTable('persons').set({ approx_birth_year: year }).where('id', '=', personId).execute();
      await refreshFacts(p, trx, { persons: [personId] });
    }
  },

  /**
   * One-off repair of records written before estimated ages were anchored to the identification date (they
   * were anchored to the day the person was recorded): recomputes every estimated birth year, in batches.
   * Idempotent; returns how many rows changed. Needs the keyring, so it cannot be a migration.
   */
  async reanchorAllAges(p: Platform, batch = 500): Promise<number> {
    let changed = 0;
    let last = '';
    for (;;) {
      const rows = await p.db.selectFrom('persons').selectAll().where('id', '>', last).orderBy('id').limit(batch).execute();
      if (rows.length === 0) return changed;
      last = rows[rows.length - 1]!.id;
      await p.db.transaction().execute(async (trx) => {
        for (const row of rows) {
          if (row.approx_birth_year === null) continue;
          const before = row.approx_birth_year;
          await personsService.reanchorAge(p, trx, row.id);
          const after = await trx.selectFrom('persons').select('approx_birth_year').where('id', '=', row.id).executeTakeFirst();
          if (after && after.approx_birth_year !== before) changed += 1;
        }
      });
    }
  },

  /**
   * Writes the candidate tokens (modules/matching) of every person not anonymised, in batches, once per
   * MATCH_TOKENS_VERSION (a `meta` row): at start, for the persons recorded before the tokens existed or when their
   * meaning changed. Idempotent (each person's tokens are replaced); needs the keyring, so it cannot be a migration.
   * Returns how many persons were indexed (0 when already done).
   */
  async backfillMatchTokens(p: Platform, batch = 500): Promise<number> {
    const done = await p.db.selectFrom('meta').select('value').where('key', '=', MATCH_TOKENS_META).executeTakeFirst();
    if (done?.value === MATCH_TOKENS_VERSION) return 0;
    let n = 0;
    let last = '';
    for (;;) {
      const rows = await p.db.selectFrom('persons').selectAll().where('id', '>', last).where('anonymised_at', 'is', null).orderBy('id').limit(batch).execute();
      if (rows.length === 0) break;
      last = rows[rows.length - 1]!.id;
      await p.db.transaction().execute(async (trx) => {
        for (const row of rows) {
          if (isErased(row)) continue;
          const first = await repo.firstIdentifiedOn(trx, row.id);
          await replaceMatchTokens(trx, row.id, row.created_by_org_id, matchTokensFor(p, row, decrypt(p, row), first ?? row.created_at.slice(0, 10)));
          n += 1;
        }
      });
    }
    await p.db.insertInto('meta').values({ key: MATCH_TOKENS_META, value: MATCH_TOKENS_VERSION }).onConflict((oc) => oc.column('key').doUpdateSet({ value: MATCH_TOKENS_VERSION })).execute();
    return n;
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
    await auditRead(p, trx, actor, { action: 'person.read', entityType: 'person', entityId: id, details: { categories: [...access.categories] } });
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
    const before = decrypt(p, row);
    const pick = <K extends keyof Identity>(k: K, v: Identity[K] | undefined): Identity[K] => (v !== undefined ? v : before.identity[k]);
    const markedUncertain = input.ageUncertain ?? before.identity.ageUncertain ?? row.age_uncertain === 1;
    const identity: Identity = {
      givenNames: input.givenNames ?? before.identity.givenNames,
      familyName: pick('familyName', input.familyName),
      aliases: input.aliases ?? before.identity.aliases,
      dateOfBirth: pick('dateOfBirth', input.dateOfBirth),
      estimatedAge: pick('estimatedAge', input.estimatedAge),
      ageRange: pick('ageRange', input.ageRange) ?? null,
      ageAssessment: pick('ageAssessment', input.ageAssessment) ?? null,
      ageUncertain: markedUncertain,
    };
    // Checked on the merged record, so an estimate sent alone is still checked against the stored range.
    const errors = checkPersonInput({ ...input, estimatedAge: identity.estimatedAge, ageRange: identity.ageRange }, '', localDate(new Date(), p.config.timezone));
    if (errors.length) throw AppError.validation(errors);
    const after = {
      identity,
      contacts: input.contacts ?? before.contacts,
      documents: input.identityDocuments ?? before.documents,
      healthNotes: input.healthNotes !== undefined ? input.healthNotes : before.healthNotes,
    };
    // A record from before per-person keys gets its own key now.
    const keyed = row.data_key_enc !== null ? row : { ...row, data_key_enc: p.subjects.create(id, aad('data_key_enc', id)).wrapped };
    const patch: Partial<PersonsTable> = {
      ...seal(p, keyed, after),
      data_key_enc: keyed.data_key_enc,
      approx_birth_year: approxBirthYear(identity, (await repo.firstIdentifiedOn(trx, id)) ?? now.slice(0, 10)),
      age_uncertain: childPresumption(identity, markedUncertain) ? 1 : 0,
      updated_at: now,
    };
    if (input.sex !== undefined) patch.sex = input.sex;
    if (input.nationalities !== undefined) patch.nationalities = JSON.stringify(input.nationalities);
    if (input.languages !== undefined) patch.languages = JSON.stringify(input.languages);
    if (input.interpreterNeeded !== undefined) patch.interpreter_needed = input.interpreterNeeded ? 1 : 0;
    if (input.vulnerabilities !== undefined) patch.vulnerabilities = JSON.stringify(input.vulnerabilities);
    if (!(await repo.update(trx, id, input.version, patch))) throw await versionConflict(trx, 'persons', id);
    await repo.replaceSearchTokens(trx, id, searchTokens(p, identity, after.documents));
    await replaceMatchTokens(trx, id, row.created_by_org_id, matchTokensFor(p, { sex: patch.sex ?? row.sex, nationalities: patch.nationalities ?? row.nationalities }, after, (await repo.firstIdentifiedOn(trx, id)) ?? now.slice(0, 10)));
    // Sex, age and nationalities are in the figures of every case of the person.
    await refreshFacts(p, trx, { persons: [id] });

    const flatBefore: Record<string, unknown> = {
      ...before.identity, contacts: before.contacts, identityDocuments: before.documents, healthNotes: before.healthNotes,
      ageRange: before.identity.ageRange ?? null, ageAssessment: before.identity.ageAssessment ?? null,
      sex: row.sex, ageUncertain: before.identity.ageUncertain ?? row.age_uncertain === 1, nationalities: JSON.parse(row.nationalities), languages: JSON.parse(row.languages),
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
