/**
 * The answer to an access request: everything held about the person and the cases the answering organisation
 * manages, and who accessed it (from the audit log).
 *
 * Complete by construction: each kind of record is declared once below (`SOURCES`: a table and how its rows
 * belong to the case), every column of its rows is exported except the ones listed as not about the person (the
 * staff who typed them, file contents, internal counters), encrypted columns (`ENCRYPTED_TEXT`, the key
 * rotation's list) are decrypted, JSON text is parsed and organisation ids become names. A column added to one of
 * these tables is exported without anyone remembering to; a new table about the person needs one line here.
 *
 * Nothing about anyone else: defendants (`proceeding_defendants`), the other victims of a proceeding, the
 * proceeding's notes (a prosecutor's free text about everybody in it), the names of the professionals present at
 * a case conference and the users who recorded anything are left out; the access list names organisations and
 * roles, never users, addresses or the details of the entries.
 *
 * This module reads other modules' tables directly (a deliberate exception to "through their services", like the
 * statistics aggregates): the export must be a faithful copy of the rows, not of what each screen shows.
 */
import type { TAccessExport, TAccessExportLanguage } from '../../../contract/subjectrights';
import { ERASED_VALUE, SUBJECT_PREFIX } from '../../platform/crypto/keyring';
import type { Platform } from '../../platform/context';
import type { Db, Tx } from '../../platform/db/database';
import type { DB } from '../../platform/db/schema';
import { ENCRYPTED_TEXT } from '../../platform/keys';
import { nowIso } from '../../platform/ids';

type Row = Record<string, unknown>;
type Ids = { caseId: string; referralIds: string[]; proceedingIds: string[]; victimIds: string[] };
type Source = {
  key: string;
  table: keyof DB & string;
  /** Which rows belong to the case: `column IN values`. */
  by: (ids: Ids) => { column: string; values: string[] };
  /** Columns of this table that are not about the person (beyond `NOT_ABOUT_THE_PERSON`). */
  omit?: string[];
  order?: string;
};

/** Columns that name the staff who did something (user ids), or hold what is not the person's data. */
const NOT_ABOUT_THE_PERSON = new Set([
  'created_by', 'recorded_by', 'assessed_by', 'screened_by', 'reviewed_by', 'uploaded_by', 'responded_by', 'from_user_id', 'actor_user_id',
  'assigned_user_id', 'assignee_user_id', 'durable_updated_by', 'withdrawn_by', 'granted_by', 'updated_by', 'completed_by', 'revealed_by',
  'lifted_by', 'saved_by', 'content_enc', 'sha256', 'version', 'holds_place', 'identification_version',
  // The person's data key (wrapped): a key, not data about them.
  'data_key_enc',
]);

const byCase = (ids: Ids) => ({ column: 'case_id', values: [ids.caseId] });

/** Every kind of record held about a case, in the order of the export. */
export const SOURCES: Source[] = [
  { key: 'forms', table: 'case_forms', by: byCase },
  { key: 'places', table: 'case_places', by: byCase, order: 'position' },
  { key: 'history', table: 'record_history', by: byCase, order: 'at' },
  { key: 'attachments', table: 'attachments', by: byCase, order: 'created_at' },
  { key: 'screenings', table: 'screenings', by: byCase, order: 'created_at' },
  { key: 'riskAssessments', table: 'risk_assessments', by: byCase, order: 'created_at' },
  { key: 'identificationDecisions', table: 'identification_decisions', by: byCase, omit: ['decided_by'], order: 'created_at' },
  { key: 'consents', table: 'consents', by: byCase, order: 'created_at' },
  { key: 'referrals', table: 'referrals', by: byCase, order: 'sent_at' },
  { key: 'referralEvents', table: 'referral_events', by: (ids) => ({ column: 'referral_id', values: ids.referralIds }), order: 'at' },
  { key: 'serviceDeliveries', table: 'service_deliveries', by: byCase, order: 'delivered_on' },
  { key: 'sharing', table: 'case_grants', by: byCase, omit: ['reason'], order: 'created_at' },
  { key: 'transfers', table: 'case_transfers', by: byCase, omit: ['requested_by'], order: 'created_at' },
  { key: 'carePlan', table: 'care_plans', by: byCase },
  { key: 'needsAssessments', table: 'care_assessments', by: byCase, order: 'assessed_on' },
  { key: 'goals', table: 'care_goals', by: byCase, order: 'created_at' },
  { key: 'actions', table: 'care_actions', by: byCase, order: 'created_at' },
  { key: 'durableSteps', table: 'durable_steps', by: byCase, order: 'position' },
  { key: 'conferences', table: 'case_conferences', by: byCase, omit: ['participants_enc'], order: 'held_on' },
  { key: 'conferenceDecisions', table: 'conference_decisions', by: byCase, order: 'position' },
  { key: 'deadlines', table: 'tasks', by: byCase, order: 'due_at' },
  { key: 'proceedingsAsVictim', table: 'proceeding_victims', by: byCase, order: 'created_at' },
  { key: 'proceedings', table: 'proceedings', by: (ids) => ({ column: 'id', values: ids.proceedingIds }), omit: ['notes_enc'], order: 'complaint_on' },
  { key: 'hearings', table: 'hearings', by: (ids) => ({ column: 'proceeding_id', values: ids.proceedingIds }), order: 'scheduled_at' },
  { key: 'protectionMeasures', table: 'protection_measures', by: (ids) => ({ column: 'proceeding_victim_id', values: ids.victimIds }), order: 'requested_on' },
  { key: 'compensation', table: 'compensation_claims', by: byCase, order: 'filed_on' },
  { key: 'nonPunishment', table: 'non_punishment_records', by: byCase, order: 'accused_on' },
  { key: 'contactReveals', table: 'contact_reveals', by: byCase, order: 'at' },
  { key: 'subjectRequests', table: 'subject_requests', by: byCase, omit: ['decided_by'], order: 'received_on' },
];

