/**
 * The retention schedule at work: the overview (what each rule keeps, what is due now and this month, what is
 * held), and the run that applies the rules, in batches of one transaction each, with its progress and report
 * in `retention_runs` and every record it touched in `retention_actions` (ids only). Each batch is audited
 * with the change. Runs once a day at `runAtHour` (the minute job checks), or when an administrator asks.
 */
import type { TRetentionOverview, TRetentionRunView } from '../../../contract/retention';
import type { Actor, Platform } from '../../platform/context';
import type { RetentionRunsTable } from '../../platform/db/schema';
import { recordAudit } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import { newId, nowIso } from '../../platform/ids';
import { localDate } from '../timelines/calendar';
import { cutoffOf, retentionConfig, type RetentionRule } from './retention.config';
import { afterErasure, anonymisePerson } from './retention.erase';
import { countDue, KINDS, nextDue } from './retention.rules';
import { retentionPolicy } from './retention.policy';

const BATCH = 100;

/** Rules the run acts on (the others are listed for review). */
const acting = (r: RetentionRule) => r.action !== 'review' && !!KINDS[r.kind].apply;

/** Checked at start: a rule asks an action its kind can do. */
export function checkRetentionConfig(): void {
  for (const r of retentionConfig().rules) {
    if (r.action !== 'review' && !KINDS[r.kind].apply) throw new Error(`retention rule "${r.kind}": this kind can only be reviewed, not "${r.action}"`);
  }
}

function endOfMonth(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1) - 1);
}

/** The runs with the name of whoever started one by hand (the schedule starts the others). */
const runs = (db: Platform['db']) =>
  db.selectFrom('retention_runs as r').leftJoin('users as u', 'u.id', 'r.started_by').selectAll('r').select('u.display_name as started_by_name');

function runView(r: RetentionRunsTable & { started_by_name: string | null }): TRetentionRunView {
  return {
    id: r.id,
    trigger: r.trigger as TRetentionRunView['trigger'],
    startedBy: r.started_by_name,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status as TRetentionRunView['status'],
    total: Number(r.total),
    done: Number(r.done),
    report: JSON.parse(r.report) as TRetentionRunView['report'],
    error: r.error,
  };
}

async function execute(p: Platform, runId: string, at: Date): Promise<void> {
  const report: TRetentionRunView['report'] = [];
  let done = 0;
  try {
    await executeGrantedErasures(p);
    for (const rule of retentionConfig().rules) {
      const kind = KINDS[rule.kind];
      const cutoff = cutoffOf(rule, at);
      if (!acting(rule)) {
        report.push({ kind: rule.kind, action: rule.action, due: await countDue(p.db, kind, cutoff), done: 0 });
        continue;
      }
      let applied = 0;
      let after = '';
      for (;;) {
        const ids = await nextDue(p.db, kind, cutoff, after, BATCH);
        if (ids.length === 0) break;
        after = ids[ids.length - 1]!;
        const now = nowIso();
        const erased = await p.db.transaction().execute(async (trx) => {
          // Due when listed, and still due now (nothing changed in between): the batch re-checks in its transaction.
          const still = new Set(await trx.selectFrom(kind.due(trx, cutoff).as('d')).select('d.id').where('d.id', 'in', ids).execute().then((r) => r.map((x) => x.id as string)));
          const batch = ids.filter((id) => still.has(id));
          if (batch.length === 0) return [];
          await kind.apply!(p, trx, batch, rule.action);
          await trx
            .insertInto('retention_actions')
            .values(batch.map((id) => ({ id: newId(), run_id: runId, rule: rule.kind, entity_type: kind.entity, entity_id: id, action: rule.action, at: now })))
            .execute();
          await recordAudit(
            p,
            trx,
            null,
            batch.map((id) => ({ action: `retention.${rule.action}`, entityType: kind.entity, entityId: id, details: { rule: rule.kind, run: runId } })),
          );
          applied += batch.length;
          await trx.updateTable('retention_runs').set({ done: done + applied }).where('id', '=', runId).execute();
          return rule.kind === 'case' ? batch : [];
        });
        // Once committed: the persons go into the ledger outside the database.
        afterErasure(p, erased);
      }
      done += applied;
      report.push({ kind: rule.kind, action: rule.action, due: applied, done: applied });
    }
    await p.db.transaction().execute(async (trx) => {
      await trx.updateTable('retention_runs').set({ status: 'done', done, report: JSON.stringify(report), finished_at: nowIso() }).where('id', '=', runId).execute();
      await recordAudit(p, trx, null, { action: 'retention.run.finish', entityType: 'retention_run', entityId: runId, details: { done } });
    });
  } catch (err) {
    await p.db
      .updateTable('retention_runs')
      .set({ status: 'failed', done, report: JSON.stringify(report), error: String((err as Error).message ?? err).slice(0, 500), finished_at: nowIso() })
      .where('id', '=', runId)
      .execute();
    throw err;
  }
}

