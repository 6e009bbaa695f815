/**
 * The national action plan: the secretariat builds the structure (each bad input → its field code, stale
 * version → 409, audited); the lead organisation's focal points report progress per action and period
 * (period, unit and start checks; another organisation 403/404; one report per action × period); the
 * secretariat validates or returns; recommendations link to actions; the annual summary.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TPlan } from '../../src/contract/actionplan';
import { DIALECTS, createTestEnv, userClient, type Client, type TestEnv } from '../support/harness';
import { actionplanService } from '../../src/server/modules/actionplan/actionplan.service';
import { plansService } from '../../src/server/modules/actionplan/actionplan.plans';
import { endOfLocalDay, startOfLocalDayBefore } from '../../src/server/modules/timelines/calendar';
import { timelinesService } from '../../src/server/modules/timelines/timelines.service';

const Y = new Date().getUTCFullYear();
type TObjective = TPlan['objectives'][number];
const fieldsOf = (res: { json: () => { error: { details: { fields: { path: string; code: string }[] } } } }) => res.json().error.details.fields.map((f) => `${f.path}:${f.code}`);

for (const dialect of DIALECTS) {
  describe(`national action plan [${dialect}]`, () => {
    let env: TestEnv;
    let secretariat: Client;
    let focal: Client;
    let supervisor: Client;
    let worker: Client;
    let partner: Client;
    let outsider: Client;
    let planId: string;
    let objectiveId: string;
    let actionId: string;
    let ind: { count: string; percent: string; quarterly: string };

    const actionBody = (over: Record<string, unknown> = {}) => ({
      code: 'A1.1', titleFr: 'Former les inspecteurs du travail', titleAr: 'تكوين مفتشي الشغل', leadOrganisationId: env.orgs.a, partnerOrganisationIds: [env.orgs.b],
      budgetMinor: 150_000_00, startDate: `${Y - 1}-03-01`, endDate: `${Y + 2}-12-31`, ...over,
    });

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      secretariat = await userClient(env, env.orgs.c, ['commission_analyst']);
      focal = await userClient(env, env.orgs.a, ['org_admin']);
      supervisor = await userClient(env, env.orgs.a, ['case_supervisor']);
      worker = await userClient(env, env.orgs.a, ['case_worker']);
      partner = await userClient(env, env.orgs.b, ['org_admin']);
      outsider = await userClient(env, env.orgs.c, ['org_admin']);
      const plan = await secretariat.post('/api/v1/action-plans', { code: 'PN-TEST', titleFr: 'Plan national de test', titleAr: 'الخطة الوطنية للاختبار', titleEn: 'Test national plan', startYear: Y - 1, endYear: Y + 3 });
      expect(plan.statusCode).toBe(201);
      planId = plan.json().id;
      const withObjective = (await secretariat.post(`/api/v1/action-plans/${planId}/objectives`, { pillar: 'prevention', code: 'O1', titleFr: 'Mieux prévenir la traite', titleAr: 'تحسين الوقاية من الاتجار' })).json();
      objectiveId = withObjective.objectives[0].id;
      const action = await secretariat.post(`/api/v1/plan-objectives/${objectiveId}/actions`, actionBody());
      expect(action.statusCode).toBe(201);
      actionId = action.json().id;
      const targets = [{ year: Y - 1, value: 10 }, { year: Y, value: 20 }];
      const a1 = (await secretariat.post(`/api/v1/plan-actions/${actionId}/indicators`, { code: 'I1', titleFr: 'Inspecteurs formés', titleAr: 'المفتشون المكونون', unit: 'count', frequency: 'annual', baselineValue: 0, baselineYear: Y - 2, targets })).json();
      const a2 = (await secretariat.post(`/api/v1/plan-actions/${actionId}/indicators`, { code: 'I2', titleFr: 'Part des régions couvertes', titleAr: 'نسبة الجهات المشمولة', unit: 'percent', frequency: 'annual', targets: [{ year: Y, value: 50 }] })).json();
      const a3 = (await secretariat.post(`/api/v1/plan-actions/${actionId}/indicators`, { code: 'I3', titleFr: 'Sessions trimestrielles tenues', titleAr: 'الدورات الفصلية المنعقدة', unit: 'yes_no', frequency: 'quarterly' })).json();
      expect(a3.indicators).toHaveLength(3);
      const byCode = (c: string) => a3.indicators.find((i: { code: string }) => i.code === c).id as string;
      ind = { count: byCode('I1'), percent: byCode('I2'), quarterly: byCode('I3') };
      expect(a1.indicators[0]).toMatchObject({ code: 'I1', unit: 'count', baselineValue: 0, targets, latestValidated: null });
      expect(a2.indicators).toHaveLength(2);
    });
    afterAll(() => env.close());

    it('builds the structure: pillars → objectives → actions with lead and partners → indicators; audited', async () => {
      const plan = (await worker.get(`/api/v1/action-plans/${planId}`)).json();
      expect(plan).toMatchObject({ code: 'PN-TEST', status: 'draft', version: 1, canEdit: false });
      expect(plan.objectives[0]).toMatchObject({ pillar: 'prevention', code: 'O1' });
      const a = plan.objectives[0].actions[0];
      expect(a).toMatchObject({ code: 'A1.1', pillar: 'prevention', lead: { id: env.orgs.a, name: 'Association A (Casablanca)' }, partners: [{ id: env.orgs.b, name: 'Police B (Tanger)' }], budgetMinor: 15_000_000, currency: 'MAD', status: 'not_started', reportedStatus: null });
      expect(a.canReport).toBe(false);
      expect((await focal.get(`/api/v1/plan-actions/${actionId}`)).json().canReport).toBe(true);
      expect((await supervisor.get(`/api/v1/plan-actions/${actionId}`)).json().canReport).toBe(true);
      expect((await worker.get('/api/v1/action-plans')).json().items.map((x: { code: string }) => x.code)).toContain('PN-TEST');
      const audit = await env.p.db.selectFrom('audit_log').select('action').where('action', 'like', 'plan.%').orderBy('seq').execute();
      expect(audit.map((x) => x.action).slice(0, 6)).toEqual(['plan.create', 'plan.objective_create', 'plan.action_create', 'plan.indicator_create', 'plan.indicator_create', 'plan.indicator_create']);
    });

    it('refuses bad structure input with field codes, a wrong role with 403 and a stale version with 409', async () => {
      const dup = await secretariat.post('/api/v1/action-plans', { code: 'PN-TEST', titleFr: 'Un autre plan', titleAr: 'خطة أخرى', titleEn: 'Another plan', startYear: Y + 2, endYear: Y });
      expect(fieldsOf(dup)).toEqual(['endYear:end_before_start', 'code:duplicate_code']);
      const bad = await secretariat.post(`/api/v1/plan-objectives/${objectiveId}/actions`, actionBody({ leadOrganisationId: '0190a0b0-0000-7000-8000-000000000000', startDate: `${Y - 3}-01-01`, endDate: `${Y - 4}-01-01` }));
      expect(fieldsOf(bad)).toEqual(['leadOrganisationId:unknown_organisation', 'endDate:end_before_start', 'startDate:date_outside_plan', 'endDate:date_outside_plan', 'code:duplicate_code']);
      const badInd = await secretariat.post(`/api/v1/plan-actions/${actionId}/indicators`, { code: 'I1', titleFr: 'Taux', titleAr: 'نسبة مئوية', unit: 'percent', frequency: 'annual', baselineValue: 120, targets: [{ year: Y + 9, value: 10 }, { year: Y, value: 101 }] });
      expect(fieldsOf(badInd)).toEqual(['baselineValue:value_invalid_for_unit', 'targets.0.year:year_outside_plan', 'targets.1.value:value_invalid_for_unit', 'code:duplicate_code']);
      const badYesNo = await secretariat.post(`/api/v1/plan-actions/${actionId}/indicators`, { code: 'I9', titleFr: 'Loi adoptée', titleAr: 'القانون المعتمد', unit: 'yes_no', frequency: 'annual', targets: [{ year: Y, value: 2 }, { year: Y, value: 1 }] });
      expect(fieldsOf(badYesNo)).toEqual(['targets.0.value:value_invalid_for_unit', 'targets.1.year:duplicate_year']);
      expect((await focal.post(`/api/v1/plan-objectives/${objectiveId}/actions`, actionBody({ code: 'A9' }))).statusCode).toBe(403);
      expect((await worker.post('/api/v1/action-plans', { code: 'X', titleFr: 'Plan x', titleAr: 'خطة س', titleEn: 'Plan x', startYear: Y, endYear: Y })).statusCode).toBe(403);
      const renamed = await secretariat.patch(`/api/v1/plan-actions/${actionId}`, { version: 1, titleFr: 'Former les inspecteurs du travail et les gendarmes' });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json().version).toBe(2);
      const stale = await secretariat.patch(`/api/v1/plan-actions/${actionId}`, { version: 1, status: 'on_track' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.details.currentVersion).toBe(2);
      const shrink = await secretariat.patch(`/api/v1/action-plans/${planId}`, { version: 1, startYear: Y });
      expect(fieldsOf(shrink)).toEqual(['startYear:date_outside_plan']);
      expect((await secretariat.patch(`/api/v1/action-plans/${planId}`, { version: 7, titleEn: 'Stale plan' })).statusCode).toBe(409);
    });

    it('a focal point of the lead organisation reports; the secretariat returns, then validates; values and status show on the plan', async () => {
      const period = `${Y}`;
      const created = await focal.post(`/api/v1/plan-actions/${actionId}/reports`, { period, actionStatus: 'on_track', values: [{ indicatorId: ind.count, value: 14 }], narrative: 'Trois sessions de formation tenues à Tanger, Fès et Agadir.' });
      expect(created.statusCode).toBe(201);
      const r = created.json();
      expect(r).toMatchObject({ period, status: 'draft', actionStatus: 'on_track', canEdit: true, canReview: false, evidence: null, narrative: 'Trois sessions de formation tenues à Tanger, Fès et Agadir.' });
      const stored = await env.p.db.selectFrom('plan_reports').select('narrative_enc').where('id', '=', r.id).executeTakeFirstOrThrow();
      expect(stored.narrative_enc).not.toContain('Tanger');
      // Every indicator of the period's frequency needs a value before submission.
      const incomplete = await focal.post(`/api/v1/plan-reports/${r.id}/transitions`, { version: 1, action: 'submit' });
      expect(fieldsOf(incomplete)).toEqual(['values:missing_value']);
      const filled = await supervisor.patch(`/api/v1/plan-reports/${r.id}`, { version: 1, values: [{ indicatorId: ind.count, value: 14 }, { indicatorId: ind.percent, value: 41.5 }] });
      expect(filled.statusCode).toBe(200);
      expect((await focal.patch(`/api/v1/plan-reports/${r.id}`, { version: 1, actionStatus: 'delayed' })).statusCode).toBe(409);
      const submitted = (await focal.post(`/api/v1/plan-reports/${r.id}/transitions`, { version: 2, action: 'submit' })).json();
      expect(submitted).toMatchObject({ status: 'submitted', canEdit: false });
      expect((await focal.patch(`/api/v1/plan-reports/${r.id}`, { version: 3, actionStatus: 'delayed' })).statusCode).toBe(409);
      expect((await focal.post(`/api/v1/plan-reports/${r.id}/transitions`, { version: 3, action: 'validate' })).statusCode).toBe(403);
      const queue = (await secretariat.get('/api/v1/plan-reports?status=submitted')).json().items;
      expect(queue.map((x: { id: string; canReview: boolean }) => [x.id, x.canReview])).toEqual([[r.id, true]]);
      const noNote = await secretariat.post(`/api/v1/plan-reports/${r.id}/transitions`, { version: 3, action: 'return' });
      expect(fieldsOf(noNote)).toEqual(['note:required']);
      const returned = (await secretariat.post(`/api/v1/plan-reports/${r.id}/transitions`, { version: 3, action: 'return', note: 'Merci de préciser le nombre de régions couvertes.' })).json();
      expect(returned).toMatchObject({ status: 'returned', reviewNote: 'Merci de préciser le nombre de régions couvertes.' });
      const corrected = (await focal.patch(`/api/v1/plan-reports/${r.id}`, { version: 4, values: [{ indicatorId: ind.count, value: 14 }, { indicatorId: ind.percent, value: 50 }] })).json();
      expect(corrected.values.map((v: { code: string; value: number }) => [v.code, v.value])).toEqual([['I1', 14], ['I2', 50]]);
      await focal.post(`/api/v1/plan-reports/${r.id}/transitions`, { version: 5, action: 'submit' });
      const stale = await secretariat.post(`/api/v1/plan-reports/${r.id}/transitions`, { version: 5, action: 'validate' });
      expect(stale.statusCode).toBe(409);
      const validated = (await secretariat.post(`/api/v1/plan-reports/${r.id}/transitions`, { version: 6, action: 'validate' })).json();
      expect(validated.status).toBe('validated');
      expect((await secretariat.post(`/api/v1/plan-reports/${r.id}/transitions`, { version: 7, action: 'return', note: 'x' })).json().error.code).toBe('CONFLICT');
      const action = (await worker.get(`/api/v1/plan-actions/${actionId}`)).json();
      expect(action.reportedStatus).toBe('on_track');
      expect(action.indicators.find((i: { code: string }) => i.code === 'I2').latestValidated).toEqual({ period, value: 50 });
      const audit = await env.p.db.selectFrom('audit_log').select('action').where('entity_id', '=', r.id).where('action', 'not like', 'access.%').orderBy('seq').execute();
      expect(audit.map((x) => x.action)).toEqual(['plan.report_create', 'plan.report_update', 'plan.report_submit', 'plan.report_return', 'plan.report_update', 'plan.report_submit', 'plan.report_validate']);
      // A second report for the same action and period.
      const again = await focal.post(`/api/v1/plan-actions/${actionId}/reports`, { period, actionStatus: 'on_track', values: [] });
      expect(again.statusCode).toBe(409);
    });

    it('checks the period against the frequency, the plan and today, and values against their unit', async () => {
      const post = (body: Record<string, unknown>) => focal.post(`/api/v1/plan-actions/${actionId}/reports`, { actionStatus: 'on_track', values: [], ...body });
      expect(fieldsOf(await post({ period: `${Y}-S1` }))).toEqual(['period:period_frequency_mismatch']);
      expect(fieldsOf(await post({ period: `${Y + 4}` }))).toEqual(['period:period_outside_plan']);
      expect(fieldsOf(await post({ period: `${Y + 1}` }))).toEqual(['period:period_not_started']);
      expect(fieldsOf(await post({ period: `${Y}-Q5` }))).toContain('period:invalid_format');
      const values = [{ indicatorId: ind.count, value: 2.5 }, { indicatorId: ind.percent, value: 140 }, { indicatorId: ind.quarterly, value: 1 }];
      expect(fieldsOf(await post({ period: `${Y - 1}`, values }))).toEqual(['values.0.value:value_invalid_for_unit', 'values.1.value:value_invalid_for_unit', 'values.2.indicatorId:unknown_indicator']);
      expect(fieldsOf(await post({ period: `${Y}-Q1`, values: [{ indicatorId: ind.quarterly, value: 3 }] }))).toEqual(['values.0.value:value_invalid_for_unit']);
      const q = await post({ period: `${Y}-Q1`, values: [{ indicatorId: ind.quarterly, value: 1 }] });
      expect(q.statusCode).toBe(201);
    });

    it('only focal points of the lead organisation report; partners read; others do not see reports', async () => {
      const body = { period: `${Y - 1}`, actionStatus: 'delayed', values: [{ indicatorId: ind.count, value: 4 }] };
      expect((await partner.post(`/api/v1/plan-actions/${actionId}/reports`, body)).statusCode).toBe(403);
      expect((await worker.post(`/api/v1/plan-actions/${actionId}/reports`, body)).statusCode).toBe(403);
      const r = (await supervisor.post(`/api/v1/plan-actions/${actionId}/reports`, body)).json();
      const seen = await partner.get(`/api/v1/plan-reports/${r.id}`);
      expect(seen.statusCode).toBe(200);
      expect(seen.json().canEdit).toBe(false);
      const reads = await env.p.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('entity_id', '=', r.id).where('action', '=', 'plan.report_read').execute();
      expect(reads).toHaveLength(1);
      expect((await partner.patch(`/api/v1/plan-reports/${r.id}`, { version: 1, actionStatus: 'completed' })).statusCode).toBe(403);
      expect((await partner.post(`/api/v1/plan-reports/${r.id}/transitions`, { version: 1, action: 'submit' })).statusCode).toBe(403);
      expect((await outsider.get(`/api/v1/plan-reports/${r.id}`)).statusCode).toBe(404);
      expect((await outsider.patch(`/api/v1/plan-reports/${r.id}`, { version: 1, actionStatus: 'completed' })).statusCode).toBe(404);
      expect((await outsider.get('/api/v1/plan-reports')).json().items).toEqual([]);
      expect((await outsider.get(`/api/v1/plan-actions/${actionId}`)).json().mayReadReports).toBe(false);
      const due = (await focal.get('/api/v1/plan-reports/due')).json().items;
      expect(due.filter((d: { period: string }) => d.period === `${Y - 1}`)[0]).toMatchObject({ actionId, reportId: r.id, reportStatus: 'draft' });
      expect(due.some((d: { period: string }) => d.period === `${Y + 1}`)).toBe(false);
    });

    it('stores an evidence file encrypted, refuses other types, and gives it back to readers', async () => {
      const r = (await focal.post(`/api/v1/plan-actions/${actionId}/reports`, { period: `${Y}-Q2`, actionStatus: 'on_track', values: [{ indicatorId: ind.quarterly, value: 0 }] })).json();
      const boundary = 'bnd';
      const pdf = Buffer.from('%PDF-1.4\nliste de présence Tanger\n%%EOF');
      const multipart = (name: string, content: Buffer) => Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
      const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
      const up = await focal.request('POST', `/api/v1/plan-reports/${r.id}/evidence`, multipart('presence.pdf', pdf), headers);
      expect(up.statusCode).toBe(200);
      expect(up.json().evidence).toMatchObject({ fileName: 'presence.pdf', mimeType: 'application/pdf', sizeBytes: pdf.length });
      expect((await focal.request('POST', `/api/v1/plan-reports/${r.id}/evidence`, multipart('script.sh', Buffer.from('#!/bin/sh\necho')), headers)).statusCode).toBe(415);
      expect((await partner.request('POST', `/api/v1/plan-reports/${r.id}/evidence`, multipart('presence.pdf', pdf), headers)).statusCode).toBe(403);
      const stored = await env.p.db.selectFrom('plan_report_evidence').selectAll().where('report_id', '=', r.id).executeTakeFirstOrThrow();
      expect(Buffer.from(stored.content_enc).includes(Buffer.from('Tanger'))).toBe(false);
      expect(stored.file_name_enc).not.toContain('presence');
      const back = await partner.get(`/api/v1/plan-reports/${r.id}/evidence`);
      expect(back.statusCode).toBe(200);
      expect(Buffer.from(back.rawPayload).equals(pdf)).toBe(true);
      expect((await outsider.get(`/api/v1/plan-reports/${r.id}/evidence`)).statusCode).toBe(404);
    });

    it('links recommendations to plan actions and shows them on the action', async () => {
      const rec = (await secretariat.post('/api/v1/recommendations', { sourceType: 'commission_meeting', sourceEvent: 'Réunion plénière de la commission', adoptedOn: `${Y - 1}-05-05`, textFr: 'Renforcer la formation des inspecteurs du travail.', textAr: 'تعزيز تكوين مفتشي الشغل في الجهات.', addressedTo: [env.orgs.a] })).json();
      const bad = await secretariat.patch(`/api/v1/recommendations/${rec.id}`, { version: 1, linkedActions: [actionId, '0190a0b0-0000-7000-8000-000000000000'] });
      expect(fieldsOf(bad)).toEqual(['linkedActions.1:unknown_action']);
      const linked = await secretariat.patch(`/api/v1/recommendations/${rec.id}`, { version: 1, linkedActions: [actionId] });
      expect(linked.json().linkedActions).toEqual([actionId]);
      const action = (await worker.get(`/api/v1/plan-actions/${actionId}`)).json();
      expect(action.recommendations).toEqual([{ id: rec.id, reference: rec.reference, textFr: rec.textFr, textAr: rec.textAr, status: 'adopted' }]);
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`action-plan progress summary for the annual report [${dialect}]`, () => {
    let env: TestEnv;
    beforeAll(async () => {
      env = await createTestEnv(dialect);
    });
    afterAll(() => env.close());

    it('counts actions by latest validated status per pillar and compares targets with the latest validated values (hand-computed)', async () => {
      const sec = await userClient(env, env.orgs.c, ['commission_analyst']);
      const focal = await userClient(env, env.orgs.a, ['org_admin']);
      const plan = (await sec.post('/api/v1/action-plans', { code: 'PN-SUM', titleFr: 'Plan résumé', titleAr: 'خطة الملخص', titleEn: 'Summary plan', startYear: Y - 1, endYear: Y + 2 })).json();
      const o1 = (await sec.post(`/api/v1/action-plans/${plan.id}/objectives`, { pillar: 'prevention', code: 'O1', titleFr: 'Prévenir', titleAr: 'الوقاية' })).json().objectives[0].id;
      const withO2 = (await sec.post(`/api/v1/action-plans/${plan.id}/objectives`, { pillar: 'protection', code: 'O2', titleFr: 'Protéger', titleAr: 'الحماية' })).json();
      const o2 = withO2.objectives.find((o: { code: string }) => o.code === 'O2').id;
      const action = async (objective: string, code: string, indicator: Record<string, unknown>) => {
        const a = (await sec.post(`/api/v1/plan-objectives/${objective}/actions`, { code, titleFr: `Action ${code}`, titleAr: `الإجراء ${code}`, leadOrganisationId: env.orgs.a, startDate: `${Y - 1}-01-01`, endDate: `${Y + 2}-12-31` })).json();
        const withInd = (await sec.post(`/api/v1/plan-actions/${a.id}/indicators`, { titleFr: `Indicateur ${code}`, titleAr: `المؤشر ${code}`, frequency: 'annual', ...indicator })).json();
        return { id: a.id as string, indicatorId: withInd.indicators[0].id as string };
      };
      const a1 = await action(o1, 'A1', { code: 'S1', unit: 'count', targets: [{ year: Y - 1, value: 5 }, { year: Y, value: 10 }] });
      const a2 = await action(o1, 'A2', { code: 'S2', unit: 'percent', targets: [{ year: Y, value: 80 }] });
      const a3 = await action(o2, 'A3', { code: 'S3', unit: 'yes_no' });
      const report = async (a: { id: string; indicatorId: string }, period: string, actionStatus: string, value: number, end: 'draft' | 'submitted' | 'validated' | 'returned') => {
        const r = (await focal.post(`/api/v1/plan-actions/${a.id}/reports`, { period, actionStatus, values: [{ indicatorId: a.indicatorId, value }] })).json();
        if (end === 'draft') return;
        await focal.post(`/api/v1/plan-reports/${r.id}/transitions`, { version: 1, action: 'submit' });
        if (end === 'validated') expect((await sec.post(`/api/v1/plan-reports/${r.id}/transitions`, { version: 2, action: 'validate' })).statusCode).toBe(200);
        if (end === 'returned') await sec.post(`/api/v1/plan-reports/${r.id}/transitions`, { version: 2, action: 'return', note: 'À compléter.' });
      };
      await report(a1, `${Y - 1}`, 'on_track', 4, 'validated');
      await report(a1, `${Y}`, 'delayed', 7, 'validated');
      await report(a2, `${Y}`, 'completed', 90, 'submitted');
      await report(a3, `${Y - 1}`, 'completed', 1, 'validated');
      await report(a3, `${Y}`, 'cancelled', 0, 'returned');
      const run = (year: number) => env.p.db.transaction().execute((trx) => actionplanService.progressSummary(trx, year));
      // A draft plan does not count.
      expect((await run(Y)).pillars.every((p) => p.actions === 0)).toBe(true);
      await sec.patch(`/api/v1/action-plans/${plan.id}`, { version: 1, status: 'adopted' });
      const ind = (code: string, unit: string, target: number | null, validated: number | null, period: string | null) => ({ code, titleFr: `Indicateur A${code.slice(1)}`, titleAr: `المؤشر A${code.slice(1)}`, unit, target, validated, period });
      const strip = (s: Awaited<ReturnType<typeof run>>) => ({ ...s, pillars: s.pillars.map((p) => ({ ...p, indicators: p.indicators.map(({ id: _id, ...rest }) => rest) })) });
      expect(strip(await run(Y))).toEqual({
        year: Y,
        pillars: [
          { pillar: 'prevention', actions: 2, byStatus: { delayed: 1, not_reported: 1 }, indicators: [ind('S1', 'count', 10, 7, `${Y}`), ind('S2', 'percent', 80, null, null)] },
          { pillar: 'protection', actions: 1, byStatus: { completed: 1 }, indicators: [ind('S3', 'yes_no', null, 1, `${Y - 1}`)] },
          { pillar: 'prosecution', actions: 0, byStatus: {}, indicators: [] },
          { pillar: 'partnerships', actions: 0, byStatus: {}, indicators: [] },
        ],
      });
      const previous = await run(Y - 1);
      expect(previous.pillars[0]!.byStatus).toEqual({ on_track: 1, not_reported: 1 });
      expect(previous.pillars[0]!.indicators.map((i) => [i.code, i.target, i.validated])).toEqual([['S1', 5, 4], ['S2', null, null]]);
      const viaHttp = await sec.get(`/api/v1/action-plans/summary?year=${Y}`);
      expect(viaHttp.json().pillars[0].byStatus).toEqual({ delayed: 1, not_reported: 1 });
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`late progress reports become tasks [${dialect}]`, () => {
    let env: TestEnv;
    beforeAll(async () => {
      env = await createTestEnv(dialect);
    });
    afterAll(() => env.close());

    it('creates one task per due (action, period) of an adopted plan, idempotently, and submission completes it', async () => {
      const sec = await userClient(env, env.orgs.c, ['commission_analyst']);
      const focal = await userClient(env, env.orgs.a, ['org_admin']);
      const supervisor = await userClient(env, env.orgs.a, ['case_supervisor']);
      const plan = (await sec.post('/api/v1/action-plans', { code: 'PN-DL', titleFr: 'Plan échéances', titleAr: 'خطة الآجال', titleEn: 'Deadlines plan', startYear: Y - 1, endYear: Y + 1 })).json();
      const o = (await sec.post(`/api/v1/action-plans/${plan.id}/objectives`, { pillar: 'partnerships', code: 'O1', titleFr: 'Coopérer', titleAr: 'التعاون' })).json().objectives[0].id;
      const make = async (code: string, frequency: string, startDate: string) => {
        const a = (await sec.post(`/api/v1/plan-objectives/${o}/actions`, { code, titleFr: `Action ${code}`, titleAr: `الإجراء ${code}`, leadOrganisationId: env.orgs.a, startDate, endDate: `${Y + 1}-12-31` })).json();
        const i = (await sec.post(`/api/v1/plan-actions/${a.id}/indicators`, { code: `I-${code}`, titleFr: `Indicateur ${code}`, titleAr: `المؤشر ${code}`, unit: 'count', frequency })).json();
        return { id: a.id as string, indicatorId: i.indicators[0].id as string };
      };
      const quarterly = await make('Q', 'quarterly', `${Y - 1}-02-01`);
      const annual = await make('A', 'annual', `${Y - 1}-01-01`);
      const now = `${Y}-05-10T10:00:00.000Z`;
      // A draft plan has no deadlines.
      expect(await plansService.ensureDeadlines(env.p, now)).toBe(0);
      await sec.patch(`/api/v1/action-plans/${plan.id}`, { version: 1, status: 'adopted' });
      expect(await plansService.ensureDeadlines(env.p, now)).toBe(6);
      expect(await plansService.ensureDeadlines(env.p, now)).toBe(0);
      const tasks = await env.p.db.selectFrom('tasks').selectAll().where('subject_type', '=', 'plan_action_report').execute();
      expect(tasks).toHaveLength(6);
      expect(tasks.every((t) => t.case_id === null && t.assignee_org_id === env.orgs.a && t.rule === 'plan_action_report' && t.status === 'open')).toBe(true);
      const deadlines = await env.p.db.selectFrom('plan_report_deadlines').selectAll().orderBy('period').execute();
      expect(deadlines.map((d) => `${d.action_id === annual.id ? 'A' : 'Q'}:${d.period}`).sort()).toEqual(['A:' + (Y - 1), `Q:${Y - 1}-Q1`, `Q:${Y - 1}-Q2`, `Q:${Y - 1}-Q3`, `Q:${Y - 1}-Q4`, `Q:${Y}-Q1`].sort());
      const annualTask = tasks.find((t) => t.subject_id === deadlines.find((d) => d.action_id === annual.id)!.id)!;
      expect(annualTask.due_at).toBe(endOfLocalDay(`${Y}-01-30`, env.config.timezone).toISOString());
      expect(annualTask.remind_at).toBe(startOfLocalDayBefore(`${Y}-01-30`, 7, env.config.timezone).toISOString());
      // The focal points see them in their task list (an organisation administrator sees only tasks about no case).
      const listed = (await focal.get('/api/v1/tasks')).json().items;
      expect(listed).toHaveLength(6);
      expect(listed[0]).toMatchObject({ caseId: null, caseReference: null, rule: 'plan_action_report', subject: { type: 'plan_action_report' }, overdue: true });
      expect((await supervisor.get('/api/v1/tasks?scope=organisation')).json().items).toHaveLength(6);
      const otherSupervisor = await userClient(env, env.orgs.b, ['case_supervisor']);
      expect((await otherSupervisor.get('/api/v1/tasks?scope=organisation')).json().items).toEqual([]);
      // The sweep escalates the overdue ones (no case in the notification).
      await timelinesService.sweep(env.p, now);
      const escalated = await env.p.db.selectFrom('notifications').select(['kind', 'case_id']).where('task_id', '=', annualTask.id).execute();
      expect(escalated).toEqual([{ kind: 'task_escalation', case_id: null }]);
      // It cannot be ticked off on the task list: sending the report ends it.
      const tick = await focal.patch(`/api/v1/tasks/${listed[0].id}`, { version: listed[0].version, status: 'done' });
      expect(tick.statusCode).toBe(400);
      expect(tick.json().error.details.fields[0]).toMatchObject({ path: 'status', code: 'report_required' });
      expect((await env.p.db.selectFrom('tasks').select('status').where('id', '=', listed[0].id).executeTakeFirstOrThrow()).status).toBe('open');
      // Submitting the report completes its task, and only that one.
      const r = (await focal.post(`/api/v1/plan-actions/${quarterly.id}/reports`, { period: `${Y}-Q1`, actionStatus: 'on_track', values: [{ indicatorId: quarterly.indicatorId, value: 3 }] })).json();
      await focal.post(`/api/v1/plan-reports/${r.id}/transitions`, { version: 1, action: 'submit' });
      const after = await env.p.db.selectFrom('tasks as t').innerJoin('plan_report_deadlines as d', 'd.id', 't.subject_id').select(['d.period', 't.status', 't.completed_by']).execute();
      expect(after.filter((t) => t.status === 'done').map((t) => t.period)).toEqual([`${Y}-Q1`]);
      expect(after.filter((t) => t.status === 'open')).toHaveLength(5);
      // A report already submitted before the job runs never gets a task.
      const later = `${Y}-07-20T10:00:00.000Z`;
      const r2 = (await focal.post(`/api/v1/plan-actions/${quarterly.id}/reports`, { period: `${Y}-Q2`, actionStatus: 'on_track', values: [{ indicatorId: quarterly.indicatorId, value: 1 }] })).json();
      await focal.post(`/api/v1/plan-reports/${r2.id}/transitions`, { version: 1, action: 'submit' });
      expect(await plansService.ensureDeadlines(env.p, later)).toBe(0);
      const audit = await env.p.db.selectFrom('audit_log').select('details').where('action', '=', 'plan.deadlines').execute();
      expect(audit.map((a) => JSON.parse(a.details))).toEqual([{ count: 6 }]);
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`action plan as XLSX [${dialect}]`, () => {
    let env: TestEnv;
    beforeAll(async () => {
      env = await createTestEnv(dialect);
    });
    afterAll(() => env.close());

    const upload = (c: Client, content: Buffer) => {
      const b = 'xlsxbnd';
      const body = Buffer.concat([Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="plan.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`), content, Buffer.from(`\r\n--${b}--\r\n`)]);
      return c.request('POST', '/api/v1/action-plans/import', body, { 'content-type': `multipart/form-data; boundary=${b}` });
    };
    const structure = async (c: Client, id: string) => {
      const plan = (await c.get(`/api/v1/action-plans/${id}`)).json();
      return {
        years: [plan.startYear, plan.endYear], titles: [plan.titleFr, plan.titleAr, plan.titleEn],
        objectives: plan.objectives.map((o: TObjective) => ({
          pillar: o.pillar, code: o.code, titleFr: o.titleFr, titleAr: o.titleAr,
          actions: o.actions.map((a) => ({ code: a.code, titleFr: a.titleFr, titleAr: a.titleAr, lead: a.lead, partners: a.partners, budgetMinor: a.budgetMinor, startDate: a.startDate, endDate: a.endDate, status: a.status,
            indicators: a.indicators.map((i) => ({ code: i.code, titleFr: i.titleFr, titleAr: i.titleAr, unit: i.unit, frequency: i.frequency, baselineValue: i.baselineValue, baselineYear: i.baselineYear, targets: i.targets })) })),
        })),
      };
    };

    it('exports a plan (translated headers, stable codes) and imports it back as a new draft with the same structure', async () => {
      const sec = await userClient(env, env.orgs.c, ['commission_analyst']);
      await sec.request('PUT', '/api/v1/auth/preferences', { language: 'ar' });
      const focal = await userClient(env, env.orgs.a, ['org_admin']);
      const plan = (await sec.post('/api/v1/action-plans', { code: 'PN-X', titleFr: 'Plan à exporter', titleAr: 'خطة للتصدير', titleEn: 'Plan to export', startYear: Y - 1, endYear: Y + 2 })).json();
      const withObj = (await sec.post(`/api/v1/action-plans/${plan.id}/objectives`, { pillar: 'prosecution', code: 'O3', titleFr: 'Poursuivre les auteurs', titleAr: 'متابعة الجناة' })).json();
      await sec.post(`/api/v1/action-plans/${plan.id}/objectives`, { pillar: 'prevention', code: 'O1', titleFr: 'Prévenir la traite', titleAr: 'الوقاية من الاتجار' });
      const a = (await sec.post(`/api/v1/plan-objectives/${withObj.objectives[0].id}/actions`, { code: 'A3.1', titleFr: 'Former les magistrats', titleAr: 'تكوين القضاة', leadOrganisationId: env.orgs.a, partnerOrganisationIds: [env.orgs.b], budgetMinor: 2_500_000, startDate: `${Y - 1}-01-15`, endDate: `${Y + 1}-06-30`, status: 'on_track' })).json();
      const withInd = (await sec.post(`/api/v1/plan-actions/${a.id}/indicators`, { code: 'I3.1', titleFr: 'Magistrats formés', titleAr: 'القضاة المكونون', unit: 'count', frequency: 'annual', baselineValue: 12, baselineYear: Y - 2, targets: [{ year: Y, value: 40 }, { year: Y + 1, value: 80 }] })).json();
      await sec.post(`/api/v1/plan-actions/${a.id}/indicators`, { code: 'I3.2', titleFr: 'Part des tribunaux couverts', titleAr: 'نسبة المحاكم المشمولة', unit: 'percent', frequency: 'semester', targets: [{ year: Y, value: 33.5 }] });
      await focal.post(`/api/v1/plan-actions/${a.id}/reports`, { period: `${Y - 1}`, actionStatus: 'on_track', values: [{ indicatorId: withInd.indicators[0].id, value: 20 }] });

      const exported = await sec.get(`/api/v1/action-plans/${plan.id}/export`);
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Plan', 'Objectives', 'Actions', 'Indicators', 'Targets', 'Progress']);
      const actions = wb.getWorksheet('Actions')!;
      expect(actions.getRow(1).getCell(1).value).toBe('الرمز');
      expect(actions.getRow(2).getCell(5).value).toBe('lead_organisation_id');
      expect(actions.getRow(3).getCell(6).value).toBe('Association A (Casablanca)');
      expect(wb.getWorksheet('Progress')!.getRow(3).values).toEqual([undefined, 'A3.1', `${Y - 1}`, 'draft', 'on_track', 'I3.1', 20]);
      expect(await env.p.db.selectFrom('audit_log').select('action').where('action', '=', 'plan.export').where('entity_id', '=', plan.id).execute()).toHaveLength(1);

      // The same workbook under another plan code becomes a new draft plan with the same structure.
      wb.getWorksheet('Plan')!.getRow(3).getCell(1).value = 'PN-Y';
      const imported = await upload(sec, Buffer.from(await wb.xlsx.writeBuffer()));
      expect(imported.statusCode).toBe(201);
      expect(imported.json()).toMatchObject({ created: true, counts: { objectives: 2, actions: 1, indicators: 2, targets: 3 } });
      const copy = (await sec.get(`/api/v1/action-plans/${imported.json().planId}`)).json();
      expect(copy).toMatchObject({ code: 'PN-Y', status: 'draft' });
      expect(await structure(sec, copy.id)).toEqual(await structure(sec, plan.id));
      // Importing it again updates the same draft (no duplicate).
      const again = await upload(sec, Buffer.from(await wb.xlsx.writeBuffer()));
      expect(again.json()).toMatchObject({ planId: copy.id, created: false });
      expect((await sec.get('/api/v1/action-plans')).json().items).toHaveLength(2);
      // An adopted plan is not overwritten by an import.
      await sec.patch(`/api/v1/action-plans/${copy.id}`, { version: copy.version + 1, status: 'adopted' });
      expect(fieldsOf(await upload(sec, Buffer.from(await wb.xlsx.writeBuffer())))).toEqual(['Plan.3.code:plan_not_draft']);
      expect((await upload(focal, Buffer.from(await wb.xlsx.writeBuffer()))).statusCode).toBe(403);
    });

    it('lists every error of a broken workbook with sheet, row and column, and writes nothing', async () => {
      const sec = await userClient(env, env.orgs.c, ['commission_analyst']);
      const wb = new ExcelJS.Workbook();
      const sheet = (name: string, codes: string[], rows: unknown[][]) => {
        const ws = wb.addWorksheet(name);
        ws.addRow(codes.map((c) => c.toUpperCase()));
        ws.addRow(codes);
        for (const r of rows) ws.addRow(r);
      };
      sheet('Plan', ['code', 'title_fr', 'title_ar', 'title_en', 'start_year', 'end_year'], [['PN-BAD', 'Plan cassé', 'خطة معطوبة', 'Broken plan', Y, Y + 2]]);
      sheet('Objectives', ['code', 'pillar', 'title_fr', 'title_ar'], [['O1', 'prevention', 'Prévenir', 'الوقاية'], ['O1', 'luck', 'Doublon', 'مكرر']]);
      sheet('Actions', ['code', 'objective_code', 'title_fr', 'title_ar', 'lead_organisation_id', 'partner_organisation_ids', 'budget_minor', 'currency', 'start_date', 'end_date', 'status'], [
        ['A1', 'O9', 'Action un', 'الإجراء الأول', '0190a0b0-0000-7000-8000-000000000000', '', 100, 'MAD', `${Y}-05-01`, `${Y}-04-01`, 'on_track'],
        ['A2', 'O1', 'Action deux', 'الإجراء الثاني', env.orgs.a, '', '', 'MAD', `${Y - 3}-01-01`, `${Y}-12-31`, ''],
      ]);
      sheet('Indicators', ['code', 'action_code', 'title_fr', 'title_ar', 'unit', 'frequency', 'baseline_value', 'baseline_year'], [['I1', 'A2', 'Taux', 'نسبة', 'percent', 'monthly', 150, '']]);
      sheet('Targets', ['indicator_code', 'year', 'value'], [['I1', Y + 5, 10], ['I9', Y, 5], ['I1', Y, 120]]);
      const before = await env.p.db.selectFrom('action_plans').select('id').execute();
      const objectivesBefore = await env.p.db.selectFrom('plan_objectives').select('id').execute();
      const res = await upload(sec, Buffer.from(await wb.xlsx.writeBuffer()));
      expect(res.statusCode).toBe(400);
      expect(fieldsOf(res)).toEqual([
        'Objectives.4.pillar:invalid_value', 'Objectives.4.code:duplicate_code',
        'Actions.3.objective_code:unknown_code', 'Actions.3.end_date:end_before_start', 'Actions.3.lead_organisation_id:unknown_organisation', 'Actions.4.start_date:date_outside_plan',
        'Indicators.3.frequency:invalid_value', 'Indicators.3.baseline_value:value_invalid_for_unit',
        'Targets.3.year:year_outside_plan', 'Targets.4.indicator_code:unknown_code', 'Targets.5.value:value_invalid_for_unit',
      ]);
      expect(await env.p.db.selectFrom('action_plans').select('id').execute()).toEqual(before);
      expect(await env.p.db.selectFrom('plan_objectives').select('id').execute()).toEqual(objectivesBefore);
      // Not a workbook; a workbook without its sheets.
      expect(fieldsOf(await upload(sec, Buffer.from('not a workbook')))).toEqual(['file:malformed_upload']);
      const empty = new ExcelJS.Workbook();
      empty.addWorksheet('Plan');
      expect(fieldsOf(await upload(sec, Buffer.from(await empty.xlsx.writeBuffer())))).toEqual([
        'Plan.2.code:missing_column', 'Plan.2.title_fr:missing_column', 'Plan.2.title_ar:missing_column', 'Plan.2.title_en:missing_column', 'Plan.2.start_year:missing_column', 'Plan.2.end_year:missing_column',
        'Objectives:missing_sheet', 'Actions:missing_sheet', 'Indicators:missing_sheet', 'Targets:missing_sheet',
      ]);
    });
  });
}
