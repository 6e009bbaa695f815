/**
 * Findings of the security probe (issue 12): trusted proxies and the sign-in rate limit, the sign-in throttle per
 * (e-mail, address) that answers the same for unknown accounts, audit of denied accesses (rate-limited), foreign
 * Origin refused on state-changing requests, and the production-only headers and cookie attribute.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/server/platform/config';
import { verifyAuditChain } from '../../src/server/platform/audit';
import { DeniedAuditLimiter } from '../../src/server/platform/http';
import type { Actor } from '../../src/server/platform/context';
import { DIALECTS, PASSWORD, caseBody, clientFor, createTestEnv, createUser, login, userClient, type TestEnv } from '../support/harness';

type Env = TestEnv;

const signInFrom = (env: Env, remoteAddress: string, email: string, password = PASSWORD, headers: Record<string, string> = {}) =>
  env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress, headers });

/** What a client can observe of an answer, minus what depends on the clock. */
function observable(res: LightMyRequestResponse) {
  const headers = { ...res.headers };
  delete headers.date;
  delete headers['x-ratelimit-reset'];
  return { status: res.statusCode, headers, body: res.body };
}

const failedLogins = async (env: Env) =>
  (await env.p.db.selectFrom('audit_log').select(['ip', 'details', 'entity_id']).where('action', '=', 'auth.login_failed').orderBy('seq').execute()).map((r) => ({
    ip: r.ip,
    entityId: r.entity_id,
    ...(JSON.parse(r.details) as { reason: string; email: string }),
  }));

describe('trusted proxies configuration', () => {
  it('is empty by default and accepts addresses and CIDR ranges', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ OPENNRM_TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8 ,::1,fd00::/8' }).trustedProxies).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8']);
  });
  it('refuses anything else with a clear message', () => {
    expect(() => loadConfig({ OPENNRM_TRUSTED_PROXIES: 'proxy.local' })).toThrow(/OPENNRM_TRUSTED_PROXIES: "proxy.local" is not an IP address or CIDR range/);
    expect(() => loadConfig({ OPENNRM_TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/OPENNRM_TRUSTED_PROXIES: "10.0.0.0\/33" has an invalid prefix length/);
    expect(() => loadConfig({ OPENNRM_TRUSTED_PROXIES: '127.0.0.1,*' })).toThrow(/OPENNRM_TRUSTED_PROXIES/);
  });
});

describe('denied-access audit limiter', () => {
  const actor: Actor = { userId: 'u1', organisationId: 'o1', displayName: 'x', roles: new Set(), language: 'fr', ip: null };
  const ev = { action: 'access.denied' };
  it('writes at most the cap per window, then one summary with the count at the next allowed entry', () => {
    const l = new DeniedAuditLimiter(2, 1000);
    expect(l.take(actor, ev, 0)).toEqual([ev]);
    expect(l.take(actor, ev, 10)).toEqual([ev]);
    expect(l.take(actor, ev, 20)).toEqual([]);
    expect(l.take(actor, ev, 999)).toEqual([]);
    const next = l.take(actor, ev, 1000);
    expect(next).toHaveLength(2);
    expect(next[0]).toMatchObject({ action: 'access.denied_suppressed', details: { count: 2 } });
    expect(next[1]).toEqual(ev);
    // Nothing was held back in this window: no summary.
    expect(l.take(actor, ev, 2500)).toEqual([ev]);
  });
  it('sweeps ended windows, and every window on close', () => {
    const l = new DeniedAuditLimiter(1, 1000);
    l.take(actor, ev, 0);
    l.take(actor, ev, 1);
    l.take({ ...actor, userId: 'u2' }, ev, 500);
    l.take({ ...actor, userId: 'u2' }, ev, 501);
    expect(l.drain(false, 1200).map((d) => [d.actor.userId, d.event.details?.count])).toEqual([['u1', 1]]);
    expect(l.drain(true, 1200).map((d) => [d.actor.userId, d.event.details?.count])).toEqual([['u2', 1]]);
    expect(l.drain(true, 5000)).toEqual([]);
  });
});