/** Starts a run for the instant `at` (now, but for tests); `joinRunning`: a run already in progress is returned instead of refused (409). */
async function start(p: Platform, trigger: 'schedule' | 'manual', actor: Actor | null, at: Date, joinRunning = false): Promise<{ id: string; started: boolean }> {
  const id = newId();
  const running = await p.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('retention_runs').select('id').where('status', '=', 'running').executeTakeFirst();
    if (current && joinRunning) return current.id;
    if (current) throw new AppError('CONFLICT', { reason: 'retention_run_running', runId: current.id });
    let total = 0;
    for (const rule of retentionConfig().rules) if (acting(rule)) total += await countDue(trx, KINDS[rule.kind], cutoffOf(rule, at));
    await trx
      .insertInto('retention_runs')
      .values({ id, trigger, started_by: actor?.userId ?? null, started_at: at.toISOString(), finished_at: null, status: 'running', total, done: 0, report: '[]', error: null })
      .execute();
    await recordAudit(p, trx, actor, { action: 'retention.run.start', entityType: 'retention_run', entityId: id, details: { trigger, total } });
    return null;
  });
  return running ? { id: running, started: false } : { id, started: true };
}

/** At start: a run cut off by a stop is marked as such (its finished batches stay done; the next run goes on). */
export async function markInterruptedRuns(p: Platform): Promise<void> {
  await p.db.updateTable('retention_runs').set({ status: 'failed', error: 'interrupted by a stop', finished_at: nowIso() }).where('status', '=', 'running').execute();
}

/**
 * Erasures the person asked for and the organisation granted (modules/subjectrights): carried out within a
 * minute of the decision (the `retention.run` job), each in its own transaction, audited on the request.
 */
export async function executeGrantedErasures(p: Platform): Promise<number> {
  let n = 0;
  for (;;) {
    const due = await p.db
      .selectFrom('subject_requests as sr')
      .innerJoin('persons as pe', 'pe.id', 'sr.person_id')
      .select(['sr.id', 'sr.person_id'])
      .where('sr.kind', '=', 'erasure')
      .where('sr.status', '=', 'granted')
      .where('pe.anonymised_at', 'is', null)
      .orderBy('sr.decided_at')
      .limit(50)
      .execute();
    if (due.length === 0) return n;
    for (const r of due) {
      await p.db.transaction().execute(async (trx) => {
        const caseIds = await anonymisePerson(p, trx, r.person_id, 'request');
        await recordAudit(p, trx, null, [
          { action: 'subject_request.erasure_executed', entityType: 'subject_request', entityId: r.id, details: { cases: caseIds.length } },
          { action: 'retention.anonymise', entityType: 'person', entityId: r.person_id, details: { request: r.id } },
        ]);
      });
      afterErasure(p, [r.person_id]);
      n += 1;
    }
  }
}

export const retentionService = {
  async overview(p: Platform, actor: Actor, at = new Date()): Promise<TRetentionOverview> {
    if (!retentionPolicy.read(actor)) throw AppError.forbidden();
    const config = retentionConfig();
    const rules: TRetentionOverview['rules'] = [];
    for (const r of config.rules) {
      const kind = KINDS[r.kind];
      rules.push({
        kind: r.kind,
        clock: r.clock,
        months: r.months ?? null,
        days: r.days ?? null,
        action: r.action,
        dueNow: await countDue(p.db, kind, cutoffOf(r, at)),
        dueThisMonth: await countDue(p.db, kind, cutoffOf(r, endOfMonth(at))),
        held: await kind.held(p.db, cutoffOf(r, at)),
      });
    }
    const recent = await runs(p.db).orderBy('r.started_at', 'desc').limit(20).execute();
    return { notes: config.notes ?? '', runAtHour: config.runAtHour, rules, runs: recent.map(runView) };
  },

  async run(p: Platform, id: string, actor: Actor): Promise<TRetentionRunView> {
    if (!retentionPolicy.read(actor)) throw AppError.forbidden();
    const r = await runs(p.db).where('r.id', '=', id).executeTakeFirst();
    if (!r) throw AppError.notFound();
    return runView(r);
  },

  /**
   * Starts a run now; it goes on in the background (its progress in `run`). Asked again while one is in
   * progress (a second click, a second administrator), the run in progress is the answer.
   */
  async startManual(p: Platform, actor: Actor, at = new Date()): Promise<TRetentionRunView> {
    if (!retentionPolicy.run(actor)) throw AppError.forbidden();
    const { id, started } = await start(p, 'manual', actor, at, true);
    if (started) void execute(p, id, at).catch(() => undefined);
    return retentionService.run(p, id, actor);
  },

  /** A whole run, awaited (the daily job, the CLI and tests); refused (409) while another is in progress. */
  async runNow(p: Platform, trigger: 'schedule' | 'manual', actor: Actor | null, at = new Date()): Promise<string> {
    const { id } = await start(p, trigger, actor, at);
    await execute(p, id, at);
    return id;
  },

  /** The minute job: once a day, from `runAtHour` (the installation's time zone), if no scheduled run started today (and unless OPENNRM_RETENTION_DAILY=off). */
  async runIfScheduled(p: Platform, at = new Date()): Promise<string | null> {
    if (!p.config.retentionDaily) return null;
    const hour = Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: p.config.timezone }).format(at));
    if (hour < retentionConfig().runAtHour) return null;
    const today = localDate(at, p.config.timezone);
    const last = await p.db.selectFrom('retention_runs').select('started_at').where('trigger', '=', 'schedule').orderBy('started_at', 'desc').limit(1).executeTakeFirst();
    if (last && localDate(new Date(last.started_at), p.config.timezone) === today) return null;
    const running = await p.db.selectFrom('retention_runs').select('id').where('status', '=', 'running').executeTakeFirst();
    if (running) return null;
    return retentionService.runNow(p, 'schedule', null, at);
  },
};
