/**
 * The sexual-exploitation indicator sets (catalogue 2026.2, awaiting the commission's validation) through the
 * API, on both databases: typical situations come out presumed, a weak one asks for further assessment with
 * the missing part of the rule and the questions to ask next, and screenings recorded with catalogue 2026.1
 * stay readable (served with the indicators they were answered with) and explained.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZCatalogueFile, type TCatalogueView, type TScreeningResult } from '../../src/contract/screening';
import { loadCatalogue } from '../../src/server/modules/screening/catalogue';
import { evaluateScreening } from '../../src/server/modules/screening/rules';
import { newId } from '../../src/server/platform/ids';
import { DIALECTS, caseBody, createTestEnv, userClient, type Client, type TestEnv } from '../support/harness';

const { catalogue } = loadCatalogue();
const VERSION = catalogue.version;
const OLD = ZCatalogueFile.parse(JSON.parse(fs.readFileSync('data/indicators/archive/catalogue-2026.1.json', 'utf8')));
const conditions = { consentToInterview: true, interpreterUsed: false, interviewerSex: 'female', personChoseInterviewerSex: true, place: 'shelter' };

/** "yes" to the indicators of `set` with these English labels (at that phase's dimension when given). */
function yes(set: string, ...labels: (string | [string, string])[]): Record<string, 'yes'> {
  const s = catalogue.sets.find((x) => x.code === set)!;
  return Object.fromEntries(
    labels.map((l) => {
      const [label, dimension] = typeof l === 'string' ? [l, undefined] : l;
      const hits = s.indicators.filter((i) => i.label_en === label && (!dimension || i.dimension === dimension));
      expect(hits, `${set}: ${label}`).toHaveLength(1);
      return [hits[0]!.id, 'yes' as const];
    }),
  );
}

