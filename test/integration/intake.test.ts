/**
 * Intake (issue 13): languages as ISO 639-3 with names in fr/ar/en, the journey as ordered legs with the debt
 * and the recruitment (the exploitation story: encrypted, shared only with that category), and the age as a
 * range with how it was assessed (the child presumption holds until an assessment decides; an estimated age is
 * anchored to the identification date, so the statistics count the person in the right age group).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, caseBody, createTestEnv, grant, userClient, type Client, type TestEnv } from '../support/harness';
import { newId, nowIso } from '../../src/server/platform/ids';
import { mapLanguageCodes } from '../../src/server/platform/db/migrations/2026-12-07T02-00-intake';
import { rawBreakdown } from '../../src/server/modules/statistics/statistics.service';
import { personsService } from '../../src/server/modules/persons/persons.service';

type Item = { code: string; label: string };
const fields = (res: { json: () => { error: { details: { fields: { path: string; code: string }[] } } } }) =>
  res.json().error.details.fields.map((f) => `${f.path}:${f.code}`);

const JOURNEY = [
  { fromCountry: 'NG', fromCity: 'Benin City', toCountry: 'NE', toCity: 'Agadez', departedOn: '2025-03-01', arrivedOn: '2025-03-06', transport: 'bus', controlledBy: 'recruiter', controllerDetails: 'Madam J., who paid the tickets' },
  { fromCountry: 'NE', toCountry: 'DZ', toCity: 'Tamanrasset', departedOn: '2025-03-20', arrivedOn: '2025-03-24', transport: 'truck', controlledBy: 'smuggler' },
  { fromCountry: 'DZ', toCountry: 'MA', toCity: 'Oujda', departedOn: '2025-05-02', transport: 'on_foot', controlledBy: 'exploiter', notes: 'Crossed at night with six other women.' },
];
const DEBT = { amount: 35000.5, currency: 'EUR', owedTo: 'exploiter', owedToDetails: 'Madam J.', notes: 'Repaid through sex work, doubled when she refused.' };
const RECRUITMENT = { recruitedBy: 'acquaintance', recruiterDetails: 'A neighbour of her aunt', method: 'job_offer', promise: 'Work as a hairdresser in Spain', country: 'NG', recruitedOn: '2025-01-15' };

for (const dialect of DIALECTS) {
  describe(`intake [${dialect}]`, () => {
    let env: TestEnv;
    let worker: Client; // case worker, organisation A (manages the cases)
    let identityOnly: Client; // organisation B, a grant of `identity` only
    let storyReader: Client; // a third organisation, a grant of `exploitation_story`
    let storyOrg: string;

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      worker = await userClient(env, env.orgs.a, ['case_worker']);
      identityOnly = await userClient(env, env.orgs.b, ['first_responder']);
      storyOrg = newId();
      const now = nowIso();
      await env.p.db.insertInto('organisations').values({ id: storyOrg, name: 'Legal aid D', type: 'ngo', region_code: 'MA-06', active: 1, version: 1, created_at: now, updated_at: now }).execute();
      storyReader = await userClient(env, storyOrg, ['service_provider']);
    });
    afterAll(() => env.close());

    describe('languages as ISO 639-3', () => {
      it('serves every ISO 639-3 language labelled in fr, ar and en, the common ones first', async () => {
        const expected: Record<string, Record<'fr' | 'ar' | 'en', string>> = {
          pcm: { fr: 'pidgin nigérian', ar: 'البدجنية النيجيرية', en: 'Nigerian Pidgin' },
          bin: { fr: 'édo (bini)', ar: 'الإيدو (البينية)', en: 'Edo (Bini)' },
          rif: { fr: 'tarifit (rifain)', ar: 'تاريفيت (الريفية)', en: 'Riffian' },
          ary: { fr: 'arabe marocain (darija)', ar: 'العربية المغربية (الدارجة)', en: 'Moroccan Arabic' },
          wol: { fr: 'wolof', ar: 'الولوفية', en: 'Wolof' },
        };
        for (const lang of ['fr', 'ar', 'en'] as const) {
          const res = await worker.get(`/api/v1/reference?lang=${lang}`);
          expect(res.statusCode).toBe(200);
          const body = res.json() as { languages: Item[]; commonLanguages: string[] };
          expect(body.languages.length).toBeGreaterThan(7800);
          const byCode = new Map(body.languages.map((l) => [l.code, l.label]));
          expect(byCode.size).toBe(body.languages.length);
          for (const code of ['bin', 'pcm', 'bam', 'wol', 'tir', 'tzm', 'shi', 'rif', 'kab', 'zgh', 'fra', 'ara']) expect(byCode.get(code), `${lang} ${code}`).toBeTruthy();
          for (const [code, labels] of Object.entries(expected)) expect(byCode.get(code), `${lang} ${code}`).toBe(labels[lang]);
          // Without an ICU name (nor a correction in languages.json), the English name of ISO 639-3.
          expect(byCode.get('gkp')).toBe('Guinea Kpelle');
          // No two-letter codes any more, and no two choices with the same label.
          expect(body.languages.some((l) => l.code.length !== 3)).toBe(false);
          expect(new Set(body.languages.map((l) => l.label.toLocaleLowerCase(lang))).size).toBe(body.languages.length);
          // Most used first, in the listed order; then alphabetical.
          expect(body.languages.slice(0, body.commonLanguages.length).map((l) => l.code)).toEqual(body.commonLanguages);
          expect(body.commonLanguages.slice(0, 3)).toEqual(['ara', 'ary', 'zgh']);
          const rest = body.languages.slice(body.commonLanguages.length, body.commonLanguages.length + 50).map((l) => l.label);
          expect(rest).toEqual([...rest].sort(new Intl.Collator(lang).compare));
        }
      });

      it('records the languages two-letter codes could not express, and turns two-letter codes into their ISO 639-3 equivalent', async () => {
        const res = await worker.post('/api/v1/cases', caseBody({ person: { languages: ['bin', 'pcm', 'en'], nationalities: ['NG'] } }));
        expect(res.statusCode, res.body).toBe(201);
        expect(res.json().person.languages).toEqual(['bin', 'pcm', 'eng']);
        const stored = await env.p.db.selectFrom('persons').select('languages').where('id', '=', res.json().person.id).executeTakeFirstOrThrow();
        expect(JSON.parse(stored.languages)).toEqual(['bin', 'pcm', 'eng']);
        const patched = await worker.patch(`/api/v1/persons/${res.json().person.id}`, { version: 1, languages: ['tzm', 'shi', 'rif', 'zgh', 'kab', 'ar'] });
        expect(patched.statusCode, patched.body).toBe(200);
        expect(patched.json().person.languages).toEqual(['tzm', 'shi', 'rif', 'zgh', 'kab', 'ara']);

        const unknown = await worker.post('/api/v1/cases', caseBody({ person: { languages: ['qqq'] } }));
        expect(unknown.statusCode).toBe(400);
        expect(fields(unknown)).toEqual(['person.languages.0:unknown_language']);
        const malformed = await worker.post('/api/v1/cases', caseBody({ person: { languages: ['Wolof'] } }));
        expect(malformed.statusCode).toBe(400);
        expect(fields(malformed)[0]).toMatch(/^person\.languages\.0:/);
        // The special codes are not languages a person speaks.
        expect((await worker.post('/api/v1/cases', caseBody({ person: { languages: ['und'] } }))).statusCode).toBe(400);
      });

      it('keeps the directory on the same codes: a service in Wolof and French is found by either spelling of French', async () => {
        const admin = await userClient(env, storyOrg, ['org_admin']);
        const svc = await admin.post('/api/v1/services', { name: 'Legal aid in Wolof', type: 'legal_aid', regions: ['MA-06'], audience: 'all', languages: ['wol', 'fr'] });
        expect(svc.statusCode, svc.body).toBe(201);
        expect(svc.json().languages.sort()).toEqual(['fra', 'wol']);
        for (const lang of ['fr', 'fra', 'wol']) {
          const found = (await worker.get(`/api/v1/services?language=${lang}`)).json().items.map((s: { id: string }) => s.id);
          expect(found, lang).toContain(svc.json().id);
        }
        expect((await worker.get('/api/v1/services?language=pcm')).json().items.map((s: { id: string }) => s.id)).not.toContain(svc.json().id);
      });

      it('maps stored two-letter codes to ISO 639-3 in persons, services, consents and campaigns (the migration)', async () => {
        const c = (await worker.post('/api/v1/cases', caseBody())).json();
        const admin = await userClient(env, storyOrg, ['org_admin']);
        const svc = (await admin.post('/api/v1/services', { name: 'Shelter (migration)', type: 'emergency_shelter', regions: ['MA-06'], audience: 'all', languages: ['ar'] })).json();
        const consent = await worker.post(`/api/v1/cases/${c.id}/consents`, { purpose: 'assistance', categories: ['identity'], method: 'oral', interpreterUsed: true, language: 'ar', givenBy: 'person', givenOn: '2026-01-01' });
        expect(consent.statusCode, consent.body).toBe(201);
        const secretariat = await userClient(env, env.orgs.c, ['commission_analyst']);
        const campaign = await secretariat.post('/api/v1/activities/campaigns', {
          titleFr: 'Campagne', titleAr: 'حملة', theme: 'Traite', audiences: ['general_public'], channels: ['tv'], regions: ['MA-04'], languages: ['ar'],
          startOn: '2025-01-01', endOn: null, organiserId: env.orgs.c, partnerIds: [], peopleReached: null, actionId: null, status: 'ongoing', description: null,
        });
        expect(campaign.statusCode, campaign.body).toBe(201);

        // Rows as the previous version stored them: two-letter codes (and an unknown one left alone).
        await env.p.db.updateTable('persons').set({ languages: '["ar","fr","bm","xx"]' }).where('id', '=', c.person.id).execute();
        await env.p.db.deleteFrom('service_languages').where('service_id', '=', svc.id).execute();
        await env.p.db.insertInto('service_languages').values([{ service_id: svc.id, language: 'ar' }, { service_id: svc.id, language: 'wo' }]).execute();
        await env.p.db.updateTable('consents').set({ language: 'ar' }).where('id', '=', consent.json().id).execute();
        await env.p.db.updateTable('campaigns').set({ languages: '["ar","fr"]' }).where('id', '=', campaign.json().id).execute();

        await mapLanguageCodes(env.p.db);
        await mapLanguageCodes(env.p.db); // a second run changes nothing

        const person = await env.p.db.selectFrom('persons').select('languages').where('id', '=', c.person.id).executeTakeFirstOrThrow();
        expect(JSON.parse(person.languages)).toEqual(['ara', 'fra', 'bam', 'xx']);
        const rows = await env.p.db.selectFrom('service_languages').select('language').where('service_id', '=', svc.id).orderBy('language').execute();
        expect(rows.map((r) => r.language)).toEqual(['ara', 'wol']);
        expect((await env.p.db.selectFrom('consents').select('language').where('id', '=', consent.json().id).executeTakeFirstOrThrow()).language).toBe('ara');
        expect(JSON.parse((await env.p.db.selectFrom('campaigns').select('languages').where('id', '=', campaign.json().id).executeTakeFirstOrThrow()).languages)).toEqual(['ara', 'fra']);
        // Other tables' two-letter values are interface languages and stay as they are.
        const user = await env.p.db.selectFrom('users').select('language').where('id', '=', worker.userId).executeTakeFirstOrThrow();
        expect(user.language).toBe('fr');
        // And the migrated records read back normally.
        expect((await worker.get(`/api/v1/persons/${c.person.id}`)).json().person.languages).toEqual(['ara', 'fra', 'bam', 'xx']);
        expect((await worker.get(`/api/v1/services?language=wol`)).json().items.map((s: { id: string }) => s.id)).toContain(svc.id);
      });

      it('keeps the information sheet on its own template codes, whatever the person speaks', async () => {
        const c = (await worker.post('/api/v1/cases', caseBody({ person: { languages: ['spa', 'ara'] } }))).json();
        expect(c.person.languages).toEqual(['spa', 'ara']);
        const codes = (await worker.get('/api/v1/information-sheet/languages')).json().items.map((i: { code: string }) => i.code);
        expect(codes).toEqual(['ar', 'en', 'es', 'fr']);
        const sheet = await worker.get(`/api/v1/cases/${c.id}/information-sheet?lang=es`);
        expect(sheet.statusCode).toBe(200);
        expect((await worker.get(`/api/v1/cases/${c.id}/information-sheet?lang=spa`)).statusCode).toBe(400);
      });
    });

    describe('the journey, the debt and the recruitment', () => {
      let caseId: string;

      beforeAll(async () => {
        const res = await worker.post('/api/v1/cases', caseBody({ person: { nationalities: ['NG'], languages: ['bin'] }, journey: JOURNEY, debt: DEBT, recruitment: RECRUITMENT }));
        expect(res.statusCode, res.body).toBe(201);
        caseId = res.json().id;
        await grant(env, caseId, env.orgs.b, ['identity']);
        await grant(env, caseId, storyOrg, ['exploitation_story']);
      });

      it('records the journey as ordered legs, with the debt and the recruitment, and reads them back', async () => {
        const c = (await worker.get(`/api/v1/cases/${caseId}`)).json();
        expect(c.journey).toEqual(JOURNEY);
        expect(c.debt).toEqual(DEBT);
        expect(c.recruitment).toEqual(RECRUITMENT);
        const plain = (await worker.post('/api/v1/cases', caseBody())).json();
        expect(plain).toMatchObject({ journey: [], debt: null, recruitment: null });
      });

      it('encrypts them like the story', async () => {
        const row = await env.p.db.selectFrom('cases').select(['journey_enc', 'debt_enc', 'recruitment_enc']).where('id', '=', caseId).executeTakeFirstOrThrow();
        const stored = JSON.stringify(row);
        for (const secret of ['Benin City', 'Agadez', 'Madam J.', 'hairdresser', '35000', 'smuggler']) expect(stored).not.toContain(secret);
        expect(row.journey_enc && row.debt_enc && row.recruitment_enc).toBeTruthy();
      });

      it('shares them only with the exploitation_story category', async () => {
        const withoutStory = await identityOnly.get(`/api/v1/cases/${caseId}`);
        expect(withoutStory.statusCode).toBe(200);
        const hidden = withoutStory.json();
        expect(hidden.person.identity).toBeDefined();
        for (const key of ['journey', 'debt', 'recruitment', 'story', 'places']) expect(hidden, key).not.toHaveProperty(key);
        const withStory = (await storyReader.get(`/api/v1/cases/${caseId}`)).json();
        expect(withStory.journey).toEqual(JOURNEY);
        expect(withStory.debt).toEqual(DEBT);
        expect(withStory.recruitment).toEqual(RECRUITMENT);
        expect(withStory.person).not.toHaveProperty('identity');
      });

      it('refuses unknown countries and currencies, dates in the wrong order or in the future, and a shapeless leg', async () => {
        const bad = await worker.post('/api/v1/cases', caseBody({
          journey: [
            { toCountry: 'XX', departedOn: '2025-02-10', arrivedOn: '2025-02-01' },
            { toCountry: 'MA', departedOn: '2025-01-05' },
            { toCountry: 'MA', arrivedOn: '2999-01-01' },
          ],
          debt: { amount: 100, currency: 'XYZ', owedTo: 'employer' },
          recruitment: { recruitedBy: 'stranger', country: 'QQ' },
        }));
        expect(bad.statusCode).toBe(400);
        expect(fields(bad).sort()).toEqual([
          'debt.currency:unknown_currency',
          'journey.0.arrivedOn:end_before_start',
          'journey.0.toCountry:unknown_country',
          'journey.1.departedOn:leg_out_of_order',
          'journey.2.arrivedOn:date_in_future',
          'recruitment.country:unknown_country',
        ]);
        const noCurrency = await worker.post('/api/v1/cases', caseBody({ debt: { amount: 100, owedTo: 'employer' } }));
        expect(fields(noCurrency)).toEqual(['debt.currency:required']);
        const noCountry = await worker.post('/api/v1/cases', caseBody({ journey: [{ toCity: 'Oujda' } as never] }));
        expect(noCountry.statusCode).toBe(400);
        expect(fields(noCountry)[0]).toMatch(/^journey\.0\.toCountry:/);
        const extra = await worker.post('/api/v1/cases', caseBody({ debt: { owedTo: 'employer', interest: 10 } as never }));
        expect(extra.statusCode).toBe(400);
        // Nothing was written by the refused registrations.
        expect(Number((await env.p.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).where('journey_enc', 'is not', null).executeTakeFirstOrThrow()).n)).toBe(1);
      });

      it('edits them: the journey is replaced as a whole, the debt cleared with null, with history and version checks', async () => {
        const before = (await worker.get(`/api/v1/cases/${caseId}`)).json();
        const shorter = [JOURNEY[0], { ...JOURNEY[2], fromCountry: 'NE' }];
        const res = await worker.patch(`/api/v1/cases/${caseId}`, { version: before.version, journey: shorter, debt: null, recruitment: { ...RECRUITMENT, method: 'online' } });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().journey).toEqual(shorter);
        expect(res.json().debt).toBeNull();
        expect(res.json().recruitment.method).toBe('online');
        expect(res.json().story).toBe(before.story);
        const history = (await worker.get(`/api/v1/cases/${caseId}/history`)).json().items;
        expect(history[0].changedFields.sort()).toEqual(['debt', 'journey', 'recruitment']);
        const stale = await worker.patch(`/api/v1/cases/${caseId}`, { version: before.version, journey: [] });
        expect(stale.statusCode).toBe(409);
        expect((await worker.get(`/api/v1/cases/${caseId}`)).json().journey).toEqual(shorter);
        const row = await env.p.db.selectFrom('cases').select(['debt_enc']).where('id', '=', caseId).executeTakeFirstOrThrow();
        expect(row.debt_enc).toBeNull();
      });
    });

    describe('age as a range with its assessment', () => {
      const register = async (person: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
        const res = await worker.post('/api/v1/cases', caseBody({ person: { dateOfBirth: undefined, ...person }, ...extra }));
        expect(res.statusCode, res.body).toBe(201);
        return res.json();
      };
      const childIds = async () => (await worker.get('/api/v1/cases?child=true&limit=100')).json().items.map((i: { id: string }) => i.id);

      it('treats a range reaching under 18 as a child until an assessment decides', async () => {
        const c = await register({ ageRange: { min: 16, max: 19 }, ageAssessment: { method: 'self_declared' } });
        expect(c.person).toMatchObject({ treatedAsChild: true, ageUncertain: true, ageGroup: 'child' });
        expect(c.person.identity.ageRange).toEqual({ min: 16, max: 19 });
        expect(c.person.identity.ageAssessment).toEqual({ method: 'self_declared' });
        expect(await childIds()).toContain(c.id);

        // A professional's estimate does not decide either.
        let res = await worker.patch(`/api/v1/persons/${c.person.id}`, { version: 1, ageAssessment: { method: 'professional_estimate', assessedOn: '2026-01-10' } });
        expect(res.json().person).toMatchObject({ treatedAsChild: true, ageUncertain: true });

        // A medical assessment sets the age at 20–23: an adult from then on.
        res = await worker.patch(`/api/v1/persons/${c.person.id}`, { version: 2, ageRange: { min: 20, max: 23 }, ageAssessment: { method: 'medical_assessment', assessedOn: '2026-02-01' } });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().person).toMatchObject({ treatedAsChild: false, ageUncertain: false, ageGroup: 'adult' });
        expect(await childIds()).not.toContain(c.id);

        // Withdrawing the assessment brings the presumption back only if the range still reaches under 18.
        res = await worker.patch(`/api/v1/persons/${c.person.id}`, { version: 3, ageRange: { min: 17, max: 19 }, ageAssessment: null });
        expect(res.json().person).toMatchObject({ treatedAsChild: true, ageUncertain: true });
      });

      it('keeps the benefit of the doubt after an assessment whose range still reaches under 18', async () => {
        const c = await register({ ageRange: { min: 16, max: 19 }, ageAssessment: { method: 'social_assessment' } });
        expect(c.person).toMatchObject({ ageUncertain: false, treatedAsChild: true, ageGroup: 'child' });
      });

      it('ends the presumption of an age marked uncertain when documents decide it', async () => {
        const c = await register({ estimatedAge: 25, ageUncertain: true });
        expect(c.person.treatedAsChild).toBe(true);
        const res = await worker.patch(`/api/v1/persons/${c.person.id}`, { version: 1, ageAssessment: { method: 'documents' } });
        expect(res.json().person).toMatchObject({ treatedAsChild: false, ageUncertain: false, ageGroup: 'adult' });
        // The uncertainty the user marked is kept: without the documents, the presumption is back.
        const back = await worker.patch(`/api/v1/persons/${c.person.id}`, { version: 2, ageAssessment: null });
        expect(back.json().person).toMatchObject({ treatedAsChild: true, ageUncertain: true });
        // A range entirely over 18, without an assessment, is an adult.
        const adult = await register({ ageRange: { min: 25, max: 30 } });
        expect(adult.person).toMatchObject({ treatedAsChild: false, ageUncertain: false, ageGroup: 'adult' });
      });

      it('refuses an inverted range, an estimate outside the range, an unknown method and an assessment in the future', async () => {
        const inverted = await worker.post('/api/v1/cases', caseBody({ person: { dateOfBirth: undefined, ageRange: { min: 19, max: 15 } } }));
        expect(fields(inverted)).toEqual(['person.ageRange.max:age_range_inverted']);
        const outside = await worker.post('/api/v1/cases', caseBody({ person: { dateOfBirth: undefined, estimatedAge: 22, ageRange: { min: 15, max: 19 } } }));
        expect(fields(outside)).toEqual(['person.estimatedAge:age_outside_range']);
        const method = await worker.post('/api/v1/cases', caseBody({ person: { dateOfBirth: undefined, ageAssessment: { method: 'bone_scan' } as never } }));
        expect(method.statusCode).toBe(400);
        expect(fields(method)[0]).toMatch(/^person\.ageAssessment\.method:/);
        const future = await worker.post('/api/v1/cases', caseBody({ person: { dateOfBirth: undefined, estimatedAge: 16, ageAssessment: { method: 'documents', assessedOn: '2999-01-01' } } }));
        expect(fields(future)).toEqual(['person.ageAssessment.assessedOn:date_in_future']);
        // The range is checked against the stored estimate on a partial update too.
        const c = await register({ estimatedAge: 16 });
        const patch = await worker.patch(`/api/v1/persons/${c.person.id}`, { version: 1, ageRange: { min: 18, max: 20 } });
        expect(fields(patch)).toEqual(['estimatedAge:age_outside_range']);
      });

      it('anchors an estimated age to the identification date: a person recorded late is counted in the right age group', async () => {
        const sexAge = async (year: number) => {
          const m = await env.p.db.transaction().execute((trx) => rawBreakdown(trx, 'sexAge', 'trafficking', year));
          return Object.fromEntries([...m.entries()].filter(([, v]) => v.some((n) => n > 0)));
        };
        const before = await sexAge(2024);
        // Identified in June 2024 at an estimated 19, recorded now: a woman in 2024, not a girl.
        const late = await register({ estimatedAge: 19 }, { identifiedOn: '2024-06-01' });
        const row = await env.p.db.selectFrom('persons').select(['approx_birth_year', 'age_uncertain']).where('id', '=', late.person.id).executeTakeFirstOrThrow();
        expect(row).toEqual({ approx_birth_year: 2005, age_uncertain: 0 });
        // A range without estimate: its lower end, at the identification date (benefit of the doubt).
        const ranged = await register({ ageRange: { min: 20, max: 24 } }, { identifiedOn: '2024-03-01' });
        expect((await env.p.db.selectFrom('persons').select('approx_birth_year').where('id', '=', ranged.person.id).executeTakeFirstOrThrow()).approx_birth_year).toBe(2004);
        const after = await sexAge(2024);
        expect((after.women?.[0] ?? 0) - (before.women?.[0] ?? 0)).toBe(2);
        expect(after.girls?.[0] ?? 0).toBe(before.girls?.[0] ?? 0);

        // Moving the identification date moves the anchor; an edit of the estimate uses the first identification.
        const moved = await worker.patch(`/api/v1/cases/${late.id}`, { version: late.version, identifiedOn: '2025-06-01' });
        expect(moved.statusCode, moved.body).toBe(200);
        expect((await env.p.db.selectFrom('persons').select('approx_birth_year').where('id', '=', late.person.id).executeTakeFirstOrThrow()).approx_birth_year).toBe(2006);
        await worker.patch(`/api/v1/persons/${late.person.id}`, { version: 1, estimatedAge: 17 });
        expect((await env.p.db.selectFrom('persons').select('approx_birth_year').where('id', '=', late.person.id).executeTakeFirstOrThrow()).approx_birth_year).toBe(2008);
        // A date of birth is never re-anchored.
        const dob = (await worker.post('/api/v1/cases', caseBody({ identifiedOn: '2024-01-10' }))).json();
        expect((await env.p.db.selectFrom('persons').select('approx_birth_year').where('id', '=', dob.person.id).executeTakeFirstOrThrow()).approx_birth_year).toBe(1999);
      });

      it('repairs the birth years of estimated ages recorded before the fix', async () => {
        const c = await register({ estimatedAge: 30 }, { identifiedOn: '2023-05-05' });
        const dob = (await worker.post('/api/v1/cases', caseBody({ identifiedOn: '2023-05-05' }))).json();
        // As the previous version anchored them: to the recording year.
        const recordedYear = Number(nowIso().slice(0, 4));
        await env.p.db.updateTable('persons').set({ approx_birth_year: recordedYear - 30 }).where('id', '=', c.person.id).execute();
        const changed = await personsService.reanchorAllAges(env.p, 7);
        expect(changed).toBeGreaterThanOrEqual(recordedYear === 2023 ? 0 : 1);
        expect((await env.p.db.selectFrom('persons').select('approx_birth_year').where('id', '=', c.person.id).executeTakeFirstOrThrow()).approx_birth_year).toBe(1993);
        expect((await env.p.db.selectFrom('persons').select('approx_birth_year').where('id', '=', dob.person.id).executeTakeFirstOrThrow()).approx_birth_year).toBe(1999);
        expect(await personsService.reanchorAllAges(env.p)).toBe(0);
      });
    });
  });
}
