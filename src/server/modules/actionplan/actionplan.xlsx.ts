/**
 * The action plan as an XLSX workbook (exceljs). Sheets: Plan, Objectives, Actions, Indicators, Targets,
 * Progress. Row 1 holds the column headers in the caller's language, row 2 the stable column codes (import
 * finds columns by code, so their order may change), data starts on row 3. Organisations are given by id
 * (their name is an informative column). Import reads the same format, validates the whole workbook before
 * any write (every error with sheet, row, column and code) and creates a DRAFT plan, or updates the draft
 * plan with the same code (upsert by code; nothing is deleted; targets and partners are replaced). The
 * Progress sheet is exported for reading and ignored on import.
 */
import ExcelJS from 'exceljs';
import { ACTION_STATUSES, INDICATOR_FREQUENCIES, INDICATOR_UNITS, PLAN_PILLARS } from '../../../contract/actionplan';
import type { Actor, Platform } from '../../platform/context';
import type { Tx } from '../../platform/db/database';
import { AppError, type FieldError } from '../../platform/errors';
import { auditRead, recordAudit } from '../../platform/audit';
import { translate } from '../../platform/i18n';
import { newId, nowIso } from '../../platform/ids';
import { actionplanPolicy as policy } from './actionplan.policy';
import { planRepository as repo } from './actionplan.repository';
import { validForUnit } from './periods';

export const SHEETS = {
  Plan: ['code', 'title_fr', 'title_ar', 'title_en', 'start_year', 'end_year', 'status'],
  Objectives: ['code', 'pillar', 'title_fr', 'title_ar'],
  Actions: ['code', 'objective_code', 'title_fr', 'title_ar', 'lead_organisation_id', 'lead_organisation', 'partner_organisation_ids', 'budget_minor', 'currency', 'start_date', 'end_date', 'status'],
  Indicators: ['code', 'action_code', 'title_fr', 'title_ar', 'unit', 'frequency', 'baseline_value', 'baseline_year'],
  Targets: ['indicator_code', 'year', 'value'],
  Progress: ['action_code', 'period', 'report_status', 'action_status', 'indicator_code', 'value'],
} as const;
type SheetName = keyof typeof SHEETS;
type Row = Record<string, string>;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function addSheet(wb: ExcelJS.Workbook, lang: Actor['language'], name: SheetName, rows: (string | number | null)[][]) {
  const ws = wb.addWorksheet(name);
  const codes = SHEETS[name];
  ws.addRow(codes.map((c) => translate(lang, `actionplan.xlsx.columns.${c}`)));
  ws.addRow([...codes]);
  ws.getRow(1).font = { bold: true };
  ws.getRow(2).font = { italic: true, color: { argb: 'FF555555' } };
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((c) => (c.width = 22));
}