for (const dialect of DIALECTS) {
  describe(`sexual-exploitation screening [${dialect}]`, () => {
    let env: TestEnv;
    let worker: Client;

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      worker = await userClient(env, env.orgs.a, ['case_worker']);
    });
    afterAll(() => env.close());

    const screen = async (caseId: string, set: string, answers: Record<string, string>, version = VERSION) =>
      worker.post(`/api/v1/cases/${caseId}/screenings`, { catalogueVersion: version, set, answers, conditions });

    it('serves the sets awaiting validation with sexual-exploitation wording, and the archived version on request', async () => {
      const fr = (await worker.get('/api/v1/screening/catalogue?lang=fr')).json() as TCatalogueView;
      expect(fr.version).toBe('2026.2');
      expect(fr.versions).toEqual(['2026.2', '2026.1']);
      const as = fr.sets.find((s) => s.code === 'adult_sexual')!;
      expect(as.status).toBe('draft_pending_validation');
      expect(fr.sets.find((s) => s.code === 'adult_labour')!.status).toBe('validated');
      const ec = as.dimensions.find((d) => d.code === 'exploitative_conditions')!;
      expect(ec.label).toBe("Conditions d'exploitation sexuelle");
      expect(ec.phaseLabel).toBe("Sur le lieu d'exploitation");
      expect(ec.indicators.map((i) => i.label)).toContain('Gains pris par d\'autres (en totalité ou en grande partie)');
      const ar = (await worker.get('/api/v1/screening/catalogue?lang=ar')).json() as TCatalogueView;
      const cs = ar.sets.find((s) => s.code === 'child_sexual')!.dimensions.find((d) => d.code === 'exploitative_conditions')!;
      expect(cs.combinations?.[0]).toEqual({ strong: 1 });
      expect(cs.indicators[0]!.question).toMatch(/[\u0600-\u06FF]/);

      const old = (await worker.get('/api/v1/screening/catalogue?lang=en&version=2026.1')).json() as TCatalogueView;
      expect(old.version).toBe('2026.1');
      const oldEc = old.sets.find((s) => s.code === 'adult_sexual')!.dimensions.find((d) => d.code === 'exploitative_conditions')!;
      expect(oldEc.indicators.find((i) => i.id === 'AS-EC-01')!.label).toBe('Excessive working days or hours');
      expect(old.sets.find((s) => s.code === 'adult_sexual')!.status).toBe('draft');
      expect((await worker.get('/api/v1/screening/catalogue?version=1999.1')).statusCode).toBe(404);
    });

    it('an adult recruited by a "loverboy", clients imposed and earnings taken → presumed victim, explained', async () => {
      const c = (await worker.post('/api/v1/cases', caseBody({ exploitationForms: ['sexual_prostitution'] }))).json();
      const res = await screen(c.id, 'adult_sexual', yes('adult_sexual',
        'Recruited through a false romantic relationship ("loverboy")',
        'Deceived through promises of marriage or adoption',
        'Emotional dependency on a partner or recruiter ("loverboy")',
        'Earnings taken by others (all or most)',
        'Excessive number of clients or hours, no days off',
        'Made to accept unprotected or dangerous sexual acts',
        'Forced tasks or clients: no choice over clients or sexual acts',
        ['Confiscation of documents', 'coercion_at_destination'],
      ));
      expect(res.statusCode).toBe(201);
      const r = res.json().result as TScreeningResult;
      expect(r.outcome).toBe('presumed_victim');
      expect(r.catalogueVersion).toBe('2026.2');
      expect(r.setStatus).toBe('draft_pending_validation');
      // Deception is met (emotional dependency alone would not meet abuse of vulnerability).
      expect(r.explanation).toEqual({ satisfied: ['deceptive_recruitment', 'exploitative_conditions', 'coercion_at_destination'], missing: [] });
      const stored = await env.p.db.selectFrom('screenings').select(['outcome', 'catalogue_version', 'set_code']).where('case_id', '=', c.id).executeTakeFirstOrThrow();
      expect(stored).toEqual({ outcome: 'presumed_victim', catalogue_version: '2026.2', set_code: 'adult_sexual' });
    });

    it('a child used for sex in exchange for money → presumed victim, with no means and no coercion', async () => {
      const child = (await worker.post('/api/v1/cases', caseBody({ person: { dateOfBirth: '2010-05-05' }, exploitationForms: ['sexual_prostitution'] }))).json();
      // The adult set is refused for a child; the child set with one indicator of sexual exploitation is enough.
      expect((await screen(child.id, 'adult_sexual', {})).json().error.details.fields[0].code).toBe('child_pathway_required');
      const res = await screen(child.id, 'child_sexual', yes('child_sexual', 'Child used for sexual acts in exchange for money, gifts, food, housing or protection'));
      expect(res.statusCode).toBe(201);
      const r = res.json().result as TScreeningResult;
      expect(r.outcome).toBe('presumed_victim');
      expect(r.population).toBe('child');
      expect(r.dimensions.filter((d) => d.positive).map((d) => d.dimension)).toEqual(['exploitative_conditions']);
    });

    it('a weak adult situation → further assessment naming the missing dimension and the questions to ask next', async () => {
      const c = (await worker.post('/api/v1/cases', caseBody())).json();
      const answers: Record<string, string> = yes('adult_sexual',
        'Promised another job, then made to provide sexual services',
        'Deceived about travel and recruitment conditions',
        'Earnings taken by others (all or most)',
        'Excessive number of clients or hours, no days off',
        'Lives at the place of exploitation or in housing controlled by the exploiters',
      );
      const unknown = Object.keys(yes('adult_sexual', 'Forced tasks or clients: no choice over clients or sexual acts'))[0]!;
      answers[unknown] = 'unknown';
      const res = await screen(c.id, 'adult_sexual', answers);
      const r = res.json().result as TScreeningResult;
      expect(r.outcome).toBe('further_assessment');
      expect(r.explanation!.satisfied).toEqual(['deceptive_recruitment', 'exploitative_conditions']);
      expect(r.explanation!.missing).toHaveLength(1);
      const [m] = r.explanation!.missing;
      expect(m!.anyOf).toEqual(['coercion_at_destination', 'abuse_of_vulnerability_at_destination']);
      expect(m!.closest).toEqual({ dimension: 'coercion_at_destination', needed: 2 });
      expect(m!.followUp[0]).toEqual({ id: unknown, dimension: 'coercion_at_destination', level: 'strong', answer: 'unknown' });
      // The follow-up questions are the catalogue's, in the interface language.
      const ar = (await worker.get('/api/v1/screening/catalogue?lang=ar')).json() as TCatalogueView;
      const question = ar.sets.find((s) => s.code === 'adult_sexual')!.dimensions.flatMap((d) => d.indicators).find((i) => i.id === m!.followUp[1]!.id)!.question;
      expect(question).toMatch(/[\u0600-\u06FF]/);
      // The list gives the same explanation back.
      const listed = (await worker.get(`/api/v1/cases/${c.id}/screenings`)).json().items[0];
      expect(listed.result.explanation).toEqual(r.explanation);
    });

    it('keeps screenings of catalogue 2026.1 readable and explains them; new answers to changed sets are refused', async () => {
      const c = (await worker.post('/api/v1/cases', caseBody())).json();
      // A client that loaded 2026.1 may still record a labour screening: that set has not changed.
      const labourAnswers = Object.fromEntries(OLD.sets.find((s) => s.code === 'adult_labour')!.indicators.slice(0, 2).map((i) => [i.id, 'yes']));
      const labour = await screen(c.id, 'adult_labour', labourAnswers, '2026.1');
      expect(labour.statusCode).toBe(201);
      expect(labour.json().result.catalogueVersion).toBe('2026.1');
      // The 2026.1 sexual set has changed: its answers are refused.
      const refused = await screen(c.id, 'adult_sexual', { 'AS-EC-01': 'yes' }, '2026.1');
      expect(refused.json().error.details.fields[0]).toMatchObject({ path: 'catalogueVersion', code: 'catalogue_version_mismatch' });

      // A screening stored by the 2026.1 code (no explanation in its result) is explained again on reading.
      const id = newId();
      const answers = { 'AS-EC-01': 'yes', 'AS-EC-02': 'yes', 'AS-CD-07': 'yes', 'AS-DR-02': 'unknown' } as const;
      const { explanation: _dropped, ...oldResult } = evaluateScreening(OLD, 'adult_sexual', answers);
      const aad = (column: string) => `screenings.${column}:${id}`;
      await env.p.db
        .insertInto('screenings')
        .values({
          id,
          case_id: c.id,
          organisation_id: env.orgs.a,
          screened_by: worker.userId,
          set_code: 'adult_sexual',
          catalogue_version: '2026.1',
          outcome: oldResult.outcome,
          result_enc: env.p.keyring.encryptJson(oldResult, aad('result_enc')),
          answers_enc: env.p.keyring.encryptJson(answers, aad('answers_enc')),
          conditions_enc: env.p.keyring.encryptJson(conditions, aad('conditions_enc')),
          notes_enc: null,
          created_at: '2026-11-30T10:00:00.000Z',
        })
        .execute();
      const items = (await worker.get(`/api/v1/cases/${c.id}/screenings`)).json().items as { id: string; result: TScreeningResult }[];
      const old = items.find((s) => s.id === id)!;
      expect(old.result.catalogueVersion).toBe('2026.1');
      expect(old.result.setStatus).toBe('draft');
      expect(old.result.outcome).toBe('further_assessment');
      expect(old.result.explanation!.missing.map((m) => m.anyOf[0])).toEqual(['deceptive_recruitment', 'exploitative_conditions', 'coercion_at_destination']);
      expect(old.result.explanation!.missing[0]!.followUp[0]).toMatchObject({ id: 'AS-DR-02', answer: 'unknown' });
      // Its indicator ids are labelled by the version it was recorded with.
      const v1 = (await worker.get('/api/v1/screening/catalogue?lang=fr&version=2026.1')).json() as TCatalogueView;
      const label = v1.sets.find((s) => s.code === 'adult_sexual')!.dimensions.flatMap((d) => d.indicators).find((i) => i.id === 'AS-EC-01')!.label;
      expect(label).toBe('Journées ou heures de travail excessives');
    });
  });
}
