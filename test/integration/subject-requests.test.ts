/**
 * The rights of the persons recorded (law 09-08) over HTTP, on SQLite and PostgreSQL: requests recorded, checked,
 * decided and answered with their legal deadline; a refusal needs a reason; only the managing organisation's case
 * workers and supervisors see them (another organisation: 404); the access export holds every field of the person
 * and their case and every audited access, and nothing about anyone else (another victim, a defendant), as JSON
 * and as a PDF read back with pdftotext; a restriction blocks a new referral and transfer (PROCESSING_RESTRICTED)
 * until lifted, except a child's referral to child protection; every step is audited.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, caseBody, createTestEnv, grant, localDay, userClient, type Client, type TestEnv } from '../support/harness';
import { newId, nowIso } from '../../src/server/platform/ids';
import { SOURCES } from '../../src/server/modules/subjectrights/subjectrights.export';
import { subjectRightsConfig } from '../../src/server/modules/subjectrights/subjectrights.config';
import { subjectRightsRepository } from '../../src/server/modules/subjectrights/subjectrights.repository';

function pdfText(pdf: Buffer): string {
  const raw = execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8');
  return raw.normalize('NFKC').replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ');
}

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

for (const dialect of DIALECTS) {
  describe(`requests from the person [${dialect}]`, () => {
    let env: TestEnv;
    let worker: Client;
    let supervisor: Client;
    let otherOrg: Client;
    let analyst: Client;
    let prosecutor: Client;
    let provider: Client;
    let caseId: string;
    let personId: string;
    let otherCaseId: string;
    let otherReference: string;
    let serviceId: string;
    let consentId: string;

    const base = (id = caseId) => `/api/v1/cases/${id}/subject-requests`;
    const create = (c: Client, body: unknown, id = caseId) => c.post(base(id), body);
    const actionsOf = async (entityId: string) =>
      (await env.p.db.selectFrom('audit_log').select('action').where('entity_id', '=', entityId).orderBy('seq').execute()).map((r) => r.action);

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      const { a, b } = env.orgs;
      const now = nowIso();
      const prosecution = newId();
      await env.p.db.insertInto('organisations').values({ id: prosecution, name: 'Parquet (droits)', type: 'prosecution', region_code: 'MA-04', active: 1, version: 1, created_at: now, updated_at: now }).execute();
      worker = await userClient(env, a, ['case_worker']);
      supervisor = await userClient(env, a, ['case_supervisor']);
      otherOrg = await userClient(env, b, ['case_worker']);
      analyst = await userClient(env, a, ['commission_analyst']);
      prosecutor = await userClient(env, prosecution, ['justice_liaison']);
      provider = await userClient(env, b, ['service_provider', 'org_admin']);

      const created = (await worker.post('/api/v1/cases', caseBody({ person: { givenNames: 'Samira', familyName: 'Requestera', aliases: ['Sami-R'], healthNotes: 'Asthme suivi.' }, story: 'Promesse de travail à Tanger.', notes: 'Note interne du dossier.' }))).json();
      caseId = created.id;
      personId = created.person.id;
      const other = (await worker.post('/api/v1/cases', caseBody({ person: { givenNames: 'Otherina', familyName: 'Secondvictim', aliases: ['Oto'] }, story: 'Autre histoire confidentielle.' }))).json();
      otherCaseId = other.id;
      otherReference = other.reference;

      // One proceeding with both victims and a named defendant.
      await grant(env, caseId, prosecution, ['identity']);
      await grant(env, otherCaseId, prosecution, ['identity']);
      const proceeding = (await prosecutor.post('/api/v1/justice/proceedings', { offences: ['448-2-labour'], stage: 'complaint', complaintOn: '2026-01-05' })).json();
      expect((await prosecutor.post(`/api/v1/justice/proceedings/${proceeding.id}/victims`, { caseId, roles: ['witness'] })).statusCode).toBe(200);
      expect((await prosecutor.post(`/api/v1/justice/proceedings/${proceeding.id}/victims`, { caseId: otherCaseId, roles: ['witness'] })).statusCode).toBe(200);
      const d = await prosecutor.post(`/api/v1/justice/proceedings/${proceeding.id}/defendants`, { givenNames: 'Kappa', familyName: 'Defendantname', sex: 'male', ageGroup: '25_34', roles: ['exploiter'], relationshipToVictim: 'employer' });
      expect(d.statusCode).toBeLessThan(300);
      await prosecutor.get(`/api/v1/justice/proceedings/${proceeding.id}`);

      // A service of organisation B and a sharing consent for it, for the restriction tests.
      serviceId = (await provider.post('/api/v1/services', { name: 'Foyer droits', type: 'emergency_shelter', regions: ['MA-06'], audience: 'all', languages: ['ar'], capacityTotal: 5 })).json().id;
      consentId = (await worker.post(`/api/v1/cases/${caseId}/consents`, { purpose: 'sharing', recipientOrganisationId: b, categories: ['identity'], method: 'oral', interpreterUsed: false, language: 'ar', givenBy: 'person', givenOn: '2026-01-01' })).json().id;
      await worker.get(`/api/v1/cases/${caseId}`);
      await worker.get(`/api/v1/cases/${otherCaseId}`);
    });
    afterAll(() => env.close());

    it('records, checks, decides and answers an access request, each step audited, with its legal deadline', async () => {
      const receivedOn = localDay(-2);
      const res = await create(worker, { kind: 'access', receivedOn });
      expect(res.statusCode).toBe(201);
      const r = res.json();
      expect(r).toMatchObject({ kind: 'access', status: 'received', receivedOn, dueOn: addDays(receivedOn, subjectRightsConfig().dueDays.access), daysLeft: subjectRightsConfig().dueDays.access - 2, overdue: false, personId });
      expect(r.actions).toEqual(['identity_check', 'decide']);

      const early = await worker.get(`${base()}/${r.id}/export?format=json`);
      expect(early.statusCode).toBe(400);
      expect(early.json().error.details.fields[0].code).toBe('identity_check_required');
      const grantEarly = await worker.post(`${base()}/${r.id}/decision`, { version: 1, status: 'granted' });
      expect(grantEarly.json().error.details.fields[0].code).toBe('identity_check_required');

      const checked = await supervisor.post(`${base()}/${r.id}/identity-check`, { version: 1, identityCheck: 'Vue en personne avec sa carte nationale.' });
      expect(checked.statusCode).toBe(200);
      expect(checked.json()).toMatchObject({ status: 'in_progress', identityCheck: 'Vue en personne avec sa carte nationale.', version: 2 });
      // Encrypted at rest.
      const row = await env.p.db.selectFrom('subject_requests').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
      expect(row.identity_check_enc).not.toContain('carte');

      const tooEarly = await worker.post(`${base()}/${r.id}/response`, { version: 2, sentOn: localDay() });
      expect(tooEarly.json().error.details.fields[0].code).toBe('request_not_decided');
      const stale = await worker.post(`${base()}/${r.id}/decision`, { version: 1, status: 'granted' });
      expect(stale.statusCode).toBe(409);
      const granted = await worker.post(`${base()}/${r.id}/decision`, { version: 2, status: 'granted' });
      expect(granted.json()).toMatchObject({ status: 'granted', actions: ['respond', 'export'] });
      const again = await worker.post(`${base()}/${r.id}/decision`, { version: 3, status: 'refused', reason: 'Deuxième décision.' });
      expect(again.json().error.details.fields[0].code).toBe('request_not_open');
      const before = await worker.post(`${base()}/${r.id}/response`, { version: 3, sentOn: addDays(receivedOn, -1) });
      expect(before.json().error.details.fields[0].code).toBe('response_before_receipt');
      const sent = await worker.post(`${base()}/${r.id}/response`, { version: 3, sentOn: localDay() });
      expect(sent.json()).toMatchObject({ responseSentOn: localDay(), daysLeft: null, overdue: false });

      const json = await worker.get(`${base()}/${r.id}/export?format=json&lang=fr`);
      expect(json.statusCode).toBe(200);
      expect(await actionsOf(r.id)).toEqual([
        'subject_request.create', 'subject_request.identity_check', 'subject_request.decide', 'subject_request.respond', 'subject_request.access_export',
      ]);
      const list = (await worker.get(base())).json();
      expect(list.items.map((i: { id: string }) => i.id)).toContain(r.id);
      const listed = await env.p.db.selectFrom('audit_log').select('action').where('entity_id', '=', caseId).where('action', '=', 'subject_request.list').execute();
      expect(listed.length).toBeGreaterThan(0);
    });

    it('refuses a refusal or a partial grant without a reason', async () => {
      const r = (await create(worker, { kind: 'erasure', receivedOn: localDay(), identityCheck: 'Vue en personne.' })).json();
      for (const status of ['refused', 'partly_granted']) {
        const res = await worker.post(`${base()}/${r.id}/decision`, { version: r.version, status });
        expect(res.statusCode).toBe(400);
        expect(res.json().error.details.fields).toEqual([expect.objectContaining({ path: 'reason', code: 'reason_required' })]);
      }
      const ok = await worker.post(`${base()}/${r.id}/decision`, { version: r.version, status: 'refused', reason: 'Procédure pénale en cours : les données sont nécessaires.' });
      expect(ok.json()).toMatchObject({ status: 'refused', decisionReason: 'Procédure pénale en cours : les données sont nécessaires.' });
      // A granted erasure only records the decision: the lifecycle code reads it from the hook.
      const e = (await create(worker, { kind: 'erasure', receivedOn: localDay(), identityCheck: 'Vue en personne.' })).json();
      expect((await worker.post(`${base()}/${e.id}/decision`, { version: e.version, status: 'granted' })).json().status).toBe('granted');
      expect((await subjectRightsRepository.grantedErasures(env.p.db)).map((x) => x.id)).toContain(e.id);
    });

    it('computes the deadline per kind: days left, and overdue when late', async () => {
      const late = (await create(worker, { kind: 'rectification', receivedOn: localDay(-40) })).json();
      const days = subjectRightsConfig().dueDays.rectification;
      expect(late).toMatchObject({ dueOn: addDays(localDay(-40), days), daysLeft: days - 40, overdue: true });
      expect((await subjectRightsRepository.personsWithOpenRequests(env.p.db, [personId])).has(personId)).toBe(true);
      const future = await create(worker, { kind: 'access', receivedOn: localDay(2) });
      expect(future.json().error.details.fields[0]).toMatchObject({ path: 'receivedOn', code: 'date_in_future' });
      // Withdrawn: no deadline any more.
      const w = (await worker.post(`${base()}/${late.id}/decision`, { version: 1, status: 'withdrawn' })).json();
      expect(w).toMatchObject({ status: 'withdrawn', daysLeft: null, overdue: false });
    });

    it('is the managing organisation’s: another organisation gets 404, other roles 403', async () => {
      const r = (await create(worker, { kind: 'access', receivedOn: localDay(), identityCheck: 'Vue en personne.' })).json();
      // Organisation B even holds a grant on the case: the register is still not theirs.
      await grant(env, caseId, env.orgs.b, ['identity', 'contact']);
      for (const res of [
        await otherOrg.get(base()),
        await create(otherOrg, { kind: 'access', receivedOn: localDay() }),
        await otherOrg.post(`${base()}/${r.id}/identity-check`, { version: 1, identityCheck: 'Tentative.' }),
        await otherOrg.post(`${base()}/${r.id}/decision`, { version: 1, status: 'withdrawn' }),
        await otherOrg.get(`${base()}/${r.id}/export?format=json`),
      ]) {
        expect(res.statusCode).toBe(404);
      }
      expect((await analyst.get(base())).statusCode).toBe(403);
      // A request id under another case of the organisation is not found either.
      expect((await worker.get(`${base(otherCaseId)}/${r.id}/export?format=json`)).statusCode).toBe(404);
    });

    it('exports every field held and every audited access of the person, and nothing about anyone else', async () => {
      const r = (await create(worker, { kind: 'access', receivedOn: localDay(), identityCheck: 'Vue en personne.' })).json();
      const res = await worker.get(`${base()}/${r.id}/export?format=json&lang=fr`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toContain('.json');
      const x = res.json();
      const text = JSON.stringify(x);
      // The person: identity, aliases, date of birth, contacts, documents, health.
      expect(x.person.identity).toMatchObject({ givenNames: 'Samira', familyName: 'Requestera', aliases: ['Sami-R'], dateOfBirth: '1999-03-14' });
      expect(x.person.contacts).toEqual([expect.objectContaining({ kind: 'phone', value: '+212600000001' })]);
      expect(x.person.documents[0].number).toMatch(/^AB\d+$/);
      expect(text).toContain('Asthme suivi.');
      // Every column of the person and the case row is there (encrypted ones under their name without `_enc`).
      const personRow = await env.p.db.selectFrom('persons').selectAll().where('id', '=', personId).executeTakeFirstOrThrow();
      for (const col of Object.keys(personRow).filter((c) => c !== 'version' && c !== 'data_key_enc')) expect(Object.keys(x.person), col).toContain(col.replace(/_enc$/, '').replace(/_org_id$/, '_org'));
      expect(Object.keys(x.person)).not.toContain('data_key');
      expect(x.cases).toHaveLength(1);
      const c = x.cases.find((k: { case: { id: string } }) => k.case.id === caseId);
      expect(c.case).toMatchObject({ story: 'Promesse de travail à Tanger.', notes: 'Note interne du dossier.' });
      expect(c.sections.map((s: { key: string }) => s.key)).toEqual(SOURCES.map((s) => s.key));
      const section = (key: string) => c.sections.find((s: { key: string }) => s.key === key).records;
      expect(section('forms').map((f: { form: string }) => f.form).sort()).toEqual(['forced_labour', 'servitude']);
      expect(section('places')).toHaveLength(2);
      expect(section('consents')[0]).toMatchObject({ purpose: 'sharing', categories: ['identity'] });
      expect(section('sharing').map((g: { organisation: string }) => g.organisation)).toContain('Parquet (droits)');
      expect(section('proceedings')).toHaveLength(1);
      expect(section('proceedingsAsVictim')).toHaveLength(1);
      expect(section('subjectRequests').length).toBeGreaterThan(0);
      // Nothing about anyone else: the other victim of the proceeding, their case, the defendant, the staff.
      for (const s of ['Otherina', 'Secondvictim', 'Autre histoire', otherReference, otherCaseId, 'Kappa', 'Defendantname', worker.email]) expect(text).not.toContain(s);
      expect(text).not.toContain(worker.userId);

      // Every audited access of the person's records is listed (when, organisation, role, action), and no other.
      const theirs = await env.p.db.selectFrom('audit_log').select(['at', 'action', 'entity_id']).where('entity_id', 'in', [caseId, personId]).execute();
      const listed = new Set(x.accesses.map((a: { at: string; action: string }) => `${a.at} ${a.action}`));
      for (const e of theirs) expect(listed, `${e.action}`).toContain(`${e.at} ${e.action}`);
      const readOfCase = x.accesses.find((a: { action: string }) => a.action === 'case.read');
      expect(readOfCase).toMatchObject({ organisation: expect.any(String), roles: ['case_worker'], kind: 'read' });
      expect(x.accesses.some((a: { action: string }) => a.action === 'justice.proceeding_read')).toBe(true);
      const others = await env.p.db.selectFrom('audit_log').select(['at', 'action']).where('entity_id', '=', otherCaseId).execute();
      for (const e of others) expect(listed).not.toContain(`${e.at} ${e.action}`);
      for (const a of x.accesses) expect(Object.keys(a).sort()).toEqual(['action', 'at', 'kind', 'organisation', 'roles']);

      // The export is itself audited, and the next export lists it.
      const audited = await env.p.db.selectFrom('audit_log').select(['details']).where('entity_id', '=', r.id).where('action', '=', 'subject_request.access_export').execute();
      expect(audited).toHaveLength(1);
      const next = (await worker.get(`${base()}/${r.id}/export?format=json`)).json();
      expect(next.accesses.some((a: { action: string }) => a.action === 'subject_request.access_export')).toBe(true);
    });

    it('gives a readable PDF in the person’s language (French, Arabic, Spanish)', async () => {
      const r = (await create(worker, { kind: 'access', receivedOn: localDay(), identityCheck: 'Vue en personne.' })).json();
      for (const [lang, title] of [['fr', 'Les informations conservées à votre sujet'], ['ar', 'المعلومات المحفوظة عنك'], ['es', 'La información que se conserva sobre usted']] as const) {
        const res = await worker.get(`${base()}/${r.id}/export?format=pdf&lang=${lang}`);
        expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        const text = pdfText(res.rawPayload);
        expect(text).toContain(title.normalize('NFKC'));
        expect(text).toContain('Samira');
        expect(text).toContain('Requestera');
        expect(text).toContain('Promesse de travail à Tanger.');
        expect(text).not.toContain('Defendantname');
        expect(text).not.toContain('Secondvictim');
      }
      const exports = await env.p.db.selectFrom('audit_log').select('details').where('entity_id', '=', r.id).where('action', '=', 'subject_request.access_export').execute();
      expect(exports.map((e) => JSON.parse(e.details).lang)).toEqual(['fr', 'ar', 'es']);
    }, 60_000);

    it('a restriction blocks a new referral and transfer with PROCESSING_RESTRICTED until it is lifted', async () => {
      const referral = () => worker.post(`/api/v1/cases/${caseId}/referrals`, { serviceId, urgency: 'normal', reason: 'Besoin d’un hébergement.', categories: ['identity'], consentId });
      const r = (await create(worker, { kind: 'restriction', receivedOn: localDay(), identityCheck: 'Vue en personne.' })).json();
      expect(r.restricts).toBe(true);
      expect((await worker.get(base())).json().restricted).toBe(true);
      const refused = await referral();
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toMatchObject({ code: 'PROCESSING_RESTRICTED', details: { what: 'referral', kinds: ['restriction'] } });
      expect(refused.json().error.message).toMatch(/limit/i);
      const transfer = await worker.post(`/api/v1/cases/${caseId}/transfers`, { toOrganisationId: env.orgs.b, reason: 'Transfert demandé.' });
      expect(transfer.json().error.code).toBe('PROCESSING_RESTRICTED');
      expect(await env.p.db.selectFrom('referrals').select('id').where('case_id', '=', caseId).execute()).toHaveLength(0);

      // Granted: still in force; lifted: sharing is possible again.
      const granted = (await worker.post(`${base()}/${r.id}/decision`, { version: r.version, status: 'granted' })).json();
      expect(granted.actions).toContain('lift');
      expect((await referral()).statusCode).toBe(409);
      const lifted = await worker.post(`${base()}/${r.id}/lift`, { version: granted.version });
      expect(lifted.json()).toMatchObject({ restricts: false, liftedAt: expect.any(String) });
      expect((await worker.post(`${base()}/${r.id}/lift`, { version: lifted.json().version })).json().error.details.fields[0].code).toBe('not_liftable');
      expect((await referral()).statusCode).toBe(201);
      expect((await worker.get(base())).json().restricted).toBe(false);
      expect(await actionsOf(r.id)).toEqual(['subject_request.create', 'subject_request.decide', 'subject_request.lift']);

      // An objection being examined blocks too; refusing it (with its reason) ends that.
      const o = (await create(worker, { kind: 'objection', receivedOn: localDay() })).json();
      expect((await worker.post(`/api/v1/cases/${caseId}/transfers`, { toOrganisationId: env.orgs.b, reason: 'Transfert demandé.' })).json().error.code).toBe('PROCESSING_RESTRICTED');
      await worker.post(`${base()}/${o.id}/decision`, { version: o.version, status: 'refused', reason: 'Motif légitime impérieux : protection de la personne.' });
      expect((await worker.get(base())).json().restricted).toBe(false);
    });

    it('keeps a child’s referral to child protection possible under a restriction (required by law)', async () => {
      const child = (await worker.post('/api/v1/cases', caseBody({ person: { dateOfBirth: localDay(-365 * 12) } }))).json();
      const childProtection = (await provider.post('/api/v1/services', { name: 'Protection de l’enfance', type: 'child_protection', regions: ['MA-06'], audience: 'all', languages: ['ar'], capacityTotal: 5 })).json().id;
      await create(worker, { kind: 'restriction', receivedOn: localDay() }, child.id);
      const res = await worker.post(`/api/v1/cases/${child.id}/referrals`, { serviceId: childProtection, urgency: 'urgent', reason: 'Enfant à protéger.', categories: ['identity'] });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().legalBasis).toBe('child_protection');
      const other = await worker.post(`/api/v1/cases/${child.id}/referrals`, { serviceId, urgency: 'normal', reason: 'Hébergement.', categories: ['identity'] });
      expect(other.statusCode).toBe(400); // no consent: the consent rule answers first
    });
  });
}