export async function exportPlan(p: Platform, trx: Tx, actor: Actor, planId: string): Promise<{ body: Buffer; fileName: string }> {
  if (!policy.manage(actor)) throw AppError.forbidden();
  const plan = await repo.plan(trx, planId);
  if (!plan) throw AppError.notFound();
  const [objectives, actions, indicators] = await Promise.all([repo.objectives(trx, planId), repo.actions(trx, planId), repo.indicators(trx, planId)]);
  const [partners, targets, orgs, reports] = await Promise.all([
    repo.partners(trx, actions.map((a) => a.id)),
    repo.targets(trx, indicators.map((i) => i.id)),
    repo.organisations(trx, [...new Set(actions.map((a) => a.lead_org_id))]),
    repo.reports(trx, { planId }),
  ]);
  const values = await repo.reportValues(trx, reports.map((r) => r.id));
  const objCode = new Map(objectives.map((o) => [o.id, o.code]));
  const actCode = new Map(actions.map((a) => [a.id, a.code]));
  const indCode = new Map(indicators.map((i) => [i.id, i.code]));
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const wb = new ExcelJS.Workbook();
  wb.creator = 'OpenNRM';
  addSheet(wb, actor.language, 'Plan', [[plan.code, plan.title_fr, plan.title_ar, plan.title_en, plan.start_year, plan.end_year, plan.status]]);
  addSheet(wb, actor.language, 'Objectives', objectives.map((o) => [o.code, o.pillar, o.title_fr, o.title_ar]));
  addSheet(wb, actor.language, 'Actions', actions.map((a) => [
    a.code, objCode.get(a.objective_id) ?? '', a.title_fr, a.title_ar, a.lead_org_id, orgName.get(a.lead_org_id) ?? '',
    partners.filter((x) => x.action_id === a.id).map((x) => x.organisation_id).join(';'), a.budget_minor === null ? null : Number(a.budget_minor), a.currency, a.start_date, a.end_date, a.status,
  ]));
  addSheet(wb, actor.language, 'Indicators', indicators.map((i) => [i.code, actCode.get(i.action_id) ?? '', i.title_fr, i.title_ar, i.unit, i.frequency, i.baseline_value === null ? null : Number(i.baseline_value), i.baseline_year]));
  addSheet(wb, actor.language, 'Targets', targets.map((t) => [indCode.get(t.indicator_id) ?? '', t.year, Number(t.value)]));
  addSheet(wb, actor.language, 'Progress', reports.flatMap((r): (string | number | null)[][] => {
    const vs = values.filter((v) => v.report_id === r.id);
    return vs.length ? vs.map((v) => [r.action_code, r.period, r.status, r.action_status, v.code, Number(v.value)]) : [[r.action_code, r.period, r.status, r.action_status, null, null]];
  }));
  await auditRead(p, trx, actor, { action: 'plan.export', entityType: 'action_plan', entityId: planId, details: { format: 'xlsx' } });
  return { body: Buffer.from(await wb.xlsx.writeBuffer()), fileName: `${plan.code}.xlsx` };
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('').trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text).trim();
    return '';
  }
  return String(v).trim();
}

