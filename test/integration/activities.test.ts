/**
 * Prevention and partnership activities over HTTP on both databases: each register's create / update / list,
 * each bad input → its field code (and nothing written), wrong role 403, another organisation's record 404,
 * stale version 409, derived values (participant totals, expired agreements, response time), encrypted free
 * text, audit entries; and the year's summary against a hand-computed fixture.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestEnv, userClient, type Client, type TestEnv } from '../support/harness';
import { newId, nowIso } from '../../src/server/platform/ids';
import { activitiesService } from '../../src/server/modules/activities/activities.service';
import { countUnderOldKeys, reencryptAll } from '../../src/server/platform/keys';
import { addKeyToKeyringFile, loadKeyring } from '../../src/server/platform/crypto/keyring';

type Field = { path: string; code: string };
const fields = (res: { json: () => { error: { details: { fields: Field[] } } } }) => res.json().error.details.fields;
const codes = (res: { json: () => { error: { details: { fields: Field[] } } } }) => fields(res).map((f) => `${f.path}:${f.code}`);
const UNKNOWN = '0190a0b0-0000-7000-8000-000000000000';

for (const dialect of DIALECTS) {
  describe(`prevention and partnership activities [${dialect}]`, () => {
    let env: TestEnv;
    let secretariat: Client;
    let adminA: Client;
    let supervisorB: Client;
    let adminD: Client;
    let workerA: Client;
    let liaisonB: Client;
    let liaisonA: Client;
    let orgD: string;

    const campaign = (over: Record<string, unknown> = {}) => ({
      titleFr: 'Le travail forcé, parlons-en', titleAr: 'العمل القسري، لنتحدث عنه', theme: 'Travail forcé dans l’agriculture',
      audiences: ['migrant_workers', 'employers'], channels: ['radio', 'community_sessions'], regions: ['MA-06', 'MA-09'], languages: ['ar', 'fr'],
      startOn: '2025-03-01', endOn: '2025-05-31', organiserId: env.orgs.a, partnerIds: [env.orgs.b], peopleReached: 4200, actionId: 'PAN-2023-2030/A1.2',
      status: 'completed', description: 'Séances dans les exploitations agricoles avec un interprète.', ...over,
    });
    const training = (over: Record<string, unknown> = {}) => ({
      title: 'Identifier les victimes de traite', topics: ['identification_indicators', 'referral_mechanism'], startOn: '2025-10-06', endOn: '2025-10-08',
      regionCode: 'MA-01', organiserId: env.orgs.a, hours: 18,
      participants: [{ organisationType: 'police', women: 4, men: 11 }, { organisationType: 'ngo', women: 6, men: 2 }], description: null, ...over,
    });
    const agreement = (over: Record<string, unknown> = {}) => ({
      title: 'Convention de coopération pour l’accueil des victimes', parties: [{ organisationId: env.orgs.a }, { externalName: 'Ambassade de France', countryCode: 'FR' }],
      signedOn: '2025-02-10', effectiveFrom: '2025-03-01', effectiveTo: null, pillars: ['protection', 'partnerships'], status: 'in_force', description: null, ...over,
    });
    const cooperation = (over: Record<string, unknown> = {}) => ({
      direction: 'outgoing', type: 'mutual_legal_assistance', countryCode: 'ES', authority: 'Ministerio de Justicia', handlingOrganisationId: env.orgs.b,
      openedOn: '2025-04-01', subject: 'Demande d’entraide dans une enquête pour exploitation agricole', ...over,
    });

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      orgD = newId();
      const now = nowIso();
      await env.p.db.insertInto('organisations').values({ id: orgD, name: 'Ministère D', type: 'ministry', region_code: 'MA-04', active: 1, version: 1, created_at: now, updated_at: now }).execute();
      secretariat = await userClient(env, env.orgs.c, ['commission_analyst']);
      adminA = await userClient(env, env.orgs.a, ['org_admin']);
      supervisorB = await userClient(env, env.orgs.b, ['case_supervisor']);
      adminD = await userClient(env, orgD, ['org_admin']);
      workerA = await userClient(env, env.orgs.a, ['case_worker']);
      liaisonB = await userClient(env, env.orgs.b, ['justice_liaison']);
      liaisonA = await userClient(env, env.orgs.a, ['justice_liaison']);
    });
    afterAll(() => env.close());

    describe('awareness campaigns', () => {
      it('an organisation records its campaign with regions and partners; the partner sees it, cannot change it; others do not see it', async () => {
        const res = await adminA.post('/api/v1/activities/campaigns', campaign());
        expect(res.statusCode).toBe(201);
        const c = res.json();
        expect(c).toMatchObject({ version: 1, canEdit: true, regions: ['MA-06', 'MA-09'], organiser: { id: env.orgs.a }, partners: [{ id: env.orgs.b, name: 'Police B (Tanger)' }], peopleReached: 4200, status: 'completed' });
        expect(c.description).toBe('Séances dans les exploitations agricoles avec un interprète.');
        const stored = await env.p.db.selectFrom('campaigns').select('description_enc').where('id', '=', c.id).executeTakeFirstOrThrow();
        expect(stored.description_enc).not.toContain('interprète');

        const seen = (await supervisorB.get('/api/v1/activities/campaigns')).json().items;
        expect(seen.find((x: { id: string }) => x.id === c.id)).toMatchObject({ canEdit: false });
        expect((await supervisorB.patch(`/api/v1/activities/campaigns/${c.id}`, { version: 1, status: 'cancelled' })).statusCode).toBe(403);
        expect((await adminD.get('/api/v1/activities/campaigns')).json().items).toEqual([]);
        expect((await adminD.get(`/api/v1/activities/campaigns/${c.id}`)).statusCode).toBe(404);
        expect((await adminD.patch(`/api/v1/activities/campaigns/${c.id}`, { version: 1, status: 'cancelled' })).statusCode).toBe(404);
        expect((await workerA.get('/api/v1/activities/campaigns')).statusCode).toBe(403);
        expect((await workerA.post('/api/v1/activities/campaigns', campaign())).statusCode).toBe(403);
        expect((await liaisonA.get('/api/v1/activities/campaigns')).statusCode).toBe(403);
        expect((await secretariat.get(`/api/v1/activities/campaigns/${c.id}`)).json().canEdit).toBe(true);

        const upd = await adminA.patch(`/api/v1/activities/campaigns/${c.id}`, { version: 1, regions: ['MA-06'], partnerIds: [], peopleReached: 5000 });
        expect(upd.statusCode).toBe(200);
        expect(upd.json()).toMatchObject({ version: 2, regions: ['MA-06'], partners: [], peopleReached: 5000, theme: 'Travail forcé dans l’agriculture' });
        const stale = await adminA.patch(`/api/v1/activities/campaigns/${c.id}`, { version: 1, peopleReached: 1 });
        expect(stale.statusCode).toBe(409);
        expect(stale.json().error.details.currentVersion).toBe(2);
        // Saving without a change writes nothing (no new version, no audit entry).
        expect((await adminA.patch(`/api/v1/activities/campaigns/${c.id}`, { version: 2, peopleReached: 5000, regions: ['MA-06'] })).json().version).toBe(2);
        // No longer a partner: no longer visible.
        expect((await supervisorB.get(`/api/v1/activities/campaigns/${c.id}`)).statusCode).toBe(404);
        const audit = await env.p.db.selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', c.id).where('action', 'not like', 'access.%').orderBy('seq').execute();
        expect(audit.map((a) => a.action)).toEqual(['campaign.create', 'campaign.update']);
        expect(JSON.parse(audit[1]!.details).changed).toEqual(['regions', 'partnerIds', 'peopleReached']);
      });

      it('filters by year, status and region', async () => {
        const old = (await secretariat.post('/api/v1/activities/campaigns', campaign({ startOn: '2026-01-10', endOn: null, status: 'ongoing', regions: ['MA-03'], organiserId: orgD, partnerIds: [] }))).json();
        const y2026 = (await secretariat.get('/api/v1/activities/campaigns?year=2026')).json().items.map((x: { id: string }) => x.id);
        expect(y2026).toEqual([old.id]);
        const region = (await secretariat.get('/api/v1/activities/campaigns?region=MA-03')).json().items.map((x: { id: string }) => x.id);
        expect(region).toEqual([old.id]);
        const ongoing = (await secretariat.get('/api/v1/activities/campaigns?status=ongoing')).json().items;
        expect(ongoing.length).toBeGreaterThan(0);
        expect(ongoing.every((x: { status: string }) => x.status === 'ongoing')).toBe(true);
        expect((await secretariat.get('/api/v1/activities/campaigns?status=done')).statusCode).toBe(400);
      });

      it('each bad input names its field and code, and nothing is written', async () => {
        const before = (await env.p.db.selectFrom('campaigns').select('id').execute()).length;
        const bad = await adminA.post('/api/v1/activities/campaigns', campaign({ regions: ['MA-13'], languages: ['xx'], endOn: '2025-01-01', partnerIds: [UNKNOWN, env.orgs.a] }));
        expect(bad.statusCode).toBe(400);
        expect(codes(bad)).toEqual(expect.arrayContaining(['partnerIds.0:unknown_organisation', 'partnerIds.1:same_organisation', 'regions.0:unknown_region', 'languages.0:unknown_language', 'endOn:end_before_start']));
        expect(codes(await adminA.post('/api/v1/activities/campaigns', campaign({ organiserId: env.orgs.b })))).toContain('organiserId:other_organisation');
        expect(codes(await adminA.post('/api/v1/activities/campaigns', campaign({ status: 'planned', startOn: '2099-01-01', endOn: null, peopleReached: 10 })))).toContain('peopleReached:not_yet_held');
        expect(codes(await adminA.post('/api/v1/activities/campaigns', campaign({ status: 'completed', startOn: '2099-01-01', endOn: null, peopleReached: null })))).toContain('status:date_in_future');
        expect(fields(await adminA.post('/api/v1/activities/campaigns', campaign({ audiences: ['students', 'students'] })))[0]).toMatchObject({ path: 'audiences', code: 'duplicate_value' });
        expect(fields(await adminA.post('/api/v1/activities/campaigns', campaign({ channels: ['pigeons'] }))).map((f) => f.path)).toContain('channels.0');
        expect(fields(await adminA.post('/api/v1/activities/campaigns', campaign({ peopleReached: -1 }))).map((f) => f.path)).toContain('peopleReached');
        expect((await env.p.db.selectFrom('campaigns').select('id').execute()).length).toBe(before);
      });
    });

    describe('trainings', () => {
      it('records participants by organisation type × sex with computed totals; updates them; 409 when stale', async () => {
        const res = await adminA.post('/api/v1/activities/trainings', training());
        expect(res.statusCode).toBe(201);
        const t = res.json();
        expect(t.participants).toEqual([{ organisationType: 'police', women: 4, men: 11, total: 15 }, { organisationType: 'ngo', women: 6, men: 2, total: 8 }]);
        expect(t.totals).toEqual({ women: 10, men: 13, total: 23 });
        const upd = await adminA.patch(`/api/v1/activities/trainings/${t.id}`, { version: 1, participants: [{ organisationType: 'labour_inspection', women: 3, men: 3 }], hours: 12 });
        expect(upd.statusCode).toBe(200);
        expect(upd.json()).toMatchObject({ version: 2, hours: 12, totals: { women: 3, men: 3, total: 6 }, title: 'Identifier les victimes de traite' });
        expect((await adminA.patch(`/api/v1/activities/trainings/${t.id}`, { version: 1, hours: 3 })).statusCode).toBe(409);
        expect((await supervisorB.get(`/api/v1/activities/trainings/${t.id}`)).statusCode).toBe(404);
        expect((await supervisorB.patch(`/api/v1/activities/trainings/${t.id}`, { version: 2, hours: 3 })).statusCode).toBe(404);
        expect((await supervisorB.get('/api/v1/activities/trainings')).json().items).toEqual([]);
        expect((await workerA.post('/api/v1/activities/trainings', training())).statusCode).toBe(403);
        expect((await secretariat.get('/api/v1/activities/trainings?region=MA-01')).json().items.map((x: { id: string }) => x.id)).toContain(t.id);
        expect((await secretariat.get('/api/v1/activities/trainings?region=MA-02')).json().items).toEqual([]);
        const audit = await env.p.db.selectFrom('audit_log').select('action').where('entity_id', '=', t.id).where('action', 'not like', 'access.%').orderBy('seq').execute();
        expect(audit.map((a) => a.action)).toEqual(['training.create', 'training.update']);
      });

      it('totals are never typed; bad rows are named', async () => {
        const typed = await adminA.post('/api/v1/activities/trainings', training({ participants: [{ organisationType: 'police', women: 1, men: 1, total: 5 }] }));
        expect(typed.statusCode).toBe(400);
        expect(fields(typed).map((f) => f.path)).toContain('participants.0');
        const dup = await adminA.post('/api/v1/activities/trainings', training({ participants: [{ organisationType: 'police', women: 1, men: 0 }, { organisationType: 'police', women: 0, men: 2 }] }));
        expect(codes(dup)).toContain('participants.1.organisationType:duplicate_organisation_type');
        expect(codes(await adminA.post('/api/v1/activities/trainings', training({ participants: [{ organisationType: 'ngo', women: 0, men: 0 }] })))).toContain('participants:no_participants');
        expect(fields(await adminA.post('/api/v1/activities/trainings', training({ participants: [{ organisationType: 'ngo', women: -1, men: 0 }] }))).map((f) => f.path)).toContain('participants.0.women');
        expect(fields(await adminA.post('/api/v1/activities/trainings', training({ participants: [{ organisationType: 'bakery', women: 1, men: 0 }] }))).map((f) => f.path)).toContain('participants.0.organisationType');
        expect(codes(await adminA.post('/api/v1/activities/trainings', training({ startOn: '2099-01-01', endOn: '2099-01-02' })))).toContain('startOn:date_in_future');
        expect(codes(await adminA.post('/api/v1/activities/trainings', training({ endOn: '2025-10-01' })))).toContain('endOn:end_before_start');
        expect(codes(await adminA.post('/api/v1/activities/trainings', training({ regionCode: 'MA-99' })))).toContain('regionCode:unknown_region');
      });
    });

    describe('partnership agreements', () => {
      it('the secretariat records an agreement; a party organisation reads it; expiry is derived from the end date', async () => {
        const res = await secretariat.post('/api/v1/activities/agreements', agreement());
        expect(res.statusCode).toBe(201);
        const a = res.json();
        expect(a).toMatchObject({ status: 'in_force', recordedStatus: 'in_force', parties: [{ organisation: { id: env.orgs.a } }, { organisation: null, externalName: 'Ambassade de France', countryCode: 'FR' }] });
        const party = await adminA.get(`/api/v1/activities/agreements/${a.id}`);
        expect(party.json()).toMatchObject({ id: a.id, canEdit: false });
        expect((await adminA.patch(`/api/v1/activities/agreements/${a.id}`, { version: 1, status: 'terminated' })).statusCode).toBe(403);
        expect((await adminA.post('/api/v1/activities/agreements', agreement())).statusCode).toBe(403);
        expect((await supervisorB.get(`/api/v1/activities/agreements/${a.id}`)).statusCode).toBe(404);
        expect((await workerA.get('/api/v1/activities/agreements')).statusCode).toBe(403);

        const ended = await secretariat.patch(`/api/v1/activities/agreements/${a.id}`, { version: 1, effectiveTo: '2026-02-28' });
        expect(ended.json()).toMatchObject({ version: 2, status: 'expired', recordedStatus: 'in_force', effectiveTo: '2026-02-28' });
        expect((await secretariat.get('/api/v1/activities/agreements?status=expired')).json().items.map((x: { id: string }) => x.id)).toContain(a.id);
        expect((await secretariat.get('/api/v1/activities/agreements?status=in_force')).json().items.map((x: { id: string }) => x.id)).not.toContain(a.id);
        // "expired" is never typed.
        expect(fields(await secretariat.patch(`/api/v1/activities/agreements/${a.id}`, { version: 2, status: 'expired' })).map((f) => f.path)).toContain('status');
        expect((await secretariat.patch(`/api/v1/activities/agreements/${a.id}`, { version: 1, status: 'terminated' })).statusCode).toBe(409);
        const audit = await env.p.db.selectFrom('audit_log').select('action').where('entity_id', '=', a.id).where('action', 'not like', 'access.%').orderBy('seq').execute();
        expect(audit.map((x) => x.action)).toEqual(['agreement.create', 'agreement.update']);
      });

      it('keeps the signed document encrypted; the secretariat uploads or replaces it, a party downloads it, audited', async () => {
        const a = (await secretariat.post('/api/v1/activities/agreements', agreement())).json();
        const upload = (c: Client, content: Buffer, name = 'convention signée.pdf') => {
          const b = 'act-boundary';
          const body = Buffer.concat([
            Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
            content,
            Buffer.from(`\r\n--${b}--\r\n`),
          ]);
          return c.request('POST', `/api/v1/activities/agreements/${a.id}/document`, body, { 'content-type': `multipart/form-data; boundary=${b}` });
        };
        const pdf = Buffer.from('%PDF-1.4\nConvention-Marker\n%%EOF\n');
        expect((await adminA.get(`/api/v1/activities/agreements/${a.id}/document`)).statusCode).toBe(404);
        expect((await upload(adminA, pdf)).statusCode).toBe(403);
        expect((await upload(supervisorB, pdf)).statusCode).toBe(404);
        expect((await upload(secretariat, Buffer.from('just some text'))).statusCode).toBe(415);
        const res = await upload(secretariat, pdf);
        expect(res.statusCode).toBe(201);
        expect(res.json().document).toMatchObject({ fileName: 'convention signée.pdf', mimeType: 'application/pdf', sizeBytes: pdf.length });
        const stored = await env.p.db.selectFrom('agreement_documents').selectAll().where('agreement_id', '=', a.id).executeTakeFirstOrThrow();
        expect(Buffer.from(stored.content_enc).includes(Buffer.from('Convention-Marker'))).toBe(false);
        expect(stored.file_name_enc).not.toContain('convention');
        const read = await adminA.get(`/api/v1/activities/agreements/${a.id}/document`);
        expect(read.statusCode).toBe(200);
        expect(read.headers['content-type']).toBe('application/pdf');
        expect(read.rawPayload.equals(pdf)).toBe(true);
        expect((await supervisorB.get(`/api/v1/activities/agreements/${a.id}/document`)).statusCode).toBe(404);
        const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
        expect((await upload(secretariat, png, 'scan.png')).json().document).toMatchObject({ fileName: 'scan.png', mimeType: 'image/png' });
        expect((await env.p.db.selectFrom('agreement_documents').select('id').where('agreement_id', '=', a.id).execute()).length).toBe(1);
        const audit = await env.p.db.selectFrom('audit_log').select('action').where('entity_id', '=', a.id).where('action', 'not like', 'access.%').orderBy('seq').execute();
        expect(audit.map((x) => x.action)).toEqual(['agreement.create', 'agreement.document_upload', 'agreement.document_read', 'agreement.document_upload']);
      });

      it('names every bad party and date', async () => {
        const bad = await secretariat.post('/api/v1/activities/agreements', agreement({
          parties: [{ organisationId: UNKNOWN }, { externalName: 'Ministry of Interior', countryCode: 'ZZ' }, { organisationId: UNKNOWN }], status: 'signed', signedOn: null, effectiveFrom: '2025-03-01', effectiveTo: '2025-01-01',
        }));
        expect(codes(bad)).toEqual(expect.arrayContaining(['parties.0.organisationId:unknown_organisation', 'parties.1.countryCode:unknown_country', 'parties.2:duplicate_party', 'signedOn:required', 'effectiveTo:end_before_start']));
        expect(codes(await secretariat.post('/api/v1/activities/agreements', agreement({ parties: [{ externalName: 'OIM', countryCode: 'CH' }, { externalName: 'Ambassade', countryCode: 'FR' }] })))).toContain('parties:platform_party_required');
        expect(codes(await secretariat.post('/api/v1/activities/agreements', agreement({ signedOn: '2099-01-01' })))).toContain('signedOn:date_in_future');
        expect(fields(await secretariat.post('/api/v1/activities/agreements', agreement({ parties: [{ organisationId: env.orgs.a }] }))).map((f) => f.path)).toContain('parties');
      });
    });

    describe('international cooperation requests', () => {
      it('a justice liaison records a request of its organisation and follows its status; the response time is computed', async () => {
        const res = await liaisonB.post('/api/v1/activities/cooperation-requests', cooperation());
        expect(res.statusCode).toBe(201);
        const r = res.json();
        expect(r).toMatchObject({ status: 'sent', responseDays: null, canEdit: true, history: [{ fromStatus: null, toStatus: 'sent', on: '2025-04-01' }] });
        const stored = await env.p.db.selectFrom('cooperation_requests').select('subject_enc').where('id', '=', r.id).executeTakeFirstOrThrow();
        expect(stored.subject_enc).not.toContain('entraide');
        const ack = (await liaisonB.patch(`/api/v1/activities/cooperation-requests/${r.id}`, { version: 1, status: 'acknowledged', statusOn: '2025-04-15' })).json();
        expect(ack).toMatchObject({ version: 2, status: 'acknowledged', responseDays: 14 });
        const early = await liaisonB.patch(`/api/v1/activities/cooperation-requests/${r.id}`, { version: 2, status: 'executed', statusOn: '2025-04-10' });
        expect(codes(early)).toContain('statusOn:before_previous_stage');
        const done = (await liaisonB.patch(`/api/v1/activities/cooperation-requests/${r.id}`, { version: 2, status: 'executed', statusOn: '2025-06-30' })).json();
        expect(done.history.map((h: { toStatus: string; on: string }) => `${h.toStatus}@${h.on}`)).toEqual(['sent@2025-04-01', 'acknowledged@2025-04-15', 'executed@2025-06-30']);
        expect(done.responseDays).toBe(14);
        expect(codes(await liaisonB.patch(`/api/v1/activities/cooperation-requests/${r.id}`, { version: 3, status: 'withdrawn' }))).toContain('status:status_final');
        expect((await liaisonB.patch(`/api/v1/activities/cooperation-requests/${r.id}`, { version: 2, subject: 'Autre objet' })).statusCode).toBe(409);

        expect((await liaisonA.get(`/api/v1/activities/cooperation-requests/${r.id}`)).statusCode).toBe(404);
        expect((await liaisonA.get('/api/v1/activities/cooperation-requests')).json().items).toEqual([]);
        expect((await secretariat.get('/api/v1/activities/cooperation-requests?status=executed')).json().items.map((x: { id: string }) => x.id)).toEqual([r.id]);
        expect((await adminA.get('/api/v1/activities/cooperation-requests')).statusCode).toBe(403);
        expect((await supervisorB.post('/api/v1/activities/cooperation-requests', cooperation())).statusCode).toBe(403);
        const audit = await env.p.db.selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', r.id).where('action', 'not like', 'access.%').orderBy('seq').execute();
        expect(audit.map((x) => x.action)).toEqual(['cooperation.create', 'cooperation.update', 'cooperation.update']);
        expect(JSON.stringify(audit)).not.toContain('entraide');
      });

      it('names bad input', async () => {
        expect(codes(await liaisonA.post('/api/v1/activities/cooperation-requests', cooperation()))).toContain('handlingOrganisationId:other_organisation');
        expect(codes(await liaisonB.post('/api/v1/activities/cooperation-requests', cooperation({ countryCode: 'MA' })))).toContain('countryCode:foreign_country_required');
        expect(codes(await liaisonB.post('/api/v1/activities/cooperation-requests', cooperation({ countryCode: 'ZZ' })))).toContain('countryCode:unknown_country');
        expect(codes(await liaisonB.post('/api/v1/activities/cooperation-requests', cooperation({ openedOn: '2099-01-01' })))).toContain('openedOn:date_in_future');
        expect(fields(await liaisonB.post('/api/v1/activities/cooperation-requests', cooperation({ type: 'kidnapping' }))).map((f) => f.path)).toContain('type');
        expect(codes(await secretariat.post('/api/v1/activities/cooperation-requests', cooperation({ handlingOrganisationId: UNKNOWN })))).toContain('handlingOrganisationId:unknown_organisation');
      });
    });

    it('key rotation re-encrypts descriptions, subjects and agreement documents, and everything still reads', async () => {
      const a = (await secretariat.post('/api/v1/activities/agreements', agreement({ description: 'Rotation-Marker' }))).json();
      const b = 'rot';
      const pdf = Buffer.from('%PDF-1.4\nRotation\n%%EOF\n');
      await secretariat.request('POST', `/api/v1/activities/agreements/${a.id}/document`, Buffer.concat([
        Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="rotation.pdf"\r\n\r\n`), pdf, Buffer.from(`\r\n--${b}--\r\n`),
      ]), { 'content-type': `multipart/form-data; boundary=${b}` });
      const snapshot = async () => [
        (await secretariat.get('/api/v1/activities/campaigns')).json(), (await secretariat.get('/api/v1/activities/trainings')).json(),
        (await secretariat.get('/api/v1/activities/agreements')).json(), (await secretariat.get('/api/v1/activities/cooperation-requests')).json(),
        (await secretariat.get(`/api/v1/activities/agreements/${a.id}/document`)).rawPayload.toString('base64'),
      ];
      const before = await snapshot();
      const oldKey = env.p.keyring.activeKeyId;
      addKeyToKeyringFile(env.config.keyring.file);
      const rotator = { ...env.p, keyring: loadKeyring(env.config.keyring, () => undefined) };
      await reencryptAll(rotator, 3);
      expect(await countUnderOldKeys(rotator)).toBe(0);
      const doc = await env.p.db.selectFrom('agreement_documents').select(['content_enc', 'file_name_enc']).where('agreement_id', '=', a.id).executeTakeFirstOrThrow();
      expect(doc.file_name_enc.startsWith(`v1.${oldKey}.`)).toBe(false);
      expect(await snapshot()).toEqual(before);
    });

    it('summary of a year matches the hand-computed fixture', async () => {
      const y = 2024;
      // Campaigns: two count (the cancelled one and the one of 2023 do not).
      for (const c of [
        { audiences: ['general_public', 'migrant_workers'], channels: ['tv', 'radio'], peopleReached: 12000, startOn: `${y}-03-01`, endOn: `${y}-04-30` },
        { audiences: ['migrant_workers'], channels: ['social_media'], peopleReached: null, startOn: `${y}-10-01`, endOn: null },
        { audiences: ['students'], channels: ['schools'], peopleReached: null, startOn: `${y}-05-01`, endOn: null, status: 'cancelled' },
        { audiences: ['students'], channels: ['schools'], peopleReached: 300, startOn: '2023-12-01', endOn: `${y}-01-31` },
      ]) expect((await secretariat.post('/api/v1/activities/campaigns', campaign({ partnerIds: [], ...c }))).statusCode).toBe(201);
      for (const t of [
        { hours: 12, startOn: `${y}-02-01`, endOn: `${y}-02-02`, participants: [{ organisationType: 'police', women: 3, men: 9 }, { organisationType: 'ngo', women: 5, men: 1 }] },
        { hours: 6, startOn: `${y}-11-01`, endOn: `${y}-11-01`, participants: [{ organisationType: 'police', women: 2, men: 4 }, { organisationType: 'labour_inspection', women: 1, men: 0 }] },
        { hours: 30, startOn: '2023-11-01', endOn: '2023-11-05', participants: [{ organisationType: 'court', women: 7, men: 7 }] },
      ]) expect((await secretariat.post('/api/v1/activities/trainings', training(t))).statusCode).toBe(201);
      for (const a of [
        { status: 'in_force', signedOn: '2023-05-10', effectiveFrom: '2023-06-01', effectiveTo: '2026-06-01', pillars: ['prevention', 'protection'] }, // in force 31/12
        { status: 'signed', signedOn: `${y}-12-15`, effectiveFrom: '2025-01-01', effectiveTo: null, pillars: ['prosecution'] }, // not yet
        { status: 'in_force', signedOn: '2022-01-01', effectiveFrom: null, effectiveTo: `${y}-06-30`, pillars: ['prevention'] }, // ended
        { status: 'draft', signedOn: null, effectiveFrom: null, effectiveTo: null, pillars: ['prevention'] },
        { status: 'signed', signedOn: `${y}-02-01`, effectiveFrom: null, effectiveTo: null, pillars: ['partnerships'] }, // in force 31/12
      ]) expect((await secretariat.post('/api/v1/activities/agreements', agreement(a))).statusCode).toBe(201);
      const request = async (type: string, openedOn: string, steps: [string, string][]) => {
        let r = (await secretariat.post('/api/v1/activities/cooperation-requests', cooperation({ type, openedOn }))).json();
        for (const [status, statusOn] of steps) r = (await secretariat.patch(`/api/v1/activities/cooperation-requests/${r.id}`, { version: r.version, status, statusOn })).json();
        return r;
      };
      await request('mutual_legal_assistance', `${y}-01-10`, [['acknowledged', `${y}-01-20`], ['executed', `${y}-03-01`]]); // 10 days
      await request('mutual_legal_assistance', `${y}-02-01`, [['refused', `${y}-02-05`]]); // 4 days
      await request('information_exchange', `${y}-06-01`, [['in_progress', `${y}-07-01`]]); // 30 days
      await request('extradition', `${y}-09-01`, []); // no answer yet
      await request('extradition', '2025-01-01', [['refused', '2025-01-02']]); // another year

      const s = await env.p.db.transaction().execute((trx) => activitiesService.summary(trx, y));
      expect(s).toEqual({
        year: y,
        campaigns: { count: 2, byAudience: { general_public: 1, migrant_workers: 2 }, byChannel: { tv: 1, radio: 1, social_media: 1 }, peopleReached: 12000, withoutEstimate: 1 },
        trainings: {
          count: 2, hours: 18,
          participants: [{ organisationType: 'police', women: 5, men: 13, total: 18 }, { organisationType: 'labour_inspection', women: 1, men: 0, total: 1 }, { organisationType: 'ngo', women: 5, men: 1, total: 6 }],
          totals: { women: 11, men: 14, total: 25 },
        },
        agreements: { inForceAtYearEnd: 2, byPillar: { prevention: 1, protection: 1, partnerships: 1 } },
        cooperation: {
          count: 4,
          byTypeStatus: [
            { type: 'extradition', status: 'sent', count: 1 }, { type: 'information_exchange', status: 'in_progress', count: 1 },
            { type: 'mutual_legal_assistance', status: 'executed', count: 1 }, { type: 'mutual_legal_assistance', status: 'refused', count: 1 },
          ],
          medianResponseDays: 10,
        },
      });
      const empty = await env.p.db.transaction().execute((trx) => activitiesService.summary(trx, 2019));
      expect(empty).toMatchObject({ campaigns: { count: 0, peopleReached: 0 }, trainings: { count: 0, totals: { total: 0 } }, agreements: { inForceAtYearEnd: 0 }, cooperation: { count: 0, medianResponseDays: null } });
    });

    it('GET /activities/summary: the secretariat gets the service figures of the year; other roles 403; a bad year 400', async () => {
      const y = 2024;
      const expected = await env.p.db.transaction().execute((trx) => activitiesService.summary(trx, y));
      expect(expected.campaigns.count).toBeGreaterThan(0); // the fixture above: the comparison is not between two empty summaries
      const res = await secretariat.get(`/api/v1/activities/summary?year=${y}`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(expected);
      for (const other of [workerA, adminA, liaisonB]) expect((await other.get(`/api/v1/activities/summary?year=${y}`)).statusCode).toBe(403);
      const bad = await secretariat.get('/api/v1/activities/summary?year=1999');
      expect(bad.statusCode).toBe(400);
      expect(codes(bad)[0]).toMatch(/^querystring\.year:/);
    });
  });
}
