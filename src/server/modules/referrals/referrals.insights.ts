/**
 * Reading across referrals: a case's pathway (every referral, service and decision in time order), the
 * supervisor's figures (who refers to whom, acceptance, time to referral and to first service — computed
 * from the referral data itself), and the inbox counts.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import type { TOrganisationType } from '../../../contract/common';
import type { TPathwayStats, ZInbox, ZPathwayEvent, ZPathwayStatsQuery } from '../../../contract/referrals';
import type { Actor, Platform } from '../../platform/context';
import { hasRole } from '../../platform/context';
import type { Db, Tx } from '../../platform/db/database';
import { AppError } from '../../platform/errors';
import { auditRead, recordAudit } from '../../platform/audit';
import { nowIso } from '../../platform/ids';
import { caseAccess } from '../cases/cases.service';
import { daysBetween, endOfLocalDay, localDate, zonedToUtc } from '../timelines/calendar';
import { referralsPolicy as policy } from './referrals.policy';

type PathwayEvent = z.infer<typeof ZPathwayEvent>;

/** Median (mean of the two middle values for an even count); null for no values. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile (q in 0..1]; null for no values. */
export function percentile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(q * s.length) - 1)]!;
}


const durations = (values: number[]) => ({ count: values.length, medianDays: median(values), p90Days: percentile(values, 0.9) });