/** Reads a sheet's data rows by column code; records missing sheets and columns. */
function readSheet(wb: ExcelJS.Workbook, name: SheetName, errors: FieldError[], required = true): { row: number; cells: Row }[] {
  const ws = wb.getWorksheet(name);
  if (!ws) {
    if (required) errors.push({ path: `${name}`, code: 'missing_sheet' });
    return [];
  }
  const header = ws.getRow(2);
  const index = new Map<string, number>();
  header.eachCell((c, col) => index.set(cellText(c.value), col));
  const wanted = SHEETS[name].filter((c) => c !== 'status' || name !== 'Plan').filter((c) => c !== 'lead_organisation');
  const missing = wanted.filter((c) => !index.has(c));
  for (const c of missing) errors.push({ path: `${name}.2.${c}`, code: 'missing_column' });
  if (missing.length) return [];
  const out: { row: number; cells: Row }[] = [];
  for (let r = 3; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: Row = {};
    for (const c of SHEETS[name]) cells[c] = index.has(c) ? cellText(row.getCell(index.get(c)!).value) : '';
    if (Object.values(cells).every((v) => v === '')) continue;
    out.push({ row: r, cells });
  }
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[A-Za-z0-9._-]{1,30}$/;

type Parsed = {
  plan: { code: string; title_fr: string; title_ar: string; title_en: string; start_year: number; end_year: number };
  objectives: { code: string; pillar: string; title_fr: string; title_ar: string }[];
  actions: { code: string; objective: string; title_fr: string; title_ar: string; lead: string; partners: string[]; budget: number | null; start: string; end: string; status: string }[];
  indicators: { code: string; action: string; title_fr: string; title_ar: string; unit: string; frequency: string; baseline: number | null; baselineYear: number | null }[];
  targets: { indicator: string; year: number; value: number }[];
};

export type ImportResult = { planId: string; created: boolean; counts: { objectives: number; actions: number; indicators: number; targets: number } };

export async function importPlan(p: Platform, trx: Tx, actor: Actor, buffer: Buffer): Promise<ImportResult> {
  if (!policy.manage(actor)) throw AppError.forbidden();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw AppError.validation([{ path: 'file', code: 'malformed_upload' }]);
  }
  const errors: FieldError[] = [];
  const at = (sheet: SheetName, row: number, col: string, code: FieldError['code']) => errors.push({ path: `${sheet}.${row}.${col}`, code });
  const text = (sheet: SheetName, r: { row: number; cells: Row }, col: string, min = 1, max = 500) => {
    const v = r.cells[col] ?? '';
    if (v.length < min) at(sheet, r.row, col, 'required');
    else if (v.length > max) at(sheet, r.row, col, 'invalid_value');
    return v;
  };
  const code = (sheet: SheetName, r: { row: number; cells: Row }, col: string) => {
    const v = r.cells[col] ?? '';
    if (!v) at(sheet, r.row, col, 'required');
    else if (!CODE.test(v)) at(sheet, r.row, col, 'invalid_value');
    return v;
  };
  const number = (sheet: SheetName, r: { row: number; cells: Row }, col: string, opts: { optional?: boolean; integer?: boolean } = {}): number | null => {
    const v = r.cells[col] ?? '';
    if (v === '') {
      if (!opts.optional) at(sheet, r.row, col, 'required');
      return null;
    }
    const n = Number(v.replace(',', '.'));
    if (!Number.isFinite(n) || (opts.integer && !Number.isInteger(n))) {
      at(sheet, r.row, col, 'invalid_value');
      return null;
    }
    return n;
  };
  const oneOf = (sheet: SheetName, r: { row: number; cells: Row }, col: string, allowed: readonly string[]) => {
    const v = r.cells[col] ?? '';
    if (!allowed.includes(v)) at(sheet, r.row, col, v ? 'invalid_value' : 'required');
    return v;
  };

  const planRows = readSheet(wb, 'Plan', errors);
  const objRows = readSheet(wb, 'Objectives', errors);
  const actRows = readSheet(wb, 'Actions', errors);
  const indRows = readSheet(wb, 'Indicators', errors);
  const tgtRows = readSheet(wb, 'Targets', errors);
  if (errors.length) throw AppError.validation(errors);
  if (planRows.length !== 1) throw AppError.validation([{ path: `Plan.3.code`, code: planRows.length ? 'invalid_value' : 'required' }]);

  const pr = planRows[0]!;
  const parsed: Parsed = {
    plan: {
      code: code('Plan', pr, 'code'), title_fr: text('Plan', pr, 'title_fr', 3), title_ar: text('Plan', pr, 'title_ar', 3), title_en: text('Plan', pr, 'title_en', 3),
      start_year: number('Plan', pr, 'start_year', { integer: true }) ?? 0, end_year: number('Plan', pr, 'end_year', { integer: true }) ?? 0,
    },
    objectives: [], actions: [], indicators: [], targets: [],
  };
  const plan = parsed.plan;
  if (plan.start_year && plan.end_year && plan.end_year < plan.start_year) at('Plan', pr.row, 'end_year', 'end_before_start');
  const existing = plan.code ? await repo.planByCode(trx, plan.code) : undefined;
  if (existing && existing.status !== 'draft') at('Plan', pr.row, 'code', 'plan_not_draft');
  const inPlan = (d: string) => d >= `${plan.start_year}-01-01` && d <= `${plan.end_year}-12-31`;

  const seen = (list: { code: string }[], c: string) => list.some((x) => x.code === c);
  for (const r of objRows) {
    const o = { code: code('Objectives', r, 'code'), pillar: oneOf('Objectives', r, 'pillar', PLAN_PILLARS), title_fr: text('Objectives', r, 'title_fr', 3), title_ar: text('Objectives', r, 'title_ar', 3) };
    if (o.code && seen(parsed.objectives, o.code)) at('Objectives', r.row, 'code', 'duplicate_code');
    parsed.objectives.push(o);
  }
  const orgIds = new Set<string>();
  for (const r of actRows) {
    const lead = r.cells.lead_organisation_id ?? '';
    const partners = (r.cells.partner_organisation_ids ?? '').split(/[;,\s]+/).filter(Boolean);
    const a = {
      code: code('Actions', r, 'code'), objective: r.cells.objective_code ?? '', title_fr: text('Actions', r, 'title_fr', 3), title_ar: text('Actions', r, 'title_ar', 3),
      lead, partners, budget: number('Actions', r, 'budget_minor', { optional: true, integer: true }), start: r.cells.start_date ?? '', end: r.cells.end_date ?? '',
      status: r.cells.status ? oneOf('Actions', r, 'status', ACTION_STATUSES) : 'not_started',
    };
    if (a.code && seen(parsed.actions, a.code)) at('Actions', r.row, 'code', 'duplicate_code');
    if (!seen(parsed.objectives, a.objective)) at('Actions', r.row, 'objective_code', a.objective ? 'unknown_code' : 'required');
    if (!UUID.test(lead)) at('Actions', r.row, 'lead_organisation_id', lead ? 'unknown_organisation' : 'required');
    else orgIds.add(lead);
    partners.forEach((x) => (UUID.test(x) ? orgIds.add(x) : at('Actions', r.row, 'partner_organisation_ids', 'unknown_organisation')));
    if (a.budget !== null && a.budget < 0) at('Actions', r.row, 'budget_minor', 'invalid_value');
    if (r.cells.currency && r.cells.currency !== 'MAD') at('Actions', r.row, 'currency', 'invalid_value');
    const startOk = DATE.test(a.start) && !Number.isNaN(Date.parse(a.start));
    const endOk = DATE.test(a.end) && !Number.isNaN(Date.parse(a.end));
    if (!startOk) at('Actions', r.row, 'start_date', a.start ? 'invalid_value' : 'required');
    if (!endOk) at('Actions', r.row, 'end_date', a.end ? 'invalid_value' : 'required');
    if (startOk && endOk && a.end < a.start) at('Actions', r.row, 'end_date', 'end_before_start');
    if (startOk && !inPlan(a.start)) at('Actions', r.row, 'start_date', 'date_outside_plan');
    if (endOk && !inPlan(a.end)) at('Actions', r.row, 'end_date', 'date_outside_plan');
    parsed.actions.push(a);
  }
  const found = new Map((await repo.organisations(trx, [...orgIds])).map((o) => [o.id, o.active]));
  actRows.forEach((r, i) => {
    const a = parsed.actions[i]!;
    if (UUID.test(a.lead) && found.get(a.lead) !== 1) at('Actions', r.row, 'lead_organisation_id', 'unknown_organisation');
    if (a.partners.some((x) => UUID.test(x) && found.get(x) !== 1)) at('Actions', r.row, 'partner_organisation_ids', 'unknown_organisation');
  });
  for (const r of indRows) {
    const unit = oneOf('Indicators', r, 'unit', INDICATOR_UNITS);
    const ind = {
      code: code('Indicators', r, 'code'), action: r.cells.action_code ?? '', title_fr: text('Indicators', r, 'title_fr', 3), title_ar: text('Indicators', r, 'title_ar', 3),
      unit, frequency: oneOf('Indicators', r, 'frequency', INDICATOR_FREQUENCIES),
      baseline: number('Indicators', r, 'baseline_value', { optional: true }), baselineYear: number('Indicators', r, 'baseline_year', { optional: true, integer: true }),
    };
    if (ind.code && seen(parsed.indicators, ind.code)) at('Indicators', r.row, 'code', 'duplicate_code');
    if (!seen(parsed.actions, ind.action)) at('Indicators', r.row, 'action_code', ind.action ? 'unknown_code' : 'required');
    if (ind.baseline !== null && (INDICATOR_UNITS as readonly string[]).includes(unit) && !validForUnit(unit, ind.baseline)) at('Indicators', r.row, 'baseline_value', 'value_invalid_for_unit');
    if (ind.baselineYear !== null && ind.baselineYear > plan.end_year) at('Indicators', r.row, 'baseline_year', 'year_outside_plan');
    parsed.indicators.push(ind);
  }
  const targetKeys = new Set<string>();
  for (const r of tgtRows) {
    const t = { indicator: r.cells.indicator_code ?? '', year: number('Targets', r, 'year', { integer: true }) ?? 0, value: number('Targets', r, 'value') ?? 0 };
    const ind = parsed.indicators.find((x) => x.code === t.indicator);
    if (!ind) at('Targets', r.row, 'indicator_code', t.indicator ? 'unknown_code' : 'required');
    if (t.year && (t.year < plan.start_year || t.year > plan.end_year)) at('Targets', r.row, 'year', 'year_outside_plan');
    else if (targetKeys.has(`${t.indicator}|${t.year}`)) at('Targets', r.row, 'year', 'duplicate_year');
    targetKeys.add(`${t.indicator}|${t.year}`);
    if (ind && (INDICATOR_UNITS as readonly string[]).includes(ind.unit) && r.cells.value !== '' && !validForUnit(ind.unit, t.value)) at('Targets', r.row, 'value', 'value_invalid_for_unit');
    parsed.targets.push(t);
  }
  if (errors.length) {
    // In reading order: sheet by sheet, row by row.
    const order = Object.keys(SHEETS);
    const key = (e: FieldError) => { const [sheet, row] = e.path.split('.'); return order.indexOf(sheet!) * 1e6 + Number(row ?? 0); };
    throw AppError.validation(errors.map((e, i) => ({ e, i })).sort((a, b) => key(a.e) - key(b.e) || a.i - b.i).map((x) => x.e));
  }

  // Everything is valid: write.
  const now = nowIso();
  let planId: string;
  if (existing) {
    planId = existing.id;
    await trx.updateTable('action_plans').set({ title_fr: plan.title_fr, title_ar: plan.title_ar, title_en: plan.title_en, start_year: plan.start_year, end_year: plan.end_year, updated_at: now, version: existing.version + 1 }).where('id', '=', planId).execute();
  } else {
    planId = newId();
    await trx.insertInto('action_plans').values({ id: planId, ...plan, status: 'draft', version: 1, created_by: actor.userId, created_at: now, updated_at: now }).execute();
  }
  const [oldObj, oldAct, oldInd] = existing ? await Promise.all([repo.objectives(trx, planId), repo.actions(trx, planId), repo.indicators(trx, planId)]) : [[], [], []];
  const objId = new Map<string, string>();
  for (const o of parsed.objectives) {
    const prev = oldObj.find((x) => x.code === o.code);
    if (prev) await trx.updateTable('plan_objectives').set({ pillar: o.pillar, title_fr: o.title_fr, title_ar: o.title_ar, updated_at: now, version: prev.version + 1 }).where('id', '=', prev.id).execute();
    const id = prev?.id ?? newId();
    if (!prev) await trx.insertInto('plan_objectives').values({ id, plan_id: planId, ...o, version: 1, created_at: now, updated_at: now }).execute();
    objId.set(o.code, id);
  }
  const actId = new Map<string, string>();
  for (const a of parsed.actions) {
    const prev = oldAct.find((x) => x.code === a.code);
    const values = { objective_id: objId.get(a.objective)!, title_fr: a.title_fr, title_ar: a.title_ar, lead_org_id: a.lead, budget_minor: a.budget, currency: 'MAD', start_date: a.start, end_date: a.end, status: a.status, updated_at: now };
    const id = prev?.id ?? newId();
    if (prev) await trx.updateTable('plan_actions').set({ ...values, version: prev.version + 1 }).where('id', '=', id).execute();
    else await trx.insertInto('plan_actions').values({ id, plan_id: planId, code: a.code, ...values, version: 1, created_at: now }).execute();
    await trx.deleteFrom('plan_action_partners').where('action_id', '=', id).execute();
    const partners = [...new Set(a.partners)].filter((x) => x !== a.lead);
    if (partners.length) await trx.insertInto('plan_action_partners').values(partners.map((org) => ({ action_id: id, organisation_id: org }))).execute();
    actId.set(a.code, id);
  }
  const indId = new Map<string, string>();
  for (const i of parsed.indicators) {
    const prev = oldInd.find((x) => x.code === i.code);
    const values = { action_id: actId.get(i.action)!, title_fr: i.title_fr, title_ar: i.title_ar, unit: i.unit, frequency: i.frequency, baseline_value: i.baseline === null ? null : String(i.baseline), baseline_year: i.baselineYear, updated_at: now };
    const id = prev?.id ?? newId();
    if (prev) await trx.updateTable('plan_indicators').set({ ...values, version: prev.version + 1 }).where('id', '=', id).execute();
    else await trx.insertInto('plan_indicators').values({ id, plan_id: planId, code: i.code, ...values, version: 1, created_at: now }).execute();
    await trx.deleteFrom('plan_indicator_targets').where('indicator_id', '=', id).execute();
    indId.set(i.code, id);
  }
  if (parsed.targets.length) await trx.insertInto('plan_indicator_targets').values(parsed.targets.map((t) => ({ indicator_id: indId.get(t.indicator)!, year: t.year, value: String(t.value) }))).execute();
  const counts = { objectives: parsed.objectives.length, actions: parsed.actions.length, indicators: parsed.indicators.length, targets: parsed.targets.length };
  await recordAudit(p, trx, actor, { action: 'plan.import', entityType: 'action_plan', entityId: planId, details: { code: plan.code, created: !existing, ...counts } });
  return { planId, created: !existing, counts };
}