for (const dialect of DIALECTS) {
  describe(`production mode: proxies, headers, cookie [${dialect}]`, () => {
    let env: Env;
    beforeAll(async () => {
      env = await createTestEnv(dialect, { OPENNRM_MODE: 'production', OPENNRM_LOGIN_RATE_PER_MINUTE: '3' });
    });
    afterAll(() => env.close());

    it('without a trusted proxy, a client rotating X-Forwarded-For is still limited and audited under its socket address', async () => {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        codes.push((await signInFrom(env, '203.0.113.7', `nobody${i}@test.opennrm`, 'x-wrong', { 'x-forwarded-for': `198.51.100.${i + 1}` })).statusCode);
      }
      expect(codes).toEqual([401, 401, 401, 429, 429]);
      const ips = (await failedLogins(env)).map((f) => f.ip);
      expect(ips).toEqual(['203.0.113.7', '203.0.113.7', '203.0.113.7']);
    });

    it('sends HSTS and a Secure session cookie in production', async () => {
      const u = await createUser(env, env.orgs.a, ['case_worker'], { demo: false });
      const res = await signInFrom(env, '192.0.2.50', u.email);
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['strict-transport-security'])).toMatch(/max-age=\d{7,}/);
      const cookie = res.cookies.find((c) => c.name === 'opennrm_session')!;
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: true, path: '/' });
      expect(res.headers['cache-control']).toBe('no-store');
    });
  });

  describe(`trusted proxy configured [${dialect}]`, () => {
    let env: Env;
    beforeAll(async () => {
      env = await createTestEnv(dialect, { OPENNRM_MODE: 'production', OPENNRM_LOGIN_RATE_PER_MINUTE: '3', OPENNRM_TRUSTED_PROXIES: '127.0.0.1' });
    });
    afterAll(() => env.close());

    it("uses the forwarded address from a trusted proxy, and the socket's otherwise", async () => {
      // Through the proxy: each forwarded client has its own limit.
      for (let i = 0; i < 3; i++) expect((await signInFrom(env, '127.0.0.1', 'a@test.opennrm', 'x-wrong', { 'x-forwarded-for': '198.51.100.9' })).statusCode).toBe(401);
      expect((await signInFrom(env, '127.0.0.1', 'a@test.opennrm', 'x-wrong', { 'x-forwarded-for': '198.51.100.9' })).statusCode).toBe(429);
      expect((await signInFrom(env, '127.0.0.1', 'a@test.opennrm', 'x-wrong', { 'x-forwarded-for': '198.51.100.10' })).statusCode).toBe(401);
      // Not from the proxy: the header is ignored.
      expect((await signInFrom(env, '203.0.113.8', 'b@test.opennrm', 'x-wrong', { 'x-forwarded-for': '198.51.100.11' })).statusCode).toBe(401);
      expect((await failedLogins(env)).map((f) => f.ip)).toEqual(['198.51.100.9', '198.51.100.9', '198.51.100.9', '198.51.100.10', '203.0.113.8']);
    });
  });

  describe(`sign-in throttle [${dialect}]`, () => {
    let env: Env;
    beforeAll(async () => {
      env = await createTestEnv(dialect, { OPENNRM_LOGIN_MAX_FAILURES: '3', OPENNRM_LOCKOUT_MINUTES: '1' });
    });
    afterAll(() => env.close());

    /** Lets the current block of a pair run out, as waiting would. */
    const waitOut = () => env.p.db.updateTable('login_throttle').set({ blocked_until: new Date(Date.now() - 1000).toISOString() }).execute();

    it('answers unknown and known e-mails byte for byte the same, before and after the limit', async () => {
      const known = await createUser(env, env.orgs.a, ['case_worker']);
      for (let i = 1; i <= 3; i++) {
        const a = await signInFrom(env, '10.1.1.1', known.email, `wrong-${i}`);
        const b = await signInFrom(env, '10.1.1.2', 'no-such-person@test.opennrm', `wrong-${i}`);
        expect(observable(a)).toEqual(observable(b));
        expect(a.statusCode).toBe(i < 3 ? 401 : 429);
      }
      // Now paused for this address: even the right password gets the same answer as an unknown e-mail.
      const a = await signInFrom(env, '10.1.1.1', known.email);
      const b = await signInFrom(env, '10.1.1.2', 'no-such-person@test.opennrm', 'anything');
      expect(observable(a)).toEqual(observable(b));
      expect(a.statusCode).toBe(429);
      expect(a.json().error).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 60 } });
      expect(a.headers['retry-after']).toBe('60');
      expect(a.cookies).toEqual([]);
      const reasons = (await failedLogins(env)).filter((f) => f.ip === '10.1.1.1' || f.ip === '10.1.1.2').map((f) => `${f.ip}:${f.reason}`);
      expect(reasons).toEqual([
        '10.1.1.1:bad_password', '10.1.1.2:unknown_user', '10.1.1.1:bad_password', '10.1.1.2:unknown_user',
        '10.1.1.1:bad_password', '10.1.1.2:unknown_user', '10.1.1.1:throttled', '10.1.1.2:throttled',
      ]);
      // The typed e-mail is not stored in the throttle table.
      const rows = await env.p.db.selectFrom('login_throttle').selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain('no-such-person');
    });

    it('does not lock the owner out: from another address the right password signs in', async () => {
      const u = await createUser(env, env.orgs.a, ['case_worker']);
      for (let i = 0; i < 3; i++) await signInFrom(env, '10.2.2.1', u.email, 'wrong');
      expect((await signInFrom(env, '10.2.2.1', u.email)).statusCode).toBe(429);
      expect((await signInFrom(env, '10.2.2.99', u.email)).statusCode).toBe(200);
      // And the attacker's address is still paused.
      expect((await signInFrom(env, '10.2.2.1', u.email)).statusCode).toBe(429);
    });

    it('backs off exponentially, up to the cap (4 × OPENNRM_LOCKOUT_MINUTES)', async () => {
      const u = await createUser(env, env.orgs.a, ['case_worker']);
      for (let i = 0; i < 2; i++) expect((await signInFrom(env, '10.3.3.1', u.email, 'wrong')).statusCode).toBe(401);
      const waits: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await signInFrom(env, '10.3.3.1', u.email, 'wrong');
        expect(res.statusCode).toBe(429);
        waits.push(res.json().error.details.retryAfterSeconds);
        // While blocked, attempts are refused without being counted.
        expect((await signInFrom(env, '10.3.3.1', u.email, 'wrong')).json().error.details.retryAfterSeconds).toBe(waits.at(-1));
        await waitOut();
      }
      expect(waits).toEqual([60, 120, 240, 240]);
      // Once the wait is over, the right password works and clears the pair.
      expect((await signInFrom(env, '10.3.3.1', u.email)).statusCode).toBe(200);
      expect((await signInFrom(env, '10.3.3.1', u.email, 'wrong')).statusCode).toBe(401);
    });

    it('a successful sign-in clears the count for that address', async () => {
      const u = await createUser(env, env.orgs.a, ['case_worker']);
      for (let i = 0; i < 2; i++) expect((await signInFrom(env, '10.4.4.1', u.email, 'wrong')).statusCode).toBe(401);
      expect((await signInFrom(env, '10.4.4.1', u.email)).statusCode).toBe(200);
      for (let i = 0; i < 2; i++) expect((await signInFrom(env, '10.4.4.1', u.email, 'wrong')).statusCode).toBe(401);
      expect((await signInFrom(env, '10.4.4.1', u.email, 'wrong')).statusCode).toBe(429);
    });

    it('survives a restart, and an administrator password reset unlocks the account from every address', async () => {
      const u = await createUser(env, env.orgs.a, ['case_worker']);
      for (const ip of ['10.5.5.1', '10.5.5.2']) for (let i = 0; i < 3; i++) await signInFrom(env, ip, u.email, 'wrong');
      await env.restart();
      expect((await signInFrom(env, '10.5.5.1', u.email)).statusCode).toBe(429);
      const admin = await login(env.app, (await createUser(env, env.orgs.a, ['org_admin'])).email);
      const version = (await env.p.db.selectFrom('users').select('version').where('id', '=', u.id).executeTakeFirstOrThrow()).version;
      expect((await admin.post(`/api/v1/users/${u.id}/password-reset`, { version, password: 'Temporary-pass-2026' })).statusCode).toBe(200);
      for (const ip of ['10.5.5.1', '10.5.5.2']) {
        const res = await signInFrom(env, ip, u.email, 'Temporary-pass-2026');
        expect(res.statusCode).toBe(200);
        expect(res.json().state).toBe('password_change_required');
      }
    });

    it('still locks the second factor after repeated wrong codes, even across new sign-ins', async () => {
      const u = await createUser(env, env.orgs.a, ['case_worker']);
      const first = await login(env.app, u.email);
      const setup = (await first.get('/api/v1/auth/mfa/setup')).json();
      expect((await first.post('/api/v1/auth/mfa/enable', { code: await generate({ secret: setup.secret }) })).statusCode).toBe(200);
      const mfaSession = async () => {
        const res = await signInFrom(env, '10.6.6.1', u.email);
        expect(res.json().state).toBe('mfa_required');
        const cookie = res.cookies.find((c) => c.name === 'opennrm_session')!;
        return clientFor(env.app, `opennrm_session=${cookie.value}`, res.json().csrfToken);
      };
      const s1 = await mfaSession();
      for (let i = 0; i < 2; i++) expect((await s1.post('/api/v1/auth/mfa/verify', { code: '000000' })).json().error.code).toBe('MFA_INVALID');
      // A new sign-in with the right password does not give a fresh round of guesses.
      const s2 = await mfaSession();
      expect((await s2.post('/api/v1/auth/mfa/verify', { code: '000000' })).json().error.code).toBe('MFA_INVALID');
      expect((await s2.get('/api/v1/auth/session')).statusCode).toBe(401);
      // Locked: only someone with the right password learns it; a wrong password gets the usual answer.
      expect((await signInFrom(env, '10.6.6.2', u.email)).json().error.code).toBe('ACCOUNT_LOCKED');
      expect((await signInFrom(env, '10.6.6.3', u.email, 'wrong')).json().error.code).toBe('INVALID_CREDENTIALS');
      const mfa = await env.p.db.selectFrom('audit_log').select('details').where('action', '=', 'auth.mfa_failed').where('entity_id', '=', u.id).orderBy('seq').execute();
      expect(mfa.map((m) => JSON.parse(m.details).locked)).toEqual([false, false, true]);
    });
  });

  describe(`denied accesses are audited [${dialect}]`, () => {
    let env: Env;
    beforeAll(async () => {
      env = await createTestEnv(dialect);
    });
    afterAll(() => env.close());

    const deniedOf = (userId: string) =>
      env.p.db.selectFrom('audit_log').select(['action', 'entity_id', 'details', 'ip']).where('actor_user_id', '=', userId).where('action', 'like', 'access.%').orderBy('seq').execute();

    it("records a denied read of another organisation's record, and a refused action, never the body", async () => {
      const owner = await userClient(env, env.orgs.b, ['case_worker']);
      const caseId = (await owner.post('/api/v1/cases', caseBody())).json().id as string;
      const prober = await userClient(env, env.orgs.a, ['case_worker']);
      expect((await prober.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(404);
      const patch = await prober.patch(`/api/v1/cases/${caseId}`, { version: 1, story: 'SECRET-STORY-TEXT' });
      expect(patch.statusCode).toBe(404);
      const dpo = await userClient(env, env.orgs.c, ['dpo']);
      expect((await dpo.get('/api/v1/cases')).statusCode).toBe(403);

      const entries = await deniedOf(prober.userId);
      expect(entries.map((e) => ({ ...e, details: JSON.parse(e.details) }))).toEqual([
        { action: 'access.denied', entity_id: caseId, ip: '127.0.0.1', details: { method: 'GET', route: '/api/v1/cases/:id', status: 404, code: 'NOT_FOUND' } },
        { action: 'access.denied', entity_id: caseId, ip: '127.0.0.1', details: { method: 'PATCH', route: '/api/v1/cases/:id', status: 404, code: 'NOT_FOUND' } },
      ]);
      expect(JSON.stringify(await env.p.db.selectFrom('audit_log').select('details').execute())).not.toContain('SECRET-STORY-TEXT');
      expect((await deniedOf(dpo.userId)).map((e) => JSON.parse(e.details))).toEqual([{ method: 'GET', route: '/api/v1/cases', status: 403, code: 'FORBIDDEN' }]);
    });

    it('does not record a NOT_FOUND on a route that names no record, nor allowed reads', async () => {
      const u = await userClient(env, env.orgs.a, ['case_worker']);
      expect((await u.get('/api/v1/no-such-route')).statusCode).toBe(404);
      expect((await u.get('/api/v1/cases')).statusCode).toBe(200);
      expect(await deniedOf(u.userId)).toEqual([]);
    });

    it('caps a flood of denied reads at 20 entries a minute, counts the rest, and the chain still verifies', async () => {
      const owner = await userClient(env, env.orgs.b, ['case_worker']);
      const caseId = (await owner.post('/api/v1/cases', caseBody())).json().id as string;
      const prober = await userClient(env, env.orgs.a, ['case_worker']);
      for (let i = 0; i < 200; i++) expect((await prober.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(404);
      expect((await deniedOf(prober.userId)).length).toBe(20);
      // The count of what was held back is written when the window ends, or at the latest when the server stops.
      await env.restart();
      const entries = await deniedOf(prober.userId);
      expect(entries.filter((e) => e.action === 'access.denied').length).toBe(20);
      const summaries = entries.filter((e) => e.action === 'access.denied_suppressed');
      expect(summaries.map((s) => JSON.parse(s.details).count)).toEqual([180]);
      expect((await verifyAuditChain(env.p.db)).ok).toBe(true);
      const dpo = await userClient(env, env.orgs.c, ['dpo']);
      const verify = await dpo.get('/api/v1/audit/verify');
      expect(verify.statusCode).toBe(200);
      expect(verify.json().ok).toBe(true);
    });
  });

  describe(`foreign Origin refused on state-changing requests [${dialect}]`, () => {
    let env: Env;
    beforeAll(async () => {
      env = await createTestEnv(dialect, { OPENNRM_PUBLIC_URL: 'https://nrm.example.ma' });
    });
    afterAll(() => env.close());

    it('refuses a sign-in or a registration sent from another site, and writes nothing', async () => {
      const u = await createUser(env, env.orgs.a, ['case_worker']);
      const foreign: Record<string, string>[] = [{ origin: 'https://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'https://nrm.example.ma.evil.example' }];
      for (const headers of foreign) {
        const res = await signInFrom(env, '127.0.0.1', u.email, PASSWORD, headers);
        expect(res.statusCode, JSON.stringify(headers)).toBe(403);
        expect(res.json().error.code).toBe('ORIGIN_REFUSED');
        expect(res.json().error.message).not.toBe('errors.ORIGIN_REFUSED');
      }
      expect(await env.p.db.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute()).toEqual([]);
      const c = await login(env.app, u.email);
      const before = (await env.p.db.selectFrom('cases').select('id').execute()).length;
      const res = await c.request('POST', '/api/v1/cases', caseBody(), { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('ORIGIN_REFUSED');
      expect((await env.p.db.selectFrom('cases').select('id').execute()).length).toBe(before);
      // Reads are not state-changing: a foreign Origin does not matter there.
      expect((await c.request('GET', '/api/v1/cases', undefined, { origin: 'https://evil.example' })).statusCode).toBe(200);
    });

    it('accepts its own origin (Host header or OPENNRM_PUBLIC_URL) and requests without Origin', async () => {
      const u = await createUser(env, env.orgs.a, ['case_worker']);
      expect((await signInFrom(env, '127.0.0.1', u.email)).statusCode).toBe(200);
      expect((await signInFrom(env, '127.0.0.1', u.email, PASSWORD, { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' })).statusCode).toBe(200);
      expect((await signInFrom(env, '127.0.0.1', u.email, PASSWORD, { host: 'nrm.example.ma:8443', origin: 'https://nrm.example.ma:8443' })).statusCode).toBe(200);
      expect((await signInFrom(env, '127.0.0.1', u.email, PASSWORD, { host: '10.0.0.5:8080', origin: 'https://nrm.example.ma' })).statusCode).toBe(200);
      const c = await login(env.app, u.email);
      expect((await c.request('POST', '/api/v1/cases', caseBody(), { origin: 'http://localhost:80' })).statusCode).toBe(201);
    });
  });
}
