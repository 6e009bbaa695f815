/**
 * Anonymising a person: their identifying fields destroyed with their data key (crypto-shredding), every free
 * text of their cases removed, the coded facts the statistics count kept (sex, birth year, nationality, region,
 * dates, forms, statuses), so the commission's figures do not change. What else could single the person out
 * and is not counted (languages, health vulnerabilities, the exact days of the exploitation) is generalised.
 *
 * `SCRUB` lists every encrypted column of the tables that hang off a case: `null` columns are emptied, `erase`
 * columns (not nullable) get the erased marker. A unit test checks it against the list of every encrypted column
 * (platform/keys.ts), so a new column cannot be forgotten. An anonymised case is out of every working view
 * (platform/access.ts caseVisible), so nothing reads the erased markers back.
 */
import { sql } from 'kysely';
import type { Platform } from '../../platform/context';
import type { Tx } from '../../platform/db/database';
import { ERASED_VALUE } from '../../platform/crypto/keyring';
import { nowIso } from '../../platform/ids';
import { recordAudit } from '../../platform/audit';
import { deleteMatchTokens } from '../matching/matching.tokens';

type Scrub = { table: string; nullify?: string[]; erase?: string[] };

/** Case-linked tables (by `case_id`) and what anonymisation does to their encrypted columns. */
export const SCRUB: Scrub[] = [
  { table: 'cases', nullify: ['story_enc', 'notes_enc', 'journey_enc', 'debt_enc', 'recruitment_enc'] },
  { table: 'screenings', nullify: ['notes_enc'], erase: ['result_enc', 'answers_enc', 'conditions_enc'] },
  { table: 'risk_assessments', erase: ['assessment_enc'] },
  { table: 'identification_decisions', nullify: ['review_comment_enc', 'reconsideration_enc'], erase: ['reasons_enc'] },
  { table: 'consents', nullify: ['withdrawal_enc'], erase: ['details_enc'] },
  { table: 'referrals', nullify: ['message_enc'], erase: ['reason_enc'] },
  { table: 'service_deliveries', nullify: ['note_enc'] },
  { table: 'case_transfers', nullify: ['note_enc'], erase: ['reason_enc'] },
  { table: 'care_plans', nullify: ['durable_note_enc'] },
  { table: 'care_assessments', nullify: ['notes_enc'] },
  { table: 'care_goals', erase: ['text_enc'] },
  { table: 'care_actions', erase: ['title_enc'] },
  { table: 'durable_steps', nullify: ['note_enc'], erase: ['title_enc'] },
  { table: 'case_conferences', erase: ['participants_enc', 'minutes_enc'] },
  { table: 'conference_decisions', erase: ['text_enc'] },
  { table: 'compensation_claims', nullify: ['representative_enc'] },
  // The request itself stays (the organisation answered it: accountability); what was written in it goes.
  { table: 'subject_requests', nullify: ['identity_check_enc', 'decision_reason_enc'] },
];

/**
 * Encrypted columns anonymisation leaves, and why: the person's own (persons: handled by the key), rows
 * deleted outright (attachments, history values), or data that is not the victim's (accountability records,
 * defendants, the commission's own texts, user secrets).
 */
export const NOT_SCRUBBED: Record<string, string> = {
  persons: 'destroyed with the person\'s data key',
  attachments: 'deleted',
  record_history: 'values deleted',
  referral_events: 'notes emptied through their referral',
  users: 'staff accounts',
  proceedings: 'the justice record, kept under its own rule',
  proceeding_defendants: 'defendants, not the victim',
  contact_reveals: 'accountability: who revealed a contact and why',
  breaches: 'accountability: the breach log, about incidents, not about a person',
  report_sections: 'the commission\'s report',
  report_section_versions: 'the commission\'s report',
  campaigns: 'prevention work', trainings: 'prevention work', agreements: 'partnerships', agreement_documents: 'partnerships',
  cooperation_requests: 'partnerships', plan_reports: 'the action plan', plan_report_evidence: 'the action plan',
  export_jobs: 'statistics exports (disclosure-controlled), deleted under their own rule',
  person_links: 'not case-linked: anonymisePerson empties the reasons of the person\'s links itself',
};

/** Vulnerabilities kept after anonymisation: that the person was a child (counted, and not identifying). */
const KEPT_VULNERABILITIES = new Set(['child', 'unaccompanied_child']);

/**
 * Anonymises the person and all their cases in the caller's transaction. Returns the case ids. The caller
 * records the person in the erasure ledger once the transaction has committed (`afterErasure`).
 */