const ENCRYPTED = new Map(ENCRYPTED_TEXT.map((t) => [t.table, new Set(t.columns)]));
const isOrgColumn = (c: string) => c === 'organisation_id' || c === 'org_id' || c.endsWith('_org_id');

function parseMaybeJson(v: string): unknown {
  const t = v.trimStart();
  if (!(t.startsWith('[') || t.startsWith('{'))) return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

/** One row as exported: encrypted columns decrypted (`_enc` dropped from the name), JSON parsed, organisations named. */
function exportRow(p: Platform, table: string, row: Row, omit: ReadonlySet<string>, orgs: Map<string, string>, subjectKey: Buffer | null = null): Row {
  const enc = ENCRYPTED.get(table);
  const out: Row = {};
  const open = (value: string, aad: string): unknown => {
    if (value === ERASED_VALUE) return null;
    // The person's own fields (and the history of their changes) are under the person's data key.
    if (value.startsWith(SUBJECT_PREFIX)) return subjectKey ? parseMaybeJson(p.subjects.decrypt(subjectKey, value, aad)) : null;
    return parseMaybeJson(p.keyring.decryptText(value, aad));
  };
  for (const [column, value] of Object.entries(row)) {
    if (NOT_ABOUT_THE_PERSON.has(column) || omit.has(column)) continue;
    if (enc?.has(column)) {
      out[column.replace(/_enc$/, '')] = typeof value === 'string' ? open(value, `${table}.${column}:${String(row.id)}`) : null;
    } else if (isOrgColumn(column) && typeof value === 'string') {
      out[column.replace(/_id$/, '')] = orgs.get(value) ?? value;
    } else out[column] = typeof value === 'string' ? parseMaybeJson(value) : value;
  }
  return out;
}

async function rowsOf(db: Db | Tx, table: string, column: string, values: string[], order?: string): Promise<Row[]> {
  if (values.length === 0) return [];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the table is one of SOURCES (typed above)
  let q = (db as Db as any).selectFrom(table).selectAll().where(column, 'in', values);
  if (order) q = q.orderBy(order);
  return (await q.execute()) as Row[];
}

/** `kind` of an audited action, for the person's reading: consulted, exported, recorded, changed. */
export function accessKind(action: string): 'read' | 'export' | 'create' | 'change' {
  if (/export|download/.test(action)) return 'export';
  if (/(\.|_)(read|list)$|reveal|history_read/.test(action)) return 'read';
  if (/(\.|_)create$/.test(action)) return 'create';
  return 'change';
}

/**
 * The export of a person (`personId`) for an access request recorded by organisation `orgId`: the person's
 * record, the cases that organisation manages (each with its records), and the audit entries about any of them.
 */
export async function buildAccessExport(
  p: Platform,
  db: Db | Tx,
  input: { orgId: string; personId: string; request: { id: string; receivedOn: string }; lang: TAccessExportLanguage },
): Promise<TAccessExport> {
  const person = (await rowsOf(db, 'persons', 'id', [input.personId]))[0]!;
  const cases = await db.selectFrom('cases').selectAll().where('person_id', '=', input.personId).where('managing_org_id', '=', input.orgId).orderBy('created_at').execute();

  // Every row first, so organisation names are read once.
  type Loaded = { c: Row; sections: { source: Source; rows: Row[] }[] };
  const loaded: Loaded[] = [];
  const touched = new Set<string>([input.personId]);
  for (const c of cases) {
    const ids: Ids = { caseId: c.id, referralIds: [], proceedingIds: [], victimIds: [] };
    const sections: Loaded['sections'] = [];
    for (const source of SOURCES) {
      const { column, values } = source.by(ids);
      const rows = await rowsOf(db, source.table, column, values, source.order);
      if (source.table === 'referrals') ids.referralIds = rows.map((r) => String(r.id));
      if (source.table === 'proceeding_victims') {
        ids.victimIds = rows.map((r) => String(r.id));
        ids.proceedingIds = [...new Set(rows.map((r) => String(r.proceeding_id)))];
      }
      for (const r of rows) if (typeof r.id === 'string') touched.add(r.id);
      sections.push({ source, rows });
    }
    touched.add(c.id);
    loaded.push({ c: c as unknown as Row, sections });
  }
  const personHistory = await db.selectFrom('record_history').selectAll().where('entity_type', '=', 'person').where('entity_id', '=', input.personId).orderBy('at').execute();

  const orgIds = new Set<string>([input.orgId]);
  const collect = (r: Row) => {
    for (const [k, v] of Object.entries(r)) if (isOrgColumn(k) && typeof v === 'string') orgIds.add(v);
  };
  collect(person);
  for (const l of loaded) {
    collect(l.c);
    for (const s of l.sections) s.rows.forEach(collect);
  }
  const accesses = await accessesOf(db, [...touched], [input.personId, ...cases.map((c) => c.id)]);
  for (const a of accesses) if (a.actor_org_id) orgIds.add(a.actor_org_id);
  const orgRows = await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', [...orgIds]).execute();
  const orgs = new Map(orgRows.map((o) => [o.id, o.name]));
  const none = new Set<string>();
  const personKey = typeof person.data_key_enc === 'string' ? p.subjects.unwrap(String(person.id), person.data_key_enc, `persons.data_key_enc:${String(person.id)}`) : null;

  return {
    format: 'opennrm.subject-access/1',
    generatedAt: nowIso(),
    language: input.lang,
    request: { id: input.request.id, receivedOn: input.request.receivedOn, organisation: orgs.get(input.orgId) ?? '' },
    person: exportRow(p, 'persons', person, none, orgs, personKey),
    personHistory: personHistory.map((h) => exportRow(p, 'record_history', h as unknown as Row, none, orgs, personKey)),
    cases: loaded.map((l) => ({
      reference: String(l.c.reference),
      case: exportRow(p, 'cases', l.c, none, orgs),
      sections: l.sections.map((s) => ({ key: s.source.key, records: s.rows.map((r) => exportRow(p, s.source.table, r, new Set(s.source.omit ?? []), orgs)) })),
    })),
    accesses: accesses.map((a) => ({
      at: a.at,
      organisation: a.actor_org_id ? (orgs.get(a.actor_org_id) ?? '') : '',
      roles: a.roles ? (JSON.parse(a.roles) as string[]) : [],
      action: a.action,
      kind: accessKind(a.action),
    })),
  };
}

/**
 * The audit entries about the person: on one of their records (`entity_id`), or naming the person or one of their
 * cases in their details (a list that showed their name, a referral of their case…). Only when, who (organisation
 * and the user's roles) and what: never the user, the address or the details, which can be about others.
 */
async function accessesOf(db: Db | Tx, recordIds: string[], mentioned: string[]) {
  const rows: { seq: number; at: string; actor_org_id: string | null; roles: string | null; action: string }[] = [];
  const seen = new Set<number>();
  const base = () => db.selectFrom('audit_log as a').leftJoin('users as u', 'u.id', 'a.actor_user_id').select(['a.seq', 'a.at', 'a.actor_org_id', 'u.roles', 'a.action']);
  const add = (found: typeof rows) => {
    for (const r of found) {
      if (seen.has(r.seq)) continue;
      seen.add(r.seq);
      rows.push(r);
    }
  };
  for (let i = 0; i < recordIds.length; i += 500) {
    add(await base().where('a.entity_id', 'in', recordIds.slice(i, i + 500)).execute());
  }
  for (const id of mentioned) {
    add(await base().where('a.details', 'like', `%${id}%`).execute());
  }
  return rows.sort((x, y) => x.seq - y.seq);
}
