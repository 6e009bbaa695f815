/**
 * Referrals over HTTP on each database: the state machine (every action from every state, by every party),
 * consent per data category, capacity under concurrent acceptance, access that ends with the referral or
 * the consent, the sender's follow-up queue, audit of every transition, transfers and the pathway figures.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENCRYPTED_BYTES, ENCRYPTED_TEXT } from '../../src/server/platform/keys';
import { DATA_CATEGORIES } from '../../src/contract/common';
import { REFERRAL_ACTIONS, REFERRAL_STATUSES, type TReferralAction, type TReferralStatus } from '../../src/contract/referrals';
import { TRANSITIONS } from '../../src/server/modules/referrals/referrals.machine';
import { referralsService } from '../../src/server/modules/referrals/referrals.service';
import { timelinesService } from '../../src/server/modules/timelines/timelines.service';
import { newId, nowIso } from '../../src/server/platform/ids';
import { DIALECTS, caseBody, createTestEnv, localDay, userClient, type Client, type TestEnv } from '../support/harness';

const today = () => localDay();

for (const dialect of DIALECTS) {
  describe(`referrals and services [${dialect}]`, () => {
    let env: TestEnv;
    let shelterOrg: string;
    let sender: Client;
    let receiver: Client;
    let receiver2: Client;
    let receiverAdmin: Client;
    let outsider: Client;
    let shelter: { id: string; version: number };
    let medical: { id: string };

    const newCase = async (person: Record<string, unknown> = {}) => (await sender.post('/api/v1/cases', caseBody({ person }))).json() as { id: string };
    const consent = async (caseId: string, categories: string[], extra: Record<string, unknown> = {}) => {
      const res = await sender.post(`/api/v1/cases/${caseId}/consents`, {
        purpose: 'sharing', recipientOrganisationId: shelterOrg, categories, method: 'written', interpreterUsed: true, language: 'ar', givenBy: 'person', givenOn: today(), ...extra,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; version: number };
    };
    const refer = async (caseId: string, consentId: string | null, categories: string[] = ['identity', 'health'], serviceId = shelter.id) =>
      sender.post(`/api/v1/cases/${caseId}/referrals`, { serviceId, urgency: 'urgent', reason: 'Needs a safe place tonight.', categories, consentId, message: 'She speaks Arabic.' });
    const act = async (by: Client, r: { id: string; version: number }, action: TReferralAction, reasonCode?: string) =>
      by.post(`/api/v1/referrals/${r.id}/transitions`, { version: r.version, action, ...(reasonCode ? { reasonCode } : {}) });
    /** A referral brought to `status` through the API (or the expiry job). */
    async function referralIn(status: TReferralStatus) {
      const c = await newCase();
      const k = await consent(c.id, ['identity', 'health']);
      let r = (await refer(c.id, k.id)).json();
      const step = async (by: Client, action: TReferralAction, reason?: string) => {
        const res = await act(by, r, action, reason);
        expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
        r = res.json();
      };
      if (status === 'expired') {
        // Its time has come (and only its own): the expiry job returns it to the sender.
        await env.p.db.updateTable('referrals').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', r.id).execute();
        expect(await referralsService.expireDue(env.p)).toBeGreaterThanOrEqual(1);
        r = (await sender.get(`/api/v1/referrals/${r.id}`)).json();
      }
      if (status === 'declined') await step(receiver, 'decline', 'not_eligible');
      if (status === 'revoked') await step(sender, 'revoke');
      if (['accepted', 'in_progress', 'completed', 'closed'].includes(status)) await step(receiver, 'accept');
      if (['in_progress', 'completed'].includes(status)) await step(receiver, 'start');
      if (status === 'completed') await step(receiver, 'complete');
      if (status === 'closed') await step(sender, 'close', 'no_longer_needed');
      expect(r.status).toBe(status);
      return { caseId: c.id, referral: r as { id: string; version: number; status: TReferralStatus } };
    }

    beforeAll(async () => {
      env = await createTestEnv(dialect);
      shelterOrg = newId();
      const now = nowIso();
      await env.p.db.insertInto('organisations').values({ id: shelterOrg, name: 'Foyer D (Tanger)', type: 'ngo', region_code: 'MA-01', active: 1, version: 1, created_at: now, updated_at: now }).execute();
      sender = await userClient(env, env.orgs.a, ['case_worker']);
      receiver = await userClient(env, shelterOrg, ['service_provider']);
      receiver2 = await userClient(env, shelterOrg, ['service_provider', 'case_worker']);
      receiverAdmin = await userClient(env, shelterOrg, ['org_admin']);
      outsider = await userClient(env, env.orgs.b, ['case_worker']);
      const res = await receiverAdmin.post('/api/v1/services', {
        name: 'Shelter for women', type: 'specialised_shelter', regions: ['MA-01', 'MA-06'], audience: 'adults', sexes: ['female'], languages: ['ar', 'fr'], capacityTotal: 50,
      });
      expect(res.statusCode, res.body).toBe(201);
      shelter = res.json();
      medical = (await receiverAdmin.post('/api/v1/services', { name: 'Clinic', type: 'medical', regions: ['MA-01'], audience: 'all', languages: ['fr'] })).json();
    });
    afterAll(() => env.close());

    it('searches the directory by need, region and language, with counts per region for the map', async () => {
      const byType = (await sender.get('/api/v1/services?type=specialised_shelter')).json();
      expect(byType.items.map((s: { id: string }) => s.id)).toEqual([shelter.id]);
      expect(byType.items[0]).toMatchObject({ regions: ['MA-01', 'MA-06'], languages: ['ara', 'fra'], capacityTotal: 50, capacityAvailable: 50, own: false });
      expect((await sender.get('/api/v1/services?regionCode=MA-06')).json().items.map((s: { id: string }) => s.id)).toEqual([shelter.id]);
      expect((await sender.get('/api/v1/services?language=fr&regionCode=MA-01')).json().items).toHaveLength(2);
      expect((await sender.get('/api/v1/services?language=ar&type=medical')).json().items).toHaveLength(0);
      const all = (await sender.get('/api/v1/services')).json();
      expect(all.byRegion).toEqual([
        { regionCode: 'MA-01', services: 2, available: 2 },
        { regionCode: 'MA-06', services: 1, available: 1 },
      ]);
      const bad = await receiverAdmin.post('/api/v1/services', { name: 'Bad', type: 'medical', regions: ['MA-99'], audience: 'all', languages: ['xx'], capacityTotal: 2, capacityAvailable: 3 });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details.fields.map((f: { code: string }) => f.code).sort()).toEqual(['above_capacity', 'unknown_language', 'unknown_region']);
      // Only the provider edits its services and their capacity.
      expect((await sender.put(`/api/v1/services/${shelter.id}/capacity`, { version: shelter.version, available: 3 })).statusCode).toBe(403);
    });

    it('never shares a category the person has not agreed to (each category)', async () => {
      for (const category of DATA_CATEGORIES) {
        const c = await newCase();
        const others = DATA_CATEGORIES.filter((x) => x !== category);
        const k = await consent(c.id, others);
        const refused = await refer(c.id, k.id, [category]);
        expect(refused.statusCode, category).toBe(400);
        expect(refused.json().error.details.fields[0]).toMatchObject({ path: 'categories.0', code: 'category_not_consented' });
        const allowed = await refer(c.id, (await consent(c.id, [category])).id, [category]);
        expect(allowed.statusCode, category).toBe(201);
        expect(allowed.json().categories).toEqual([category]);
      }
      const c = await newCase();
      expect((await refer(c.id, null)).json().error.details.fields[0].code).toBe('consent_required');
      // A consent for another recipient, or for another purpose, does not cover this service.
      const otherOrg = await consent(c.id, ['identity'], { recipientOrganisationId: env.orgs.b });
      expect((await refer(c.id, otherOrg.id, ['identity'])).json().error.details.fields[0].code).toBe('consent_not_for_recipient');
      const byType = await consent(c.id, ['identity'], { recipientOrganisationId: null, recipientServiceType: 'specialised_shelter' });
      expect((await refer(c.id, byType.id, ['identity'])).statusCode).toBe(201);
      expect((await refer(c.id, byType.id, ['identity'], medical.id)).json().error.details.fields[0].code).toBe('consent_not_for_recipient');
    });

    it('refers a child to child protection without consent, recorded as the legal basis', async () => {
      const cp = (await receiverAdmin.post('/api/v1/services', { name: 'Child protection', type: 'child_protection', regions: ['MA-06'], audience: 'children', languages: ['ar'] })).json();
      const child = await newCase({ dateOfBirth: `${new Date().getFullYear() - 15}-01-01` });
      const options = (await sender.get(`/api/v1/cases/${child.id}/referral-options?serviceId=${cp.id}`)).json();
      expect(options).toMatchObject({ childProtectionBasis: true, minimumCategories: ['identity', 'contact', 'health'] });
      const res = await refer(child.id, null, ['identity', 'contact'], cp.id);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ legalBasis: 'child_protection', consentId: null });
      // An adult, or a child referred elsewhere, still needs consent.
      expect((await refer(child.id, null, ['identity'])).statusCode).toBe(400);
      const adultOptions = (await sender.get(`/api/v1/cases/${(await newCase()).id}/referral-options?serviceId=${cp.id}`)).json();
      expect(adultOptions.childProtectionBasis).toBe(false);
      expect(adultOptions.eligibility).toContain('audience');
    });

    it('runs every allowed transition, by the right party only, and refuses every other', async () => {
      const parties: Record<string, Client> = { sender, receiver, outsider: outsider, wrongRole: receiverAdmin };
      const snapshots = new Map<TReferralStatus, Awaited<ReturnType<typeof referralIn>>>();
      for (const status of REFERRAL_STATUSES) snapshots.set(status, await referralIn(status));
      for (const status of REFERRAL_STATUSES) {
        for (const action of REFERRAL_ACTIONS) {
          for (const [party, client] of Object.entries(parties)) {
            const t = TRANSITIONS[action];
            const allowed = t.from.includes(status) && (t.parties as readonly string[]).includes(party);
            const reason = t.reasons?.[0];
            const subject = allowed ? (await referralIn(status)).referral : snapshots.get(status)!.referral;
            const current = (await sender.get(`/api/v1/referrals/${subject.id}`)).json();
            const res = await act(client, current, action, reason);
            const label = `${action} from ${status} by ${party}`;
            if (allowed) {
              expect(res.statusCode, `${label}: ${res.body}`).toBe(200);
              expect(res.json().status, label).toBe(t.to ?? status);
            } else {
              const expected = party === 'outsider' ? 404 : party === 'wrongRole' || !(t.parties as readonly string[]).includes(party) ? 403 : 409;
              expect(res.statusCode, `${label}: ${res.body}`).toBe(expected);
              const after = (await sender.get(`/api/v1/referrals/${subject.id}`)).json();
              expect(after.status, label).toBe(status);
              expect(after.version, label).toBe(current.version);
            }
          }
        }
      }
      // Declining and closing need a reason; a stale version is refused.
      const { referral } = await referralIn('sent');
      const noReason = await act(receiver, referral, 'decline');
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().error.details.fields[0].code).toBe('reason_code_required');
      expect((await act(receiver, { ...referral, version: referral.version + 5 }, 'accept')).statusCode).toBe(409);
      expect((await act(receiver, { ...referral, version: referral.version + 5 }, 'accept')).json().error.code).toBe('VERSION_CONFLICT');
    });

    it('gives the receiver access to the shared categories only, and nothing once the referral ends', async () => {
      const { caseId, referral } = await referralIn('sent');
      expect((await receiver.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(404);
      const detail = (await receiver.get(`/api/v1/referrals/${referral.id}`)).json();
      expect(detail).toMatchObject({ reason: 'Needs a safe place tonight.', profile: { sex: 'female', ageGroup: 'adult' }, actions: ['accept', 'decline'] });
      const accepted = (await act(receiver, referral, 'accept')).json();
      const seen = (await receiver.get(`/api/v1/cases/${caseId}`)).json();
      expect(seen.person.identity.givenNames).toBe('Fatima Zahra');
      expect(seen.person.healthNotes).toBe('Needs follow-up for an injury.');
      expect(seen.person.contacts).toBeUndefined();
      expect(seen.person.identityDocuments).toBeUndefined();
      expect(seen.story).toBeUndefined();
      const started = (await act(receiver, accepted, 'start')).json();
      await act(receiver, started, 'complete');
      expect((await receiver.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(404);
      expect((await receiver.get(`/api/v1/cases/${caseId}/pathway`)).statusCode).toBe(404);
      // The referral itself stays visible to both sides, with its history.
      const ended = (await receiver.get(`/api/v1/referrals/${referral.id}`)).json();
      expect(ended.events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['sent', 'accepted', 'in_progress', 'completed']);
    });

    it('withdrawing consent removes the receiver’s access at once and ends the referral', async () => {
      const c = await newCase();
      const k = await consent(c.id, ['identity', 'health']);
      const r = (await refer(c.id, k.id)).json();
      await act(receiver, r, 'accept');
      expect((await receiver.get(`/api/v1/cases/${c.id}`)).statusCode).toBe(200);
      const w = await sender.post(`/api/v1/consents/${k.id}/withdraw`, { version: k.version, reason: 'She changed her mind.' });
      expect(w.statusCode, w.body).toBe(200);
      expect(w.json()).toMatchObject({ state: 'withdrawn', withdrawalReason: 'She changed her mind.' });
      expect((await receiver.get(`/api/v1/cases/${c.id}`)).statusCode).toBe(404);
      expect((await receiver.get(`/api/v1/cases/${c.id}/pathway`)).statusCode).toBe(404);
      const after = (await receiver.get(`/api/v1/referrals/${r.id}`)).json();
      expect(after).toMatchObject({ status: 'closed', actions: [] });
      expect(after.events.at(-1)).toMatchObject({ toStatus: 'closed', reasonCode: 'consent_withdrawn' });
      // A withdrawn consent cannot be used again, or withdrawn twice.
      expect((await refer(c.id, k.id)).json().error.details.fields[0].code).toBe('consent_not_active');
      expect((await sender.post(`/api/v1/consents/${k.id}/withdraw`, { version: k.version + 1 })).statusCode).toBe(409);
      const grants = await env.p.db.selectFrom('case_grants').selectAll().where('source_id', '=', r.id).execute();
      expect(grants).toHaveLength(1);
      expect(grants[0]!.revoked_at).not.toBeNull();
      const audited = await env.p.db.selectFrom('audit_log').select('action').where('entity_id', '=', r.id).where('action', '!=', 'referral.read').orderBy('seq').execute();
      expect(audited.map((a) => a.action)).toEqual(['referral.create', 'referral.accept', 'referral.close']);
    });

    it('an expired consent ends access without anyone acting', async () => {
      const c = await newCase();
      const k = await consent(c.id, ['identity'], { expiresOn: today() });
      const r = (await refer(c.id, k.id, ['identity'])).json();
      await act(receiver, r, 'accept');
      const grant = await env.p.db.selectFrom('case_grants').selectAll().where('source_id', '=', r.id).executeTakeFirstOrThrow();
      expect(grant.valid_until).toBe((await env.p.db.selectFrom('consents').select('expires_at').where('id', '=', k.id).executeTakeFirstOrThrow()).expires_at);
      await env.p.db.updateTable('case_grants').set({ valid_until: nowIso() }).where('id', '=', grant.id).execute();
      await env.p.db.updateTable('consents').set({ expires_at: nowIso() }).where('id', '=', k.id).execute();
      expect((await receiver.get(`/api/v1/cases/${c.id}`)).statusCode).toBe(404);
    });

    it('two providers accepting the last place at once cannot both succeed', async () => {
      const small = (await receiverAdmin.post('/api/v1/services', { name: 'One bed', type: 'emergency_shelter', regions: ['MA-06'], audience: 'all', languages: ['ar'], capacityTotal: 1 })).json();
      const make = async () => {
        const c = await newCase();
        const k = await consent(c.id, ['identity']);
        return (await refer(c.id, k.id, ['identity'], small.id)).json();
      };
      const [r1, r2] = [await make(), await make()];
      const results = await Promise.all([act(receiver, r1, 'accept'), act(receiver2, r2, 'accept')]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      const loser = results.find((r) => r.statusCode === 409)!;
      expect(loser.json().error.details.reason).toBe('no_capacity');
      const service = (await sender.get(`/api/v1/services/${small.id}`)).json();
      expect(service.capacityAvailable).toBe(0);
      const statuses = [(await sender.get(`/api/v1/referrals/${r1.id}`)).json().status, (await sender.get(`/api/v1/referrals/${r2.id}`)).json().status].sort();
      expect(statuses).toEqual(['accepted', 'sent']);
      // Ending the stay gives the place back; the provider may also set it.
      const winner = results.find((r) => r.statusCode === 200)!.json();
      await act(sender, winner, 'revoke');
      expect((await sender.get(`/api/v1/services/${small.id}`)).json().capacityAvailable).toBe(1);
      const s = (await sender.get(`/api/v1/services/${small.id}`)).json();
      expect((await receiver.put(`/api/v1/services/${small.id}/capacity`, { version: s.version, available: 2 })).json().error.details.fields[0].code).toBe('above_capacity');
      const set = await receiver.put(`/api/v1/services/${small.id}/capacity`, { version: s.version, available: 0 });
      expect(set.json()).toMatchObject({ capacityAvailable: 0, capacityUpdatedBy: 'User service_provider' });
      expect((await receiver.put(`/api/v1/services/${small.id}/capacity`, { version: s.version, available: 1 })).statusCode).toBe(409);
    });

    it('returns declined and expired referrals to the sender’s queue until followed up', async () => {
      const declined = (await referralIn('declined')).referral;
      const expired = (await referralIn('expired')).referral;
      const queue = (await sender.get('/api/v1/referrals?box=outgoing&status=follow_up&limit=200')).json().items.map((r: { id: string }) => r.id);
      expect(queue).toEqual(expect.arrayContaining([declined.id, expired.id]));
      const inbox = (await sender.get('/api/v1/inbox')).json();
      expect(inbox.followUps).toBeGreaterThanOrEqual(2);
      await act(sender, declined, 'acknowledge');
      const after = (await sender.get('/api/v1/referrals?box=outgoing&status=follow_up&limit=200')).json().items.map((r: { id: string }) => r.id);
      expect(after).not.toContain(declined.id);
      expect(after).toContain(expired.id);
      const notes = (await sender.get('/api/v1/notifications')).json().items.map((n: { kind: string }) => n.kind);
      expect(notes).toEqual(expect.arrayContaining(['referral_declined', 'referral_expired']));
    });

    it('expires each unanswered referral exactly once, even with two expiry runs at once', async () => {
      const a = (await referralIn('sent')).referral;
      const b = (await referralIn('sent')).referral;
      await env.p.db.updateTable('referrals').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', 'in', [a.id, b.id]).execute();
      await Promise.all([referralsService.expireDue(env.p), referralsService.expireDue(env.p)]);
      for (const id of [a.id, b.id]) {
        const r = (await sender.get(`/api/v1/referrals/${id}`)).json();
        expect(r).toMatchObject({ status: 'expired', needsFollowUp: true });
        expect(r.events.filter((e: { toStatus: string }) => e.toStatus === 'expired')).toHaveLength(1);
        const audited = await env.p.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).where('action', '=', 'referral.expire').execute();
        expect(audited).toHaveLength(1);
      }
      // The response deadline is closed with it.
      const tasks = await env.p.db.selectFrom('tasks').select('status').where('subject_id', 'in', [a.id, b.id]).execute();
      expect(tasks.map((t) => t.status)).toEqual(['cancelled', 'cancelled']);
    });

    it('sets a response deadline by urgency, reminds and escalates it, and closes it on the answer', async () => {
      const { referral } = await referralIn('sent');
      const task = await env.p.db.selectFrom('tasks').selectAll().where('subject_type', '=', 'referral').where('subject_id', '=', referral.id).executeTakeFirstOrThrow();
      const full = (await sender.get(`/api/v1/referrals/${referral.id}`)).json();
      expect(task).toMatchObject({ rule: 'referral_response', status: 'open', assignee_org_id: shelterOrg, due_at: full.respondBy });
      expect(Date.parse(full.respondBy) - Date.parse(full.sentAt)).toBe(24 * 3_600_000);
      // The organisation that must answer sees the deadline among its own, pointing at the referral (not the case).
      const mine = (await receiver.get('/api/v1/tasks')).json().items.find((t: { id: string }) => t.id === task.id);
      expect(mine).toMatchObject({ rule: 'referral_response', subject: { type: 'referral', id: referral.id } });
      expect((await outsider.get('/api/v1/tasks')).json().items.map((t: { id: string }) => t.id)).not.toContain(task.id);
      expect(Date.parse(full.expiresAt) - Date.parse(full.respondBy)).toBe(24 * 3_600_000);
      const swept = await timelinesService.sweep(env.p, new Date(Date.parse(full.respondBy) + 1000).toISOString());
      expect(swept.escalated).toBeGreaterThanOrEqual(1);
      expect((await receiver.get('/api/v1/notifications')).json().items.map((n: { kind: string }) => n.kind)).toEqual(expect.arrayContaining(['referral_received', 'task_escalation']));
      await act(receiver, full, 'accept');
      expect((await env.p.db.selectFrom('tasks').select('status').where('id', '=', task.id).executeTakeFirstOrThrow()).status).toBe('done');
    });

    it('records service deliveries by the provider, which the sender sees', async () => {
      const { referral } = await referralIn('accepted');
      const d = { deliveredOn: today(), endedOn: today(), units: 3, unit: 'nights', outcome: 'delivered', note: 'Settled well.' };
      expect((await sender.post(`/api/v1/referrals/${referral.id}/deliveries`, d)).statusCode).toBe(403);
      expect((await receiver.post(`/api/v1/referrals/${referral.id}/deliveries`, { ...d, deliveredOn: '2999-01-01' })).json().error.details.fields[0].code).toBe('date_in_future');
      const res = await receiver.post(`/api/v1/referrals/${referral.id}/deliveries`, d);
      expect(res.statusCode, res.body).toBe(201);
      const seen = (await sender.get(`/api/v1/referrals/${referral.id}`)).json();
      expect(seen).toMatchObject({ status: 'in_progress', firstServiceAt: today() });
      expect(seen.deliveries).toHaveLength(1);
      expect(seen.deliveries[0]).toMatchObject({ units: 3, unit: 'nights', outcome: 'delivered', note: 'Settled well.', organisation: 'Foyer D (Tanger)' });
      const { referral: ended } = await referralIn('completed');
      expect((await receiver.post(`/api/v1/referrals/${ended.id}/deliveries`, d)).statusCode).toBe(409);
    });

    it('audits every transition', async () => {
      const { referral } = await referralIn('completed');
      const rows = await env.p.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('entity_id', '=', referral.id).orderBy('seq').execute();
      expect(rows.map((r) => r.action)).toEqual(['referral.create', 'referral.accept', 'referral.start', 'referral.complete']);
      expect(rows.map((r) => r.actor_user_id)).toEqual([sender.userId, receiver.userId, receiver.userId, receiver.userId]);
      const grants = await env.p.db.selectFrom('audit_log').select('action').where('action', 'in', ['grant.create', 'grant.revoke']).where('details', 'like', `%${referral.id}%`).orderBy('seq').execute();
      expect(grants.map((g) => g.action)).toEqual(['grant.create', 'grant.revoke']);
    });

    it('transfers case management only when the other organisation accepts', async () => {
      const c = await newCase();
      const otherWorker = await userClient(env, env.orgs.b, ['case_supervisor']);
      const k = await consent(c.id, ['identity', 'health']);
      const open = (await refer(c.id, k.id)).json();
      const t = await sender.post(`/api/v1/cases/${c.id}/transfers`, { toOrganisationId: env.orgs.b, reason: 'She moved to Tangier.' });
      expect(t.statusCode, t.body).toBe(201);
      expect((await sender.post(`/api/v1/cases/${c.id}/transfers`, { toOrganisationId: env.orgs.b, reason: 'Twice.' })).json().error.details.reason).toBe('transfer_pending');
      expect((await otherWorker.get(`/api/v1/cases/${c.id}`)).statusCode).toBe(404);
      const incoming = (await otherWorker.get('/api/v1/transfers?box=incoming')).json().items;
      expect(incoming[0]).toMatchObject({ caseId: c.id, status: 'pending', actions: ['accept', 'decline'], reason: 'She moved to Tangier.' });
      // Reading transfers (their reasons) is audited.
      const read = await env.p.db.selectFrom('audit_log').select('details').where('action', '=', 'transfer.list').where('actor_user_id', '=', otherWorker.userId).execute();
      expect(read.some((r) => r.details.includes(incoming[0].id))).toBe(true);
      expect((await sender.post(`/api/v1/transfers/${incoming[0].id}/respond`, { version: 1, action: 'accept' })).statusCode).toBe(403);
      const accepted = await otherWorker.post(`/api/v1/transfers/${incoming[0].id}/respond`, { version: 1, action: 'accept' });
      expect(accepted.statusCode, accepted.body).toBe(200);
      expect((await otherWorker.get(`/api/v1/cases/${c.id}`)).json().managingOrganisation.id).toBe(env.orgs.b);
      expect((await sender.get(`/api/v1/cases/${c.id}`)).statusCode).toBe(404);
      // Name search follows the case to its new manager.
      const found = (await otherWorker.get(`/api/v1/cases?q=${encodeURIComponent('Fatima Zahra')}`)).json().items.map((x: { id: string }) => x.id);
      expect(found).toContain(c.id);
      // Its open referral follows the case: the new manager follows it up, the former one no longer sees it.
      const moved = await otherWorker.get(`/api/v1/referrals/${open.id}`);
      expect(moved.statusCode).toBe(200);
      expect(moved.json().fromOrganisation.id).toBe(env.orgs.b);
      expect((await sender.get(`/api/v1/referrals/${open.id}`)).statusCode).toBe(404);
      expect((await act(otherWorker, moved.json(), 'revoke')).statusCode).toBe(200);
      // History is kept on both sides.
      expect((await sender.get('/api/v1/transfers?box=outgoing')).json().items[0]).toMatchObject({ status: 'accepted', toOrganisation: { id: env.orgs.b } });
    });

    it('computes time to referral and to first service from the referral data', async () => {
      const sup2org = newId();
      const now = nowIso();
      await env.p.db.insertInto('organisations').values({ id: sup2org, name: 'Association E', type: 'ngo', region_code: 'MA-04', active: 1, version: 1, created_at: now, updated_at: now }).execute();
      const w = await userClient(env, sup2org, ['case_worker', 'case_supervisor']);
      // Four cases: referred after 0, 2, 3 and 10 days; served 1, 1 and 5 days after the first referral; one never served.
      const plan = [
        { refer: 0, serve: 1 },
        { refer: 2, serve: 1 },
        { refer: 3, serve: 5 },
        { refer: 10, serve: null },
      ];
      const base = Date.parse('2026-03-02T10:00:00Z');
      for (const step of plan) {
        const c = (await w.post('/api/v1/cases', caseBody())).json();
        const k = (await w.post(`/api/v1/cases/${c.id}/consents`, { purpose: 'sharing', recipientOrganisationId: shelterOrg, categories: ['identity'], method: 'oral', interpreterUsed: false, language: 'fr', givenBy: 'person', givenOn: today() })).json();
        const r = (await w.post(`/api/v1/cases/${c.id}/referrals`, { serviceId: shelter.id, urgency: 'normal', reason: 'Shelter needed.', categories: ['identity'], consentId: k.id })).json();
        const accepted = (await act(receiver, r, 'accept')).json();
        const day = (n: number) => new Date(base + n * 86_400_000).toISOString();
        await env.p.db.updateTable('cases').set({ created_at: day(0) }).where('id', '=', c.id).execute();
        await env.p.db
          .updateTable('referrals')
          .set({ sent_at: day(step.refer), first_service_at: step.serve === null ? null : day(step.refer + step.serve).slice(0, 10) })
          .where('id', '=', accepted.id)
          .execute();
      }
      // A declined referral counts in the flows, not in acceptance.
      const c5 = (await w.post('/api/v1/cases', caseBody())).json();
      const k5 = (await w.post(`/api/v1/cases/${c5.id}/consents`, { purpose: 'sharing', recipientOrganisationId: shelterOrg, categories: ['identity'], method: 'oral', interpreterUsed: false, language: 'fr', givenBy: 'person', givenOn: today() })).json();
      const r5 = (await w.post(`/api/v1/cases/${c5.id}/referrals`, { serviceId: shelter.id, urgency: 'normal', reason: 'Shelter needed.', categories: ['identity'], consentId: k5.id })).json();
      await act(receiver, r5, 'decline', 'no_capacity');
      await env.p.db.updateTable('cases').set({ created_at: '2026-03-05T09:00:00.000Z' }).where('id', '=', c5.id).execute();
      await env.p.db.updateTable('referrals').set({ sent_at: '2026-03-06T09:00:00.000Z' }).where('id', '=', r5.id).execute();

      expect((await w.get('/api/v1/referrals/stats?from=2026-03-01&to=2026-03-31')).statusCode).toBe(200);
      expect((await sender.get('/api/v1/referrals/stats')).statusCode).toBe(403);
      const stats = (await w.get('/api/v1/referrals/stats?from=2026-03-01&to=2026-03-31')).json();
      expect(stats.flows).toEqual([{ fromType: 'ngo', toType: 'ngo', referrals: 5, accepted: 4, declined: 1, expired: 0, acceptanceRate: 0.8 }]);
      // Time to referral: 0, 2, 3, 10 and 1 days → median 2, p90 (nearest rank, 5 values) 10.
      expect(stats.timeToReferral).toEqual({ count: 5, medianDays: 2, p90Days: 10 });
      // Time to first service: 1, 1, 5 → median 1, p90 5.
      expect(stats.timeToFirstService).toEqual({ count: 3, medianDays: 1, p90Days: 5 });
      expect(stats).toMatchObject({ cases: 5, casesWithService: 3 });
      expect((await w.get('/api/v1/referrals/stats?from=2026-04-01&to=2026-03-01')).statusCode).toBe(400);
    });

    it('shows the case pathway to the manager only (it tells where else the person was referred)', async () => {
      const { caseId, referral } = await referralIn('in_progress');
      await receiver.post(`/api/v1/referrals/${referral.id}/deliveries`, { deliveredOn: today(), units: 2, unit: 'nights', outcome: 'delivered' });
      const mine = (await sender.get(`/api/v1/cases/${caseId}/pathway`)).json().events.map((e: { kind: string; code: string | null }) => `${e.kind}:${e.code}`);
      expect(mine).toEqual(['registered:null', 'consent:sharing', 'referral:sent', 'referral:accepted', 'referral:in_progress', 'service:nights']);
      // The receiver follows its own referral (with the service it delivered) through the referral itself.
      expect((await receiver.get(`/api/v1/cases/${caseId}/pathway`)).statusCode).toBe(403);
      expect((await receiver.get(`/api/v1/referrals/${referral.id}`)).statusCode).toBe(200);
      expect((await outsider.get(`/api/v1/cases/${caseId}/pathway`)).statusCode).toBe(404);
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`referral data at rest [${dialect}]`, () => {
    let env: TestEnv;
    beforeAll(async () => {
      env = await createTestEnv(dialect);
    });
    afterAll(() => env.close());

    it('lists every encrypted column for key rotation', async () => {
      const columns =
        dialect === 'postgres'
          ? (await sql<{ t: string; c: string }>`SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() AND column_name LIKE '%\\_enc' ESCAPE '\\'`.execute(env.p.db)).rows
          : (await sql<{ t: string; c: string }>`SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name LIKE '%\\_enc' ESCAPE '\\'`.execute(env.p.db)).rows;
      const listed = new Set([...ENCRYPTED_TEXT, ...ENCRYPTED_BYTES].flatMap((t) => t.columns.map((c) => `${t.table}.${c}`)));
      expect(columns.length).toBeGreaterThan(20);
      for (const { t, c } of columns) expect(listed, `${t}.${c}`).toContain(`${t}.${c}`);
    });

    it('stores no referral reason, message, consent detail, note or transfer reason in plaintext', async () => {
      const shelterOrg = newId();
      const now = nowIso();
      await env.p.db.insertInto('organisations').values({ id: shelterOrg, name: 'Foyer', type: 'ngo', region_code: 'MA-01', active: 1, version: 1, created_at: now, updated_at: now }).execute();
      const worker = await userClient(env, env.orgs.a, ['case_worker']);
      const provider = await userClient(env, shelterOrg, ['service_provider', 'org_admin']);
      const service = (await provider.post('/api/v1/services', { name: 'Shelter', type: 'emergency_shelter', regions: ['MA-06'], audience: 'all', languages: ['ar'] })).json();
      const c = (await worker.post('/api/v1/cases', caseBody())).json();
      const k = (await worker.post(`/api/v1/cases/${c.id}/consents`, {
        purpose: 'sharing', recipientOrganisationId: shelterOrg, categories: ['identity'], method: 'written', interpreterUsed: false, language: 'fr',
        givenBy: 'guardian', guardianName: 'Guardian-Marker', childView: 'ChildView-Marker', givenOn: today(), notes: 'ConsentNote-Marker',
      })).json();
      const r = (await worker.post(`/api/v1/cases/${c.id}/referrals`, { serviceId: service.id, urgency: 'normal', reason: 'Reason-Marker', message: 'Message-Marker', categories: ['identity'], consentId: k.id })).json();
      const accepted = (await provider.post(`/api/v1/referrals/${r.id}/transitions`, { version: r.version, action: 'accept', note: 'EventNote-Marker' })).json();
      await provider.post(`/api/v1/referrals/${accepted.id}/deliveries`, { deliveredOn: today(), units: 1, unit: 'nights', outcome: 'delivered', note: 'Delivery-Marker' });
      await worker.post(`/api/v1/consents/${k.id}/withdraw`, { version: k.version, reason: 'Withdrawal-Marker' });
      await worker.post(`/api/v1/cases/${c.id}/transfers`, { toOrganisationId: env.orgs.b, reason: 'Transfer-Marker' });
      const parts: string[] = [];
      for (const t of ['consents', 'referrals', 'referral_events', 'service_deliveries', 'case_transfers', 'case_grants', 'tasks', 'notifications', 'audit_log']) {
        for (const row of (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(t)}`.execute(env.p.db)).rows) parts.push(...Object.values(row).map(String));
      }
      const dump = parts.join('\n');
      for (const needle of ['Guardian-Marker', 'ChildView-Marker', 'ConsentNote-Marker', 'Reason-Marker', 'Message-Marker', 'EventNote-Marker', 'Delivery-Marker', 'Withdrawal-Marker', 'Transfer-Marker']) {
        expect(dump, needle).not.toContain(needle);
      }
      const read = (await worker.get(`/api/v1/referrals/${r.id}`)).json();
      expect(read).toMatchObject({ reason: 'Reason-Marker', message: 'Message-Marker' });
      expect(read.deliveries[0].note).toBe('Delivery-Marker');
    });
  });
}