export async function anonymisePerson(p: Platform, trx: Tx, personId: string, reason: 'retention' | 'request'): Promise<string[]> {
  const now = nowIso();
  const person = await trx.selectFrom('persons').select(['id', 'vulnerabilities', 'version']).where('id', '=', personId).executeTakeFirst();
  if (!person) return [];
  const caseIds = (await trx.selectFrom('cases').select('id').where('person_id', '=', personId).execute()).map((c) => c.id);
  /* eslint-disable @typescript-eslint/no-explicit-any */
  const db = trx as any;
  if (caseIds.length) {
    for (const s of SCRUB) {
      const set: Record<string, unknown> = {};
      for (const c of s.nullify ?? []) set[c] = null;
      for (const c of s.erase ?? []) set[c] = ERASED_VALUE;
      await db.updateTable(s.table).set(set).where(s.table === 'cases' ? 'id' : 'case_id', 'in', caseIds).execute();
    }
    await trx.updateTable('referral_events').set({ note_enc: null }).where('referral_id', 'in', trx.selectFrom('referrals').select('id').where('case_id', 'in', caseIds)).execute();
    await trx.deleteFrom('attachments').where('case_id', 'in', caseIds).execute();
    await trx.deleteFrom('case_search').where('case_id', 'in', caseIds).execute();
    await trx.updateTable('case_grants').set({ revoked_at: now }).where('case_id', 'in', caseIds).where('revoked_at', 'is', null).execute();
    // The days of the exploitation generalised to its month (the statistics count years and months).
    for (const col of ['exploitation_started_on', 'exploitation_ended_on'] as const) {
      await trx
        .updateTable('cases')
        .set({ [col]: sql<string>`substr(${sql.ref(col)}, 1, 7) || '-01'` })
        .where('id', 'in', caseIds)
        .where(col, 'is not', null)
        .execute();
    }
    await trx.updateTable('cases').set({ anonymised_at: now, version: sql`version + 1` }).where('id', 'in', caseIds).execute();
  }
  /* eslint-enable @typescript-eslint/no-explicit-any */
  await trx.updateTable('record_history').set({ diff_enc: null }).where('entity_id', 'in', [personId, ...caseIds]).execute();
  // Nothing may find an erased person as a candidate again; their links stay (the person is still counted once,
  // modules/matching linkedGroupOf), without the free text written about them.
  await deleteMatchTokens(trx, personId);
  await trx.updateTable('person_links').set({ reason_enc: null }).where((eb) => eb.or([eb('from_person_id', '=', personId), eb('to_person_id', '=', personId)])).execute();
  const vulnerabilities = (JSON.parse(person.vulnerabilities) as string[]).filter((v) => KEPT_VULNERABILITIES.has(v));
  await trx
    .updateTable('persons')
    .set({
      identity_enc: ERASED_VALUE,
      contacts_enc: null,
      documents_enc: null,
      health_enc: null,
      data_key_enc: null,
      languages: '[]',
      vulnerabilities: JSON.stringify(vulnerabilities),
      interpreter_needed: 0,
      anonymised_at: now,
      version: person.version + 1,
      updated_at: now,
    })
    .where('id', '=', personId)
    .execute();
  await trx.insertInto('erasures').values({ person_id: personId, erased_at: now, reason }).onConflict((oc) => oc.column('person_id').doNothing()).execute();
  return caseIds;
}

/** After the transaction committed: the ledger outside the database, and the key out of memory. */
export function afterErasure(p: Platform, personIds: readonly string[]): void {
  p.erasures.record(personIds);
  for (const id of personIds) p.subjects.forget(id);
}

/**
 * At start: a database restored from a backup taken before an erasure still holds the person. Every person the
 * ledger lists who is not anonymised in the database is anonymised again, before anything is served; and the
 * database's own list (`erasures`) fills the ledger of a server that did not have it.
 */
export async function reapplyErasures(p: Platform): Promise<{ reapplied: number }> {
  const inDb = (await p.db.selectFrom('erasures').select('person_id').execute()).map((r) => r.person_id);
  p.erasures.record(inDb);
  const listed = p.erasures.all();
  let reapplied = 0;
  for (let i = 0; i < listed.length; i += 500) {
    const chunk = listed.slice(i, i + 500);
    const back = await p.db.selectFrom('persons').select('id').where('id', 'in', chunk).where('anonymised_at', 'is', null).execute();
    for (const row of back) {
      await p.db.transaction().execute(async (trx) => {
        await anonymisePerson(p, trx, row.id, 'retention');
        await recordAudit(p, trx, null, { action: 'retention.anonymise', entityType: 'person', entityId: row.id, details: { reapplied: 'restored database' } });
      });
      reapplied += 1;
    }
  }
  return { reapplied };
}