export const referralInsights = {
  async pathway(p: Platform, trx: Tx, actor: Actor, caseId: string): Promise<{ caseId: string; events: PathwayEvent[] }> {
    const { c, access } = await caseAccess(trx, actor, caseId);
    // The pathway tells where else the person was referred (a clinic, a lawyer…): the managing organisation's
    // only. A grantee follows its own referrals through GET /referrals.
    if (access.level !== 'manager') throw AppError.forbidden();
    const orgName = async (id: string | null) => (id ? ((await trx.selectFrom('organisations').select('name').where('id', '=', id).executeTakeFirst())?.name ?? '') : '');
    const events: PathwayEvent[] = [];
    const base = { counterpart: null, referralId: null };

    const rq = trx
      .selectFrom('referral_events as e')
      .innerJoin('referrals as r', 'r.id', 'e.referral_id')
      .innerJoin('organisations as fo', 'fo.id', 'r.from_org_id')
      .innerJoin('organisations as tor', 'tor.id', 'r.to_org_id')
      .leftJoin('organisations as ao', 'ao.id', 'e.actor_org_id')
      .select(['e.at', 'e.to_status', 'e.action', 'r.id as referral_id', 'fo.name as from_name', 'tor.name as to_name', 'ao.name as actor_name', 'e.actor_org_id', 'r.from_org_id'])
      .where('r.case_id', '=', c.id);
    for (const e of await rq.execute()) {
      const bySender = e.actor_org_id === e.from_org_id || e.action === 'send';
      events.push({
        at: e.at,
        kind: 'referral',
        code: e.action === 'acknowledge' ? 'acknowledged' : e.to_status,
        organisation: e.actor_name ?? (bySender ? e.from_name : e.to_name),
        counterpart: bySender ? e.to_name : e.from_name,
        referralId: e.referral_id,
      });
    }
    const dq = trx
      .selectFrom('service_deliveries as d')
      .innerJoin('organisations as o', 'o.id', 'd.organisation_id')
      .select(['d.created_at', 'd.delivered_on', 'd.unit', 'd.units', 'd.referral_id', 'o.name', 'd.organisation_id'])
      .where('d.case_id', '=', c.id);
    for (const d of await dq.execute()) {
      events.push({ at: d.created_at, kind: 'service', code: d.unit, organisation: d.name, counterpart: null, referralId: d.referral_id, date: d.delivered_on, units: d.units });
    }

    events.push({ ...base, at: c.created_at, kind: 'registered', code: null, organisation: await orgName(c.identifying_org_id ?? c.managing_org_id) });
    const screenings = await trx.selectFrom('screenings as s').innerJoin('organisations as o', 'o.id', 's.organisation_id').select(['s.created_at', 's.outcome', 'o.name']).where('s.case_id', '=', c.id).execute();
    for (const s of screenings) events.push({ ...base, at: s.created_at, kind: 'screening', code: s.outcome, organisation: s.name });
    const decisions = await trx
      .selectFrom('identification_decisions as d')
      .innerJoin('organisations as o', 'o.id', 'd.deciding_org_id')
      .select(['d.created_at', 'd.status', 'd.state', 'o.name'])
      .where('d.case_id', '=', c.id)
      .where('d.state', 'in', ['final', 'superseded'])
      .execute();
    for (const d of decisions) events.push({ ...base, at: d.created_at, kind: 'identification_decision', code: d.status, organisation: d.name });
    const consents = await trx.selectFrom('consents as k').innerJoin('organisations as o', 'o.id', 'k.organisation_id').select(['k.created_at', 'k.withdrawn_at', 'k.purpose', 'o.name']).where('k.case_id', '=', c.id).execute();
    for (const k of consents) {
      events.push({ ...base, at: k.created_at, kind: 'consent', code: k.purpose, organisation: k.name });
      if (k.withdrawn_at) events.push({ ...base, at: k.withdrawn_at, kind: 'consent_withdrawn', code: k.purpose, organisation: k.name });
    }
    const transfers = await trx
      .selectFrom('case_transfers as t')
      .innerJoin('organisations as fo', 'fo.id', 't.from_org_id')
      .innerJoin('organisations as tor', 'tor.id', 't.to_org_id')
      .select(['t.created_at', 't.responded_at', 't.status', 'fo.name as from_name', 'tor.name as to_name'])
      .where('t.case_id', '=', c.id)
      .execute();
    for (const t of transfers) {
      events.push({ ...base, at: t.created_at, kind: 'transfer', code: 'pending', organisation: t.from_name, counterpart: t.to_name });
      if (t.responded_at) events.push({ ...base, at: t.responded_at, kind: 'transfer', code: t.status, organisation: t.status === 'cancelled' ? t.from_name : t.to_name, counterpart: t.status === 'cancelled' ? t.to_name : t.from_name });
    }
    events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    await auditRead(p, trx, actor, { action: 'pathway.read', entityType: 'case', entityId: c.id });
    return { caseId: c.id, events };
  },

  /** The supervisor's figures for their organisation's referrals (sent or received) and managed cases. */
  async stats(p: Platform, db: Db | Tx, actor: Actor, query: z.output<typeof ZPathwayStatsQuery>): Promise<TPathwayStats> {
    if (!policy.stats(actor)) throw AppError.forbidden();
    const tz = p.config.timezone;
    const from = query.from ? zonedToUtc(query.from, { h: 0, m: 0, s: 0, ms: 0 }, tz).toISOString() : '';
    const to = query.to ? endOfLocalDay(query.to, tz).toISOString() : '9999';
    if (query.from && query.to && query.to < query.from) throw AppError.validation([{ path: 'to', code: 'end_before_start' }]);
    const org = actor.organisationId;

    const flows = await db
      .selectFrom('referrals as r')
      .innerJoin('organisations as fo', 'fo.id', 'r.from_org_id')
      .innerJoin('organisations as tor', 'tor.id', 'r.to_org_id')
      .select((eb) => [
        'fo.type as from_type',
        'tor.type as to_type',
        eb.fn.countAll<number>().as('referrals'),
        eb.fn.sum<number>(eb.case().when('r.grant_id', 'is not', null).then(1).else(0).end()).as('accepted'),
        eb.fn.sum<number>(eb.case().when('r.status', '=', 'declined').then(1).else(0).end()).as('declined'),
        eb.fn.sum<number>(eb.case().when('r.status', '=', 'expired').then(1).else(0).end()).as('expired'),
      ])
      .where((eb) => eb.or([eb('r.from_org_id', '=', org), eb('r.to_org_id', '=', org)]))
      .where('r.sent_at', '>=', from)
      .where('r.sent_at', '<=', to)
      .groupBy(['fo.type', 'tor.type'])
      .orderBy('fo.type')
      .orderBy('tor.type')
      .execute();

    // Per managed case registered in the period: first referral sent, first service delivered.
    const perCase = await db
      .selectFrom('cases as c')
      .leftJoin('referrals as r', 'r.case_id', 'c.id')
      .select((eb) => ['c.id', 'c.created_at', eb.fn.min('r.sent_at').as('first_referral'), eb.fn.min('r.first_service_at').as('first_service')])
      .where('c.managing_org_id', '=', org)
      .where('c.created_at', '>=', from)
      .where('c.created_at', '<=', to)
      .groupBy(['c.id', 'c.created_at'])
      .execute();
    const toReferral: number[] = [];
    const toService: number[] = [];
    for (const r of perCase) {
      if (!r.first_referral) continue;
      const firstReferralDay = localDate(String(r.first_referral), tz);
      toReferral.push(daysBetween(localDate(r.created_at, tz), firstReferralDay));
      if (r.first_service) toService.push(daysBetween(firstReferralDay, String(r.first_service)));
    }
    await recordAudit(p, db as Tx, actor, { action: 'referral.stats', details: { from: query.from ?? null, to: query.to ?? null } });
    return {
      from: query.from ?? null,
      to: query.to ?? null,
      flows: flows.map((f) => {
        const accepted = Number(f.accepted);
        const declined = Number(f.declined);
        const expired = Number(f.expired);
        const answered = accepted + declined + expired;
        return {
          fromType: f.from_type as TOrganisationType,
          toType: f.to_type as TOrganisationType,
          referrals: Number(f.referrals),
          accepted,
          declined,
          expired,
          acceptanceRate: answered ? accepted / answered : null,
        };
      }),
      timeToReferral: durations(toReferral),
      timeToFirstService: durations(toService),
      casesWithService: perCase.filter((r) => r.first_service).length,
      cases: perCase.length,
    };
  },

  async inbox(db: Db | Tx, actor: Actor): Promise<z.infer<typeof ZInbox>> {
    const now = nowIso();
    const org = actor.organisationId;
    const caseRole = hasRole(actor, 'first_responder', 'case_worker', 'case_supervisor', 'service_provider', 'justice_liaison');
    const count = async (q: { executeTakeFirst: () => Promise<{ n: number | string | bigint } | undefined> }) => Number((await q.executeTakeFirst())?.n ?? 0);
    const n = sql<number>`count(*)`.as('n');
    const [incomingReferrals, followUps, openTasks, overdueTasks, incomingTransfers, unreadNotifications] = await Promise.all([
      caseRole ? count(db.selectFrom('referrals').select(n).where('to_org_id', '=', org).where('status', '=', 'sent')) : 0,
      caseRole ? count(db.selectFrom('referrals').select(n).where('from_org_id', '=', org).where('status', 'in', ['declined', 'expired']).where('followed_up_at', 'is', null)) : 0,
      caseRole
        ? count(
            db
              .selectFrom('tasks')
              .select(n)
              .where('assignee_org_id', '=', org)
              .where('status', '=', 'open')
              .where((eb) => eb.or([eb('assignee_user_id', 'is', null), eb('assignee_user_id', '=', actor.userId)])),
          )
        : 0,
      caseRole
        ? count(
            db
              .selectFrom('tasks')
              .select(n)
              .where('assignee_org_id', '=', org)
              .where('status', '=', 'open')
              .where('due_at', '<', now)
              .where((eb) => eb.or([eb('assignee_user_id', 'is', null), eb('assignee_user_id', '=', actor.userId)])),
          )
        : 0,
      caseRole ? count(db.selectFrom('case_transfers').select(n).where('to_org_id', '=', org).where('status', '=', 'pending')) : 0,
      count(
        db
          .selectFrom('notifications')
          .select(n)
          .where('organisation_id', '=', org)
          .where('read_at', 'is', null)
          .where((eb) => eb.or([eb('user_id', 'is', null), eb('user_id', '=', actor.userId)])),
      ),
    ]);
    return { incomingReferrals, followUps, openTasks, overdueTasks, incomingTransfers, unreadNotifications };
  },
};
