import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { DIALECTS, PASSWORD, anonymous, clientFor, createTestEnv, createUser, login, type TestEnv } from '../support/harness';

const signIn = (env: TestEnv, email: string, password = PASSWORD) =>
  env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

function sessionClient(env: TestEnv, res: Awaited<ReturnType<typeof signIn>>) {
  const cookie = res.cookies.find((c) => c.name === 'opennrm_session')!;
  return clientFor(env.app, `opennrm_session=${cookie.value}`, res.json().csrfToken);
}

for (const dialect of DIALECTS) {
  describe(`sign-in and sessions [${dialect}]`, () => {
    let env: TestEnv;
    beforeAll(async () => {
      env = await createTestEnv(dialect, { OPENNRM_LOGIN_MAX_FAILURES: '3' });
    });
    afterAll(() => env.close());

    it('sets an HttpOnly, SameSite=Strict session cookie and returns the session', async () => {
      const u = await createUser(env, env.orgs.a, ['case_worker']);
      const res = await signIn(env, u.email.toUpperCase());
      expect(res.statusCode).toBe(200);
      const cookie = res.cookies.find((c) => c.name === 'opennrm_session')!;
      expect(cookie.httpOnly).toBe(true);
      expect(cookie.sameSite).toBe('Strict');
      expect(cookie.path).toBe('/');
      // Secure only in production (auth-hardening.test.ts), so that a demo over http://localhost works.
      expect(cookie.secure).toBeFalsy();
      expect(res.json().state).toBe('authenticated');
      const session = await sessionClient(env, res).get('/api/v1/auth/session');
      expect(session.json().user.organisation.id).toBe(env.orgs.a);
    });

    it('refuses a wrong password without saying whether the account exists, and slows down repeated failures', async () => {
      const u = await createUser(env, env.orgs.a, ['case_worker']);
      const unknown = await signIn(env, 'nobody@test.opennrm', 'whatever-password');
      expect(unknown.statusCode).toBe(401);
      expect(unknown.json().error.code).toBe('INVALID_CREDENTIALS');
      expect((await signIn(env, u.email, 'wrong-1')).json().error.code).toBe('INVALID_CREDENTIALS');
      expect((await signIn(env, u.email, 'wrong-2')).json().error.code).toBe('INVALID_CREDENTIALS');
      // The third failure from this address pauses this e-mail for this address (auth-hardening.test.ts for the rest).
      const third = await signIn(env, u.email, 'wrong-3');
      expect(third.statusCode).toBe(429);
      expect(third.json().error).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 60 } });
      // Even the right password is refused from this address while paused.
      expect((await signIn(env, u.email)).statusCode).toBe(429);
      const audit = await env.p.db.selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', u.id).orderBy('seq').execute();
      const reasons = audit.filter((a) => a.action === 'auth.login_failed').map((a) => JSON.parse(a.details).reason);
      expect(reasons).toEqual(['bad_password', 'bad_password', 'bad_password', 'throttled']);
    });

    it('requires CSRF token on unsafe requests', async () => {
      const u = await createUser(env, env.orgs.a, ['case_worker']);
      const c = await login(env.app, u.email);
      const noToken = await env.app.inject({ method: 'POST', url: '/api/v1/cases', headers: { cookie: (await signIn(env, u.email)).headers['set-cookie']!.toString().split(';')[0]! }, payload: {} });
      expect(noToken.statusCode).toBe(403);
      expect(noToken.json().error.code).toBe('CSRF_INVALID');
      expect((await c.request('POST', '/api/v1/cases', {}, { 'x-csrf-token': 'forged' })).json().error.code).toBe('CSRF_INVALID');
    });

    it('ends a session after the idle timeout', async () => {
      const u = await createUser(env, env.orgs.a, ['case_worker']);
      const c = await login(env.app, u.email);
      expect((await c.get('/api/v1/cases')).statusCode).toBe(200);
      const past = new Date(Date.now() - (env.config.session.idleMinutes + 1) * 60_000).toISOString();
      await env.p.db.updateTable('sessions').set({ last_seen_at: past }).where('user_id', '=', u.id).execute();
      const res = await c.get('/api/v1/cases');
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('SESSION_EXPIRED');
      expect((await c.get('/api/v1/cases')).json().error.code).toBe('UNAUTHENTICATED');
    });

    it('enforces a second factor for administrators: set-up, then a code at every sign-in', async () => {
      const u = await createUser(env, env.orgs.a, ['org_admin'], { demo: false });
      const first = await signIn(env, u.email);
      expect(first.json().state).toBe('mfa_setup_required');
      expect(first.json().mfaWaivedForDemo).toBe(false);
      const c = sessionClient(env, first);
      expect((await c.get('/api/v1/users')).json().error.code).toBe('MFA_SETUP_REQUIRED');
      const setup = (await c.get('/api/v1/auth/mfa/setup')).json();
      expect(setup.otpauthUri).toContain('otpauth://totp/');
      expect(setup.qrDataUrl).toMatch(/^data:image\/png;base64,/);
      expect((await c.post('/api/v1/auth/mfa/enable', { code: '000000' })).json().error.code).toBe('MFA_INVALID');
      const enabled = await c.post('/api/v1/auth/mfa/enable', { code: await generate({ secret: setup.secret }) });
      expect(enabled.json().state).toBe('authenticated');
      expect((await c.get('/api/v1/users')).statusCode).toBe(200);

      const second = await signIn(env, u.email);
      expect(second.json().state).toBe('mfa_required');
      const c2 = sessionClient(env, second);
      expect((await c2.get('/api/v1/users')).json().error.code).toBe('MFA_REQUIRED');
      expect((await c2.post('/api/v1/auth/mfa/verify', { code: '123456' })).json().error.code).toBe('MFA_INVALID');
      const ok = await c2.post('/api/v1/auth/mfa/verify', { code: await generate({ secret: setup.secret }) });
      expect(ok.json().state).toBe('authenticated');
      const secret = await env.p.db.selectFrom('users').select('totp_secret_enc').where('id', '=', u.id).executeTakeFirstOrThrow();
      expect(secret.totp_secret_enc).not.toContain(setup.secret);
    });

    it('lets a demo account skip the second factor outside production, and says so', async () => {
      const u = await createUser(env, env.orgs.a, ['system_admin'], { demo: true });
      const res = await signIn(env, u.email);
      expect(res.json().state).toBe('authenticated');
      expect(res.json().mfaWaivedForDemo).toBe(true);
    });

    it('forces a new password after an administrator reset, and ends the old sessions', async () => {
      const admin = await login(env.app, (await createUser(env, env.orgs.a, ['org_admin'])).email);
      const u = await createUser(env, env.orgs.a, ['case_worker']);
      const old = await login(env.app, u.email);
      const reset = await admin.post(`/api/v1/users/${u.id}/password-reset`, { version: u.version, password: 'Temporary-pass-2026' });
      expect(reset.statusCode).toBe(200);
      expect((await old.get('/api/v1/cases')).statusCode).toBe(401);
      const res = await signIn(env, u.email, 'Temporary-pass-2026');
      expect(res.json().state).toBe('password_change_required');
      const c = sessionClient(env, res);
      expect((await c.get('/api/v1/cases')).json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
      const weak = await c.post('/api/v1/auth/password', { currentPassword: 'Temporary-pass-2026', newPassword: 'aaaaaaaaaaaa' });
      expect(weak.statusCode).toBe(400);
      const changed = await c.post('/api/v1/auth/password', { currentPassword: 'Temporary-pass-2026', newPassword: 'My-own-new-pass-99' });
      expect(changed.json().state).toBe('authenticated');
      expect((await c.get('/api/v1/cases')).statusCode).toBe(200);
    });

    it('signs out', async () => {
      const u = await createUser(env, env.orgs.a, ['case_worker']);
      const c = await login(env.app, u.email);
      expect((await c.post('/api/v1/auth/logout')).statusCode).toBe(200);
      expect((await c.get('/api/v1/auth/session')).statusCode).toBe(401);
    });

    it('answers 401 to anonymous callers before looking at their input', async () => {
      const res = await anonymous(env.app).request('POST', '/api/v1/cases', '{not json', { 'content-type': 'application/json' });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    });
  });

  describe(`login rate limit [${dialect}]`, () => {
    let env: TestEnv;
    beforeAll(async () => {
      env = await createTestEnv(dialect, { OPENNRM_LOGIN_RATE_PER_MINUTE: '3' });
    });
    afterAll(() => env.close());
    it('slows down repeated sign-in attempts from one address', async () => {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await signIn(env, `nobody${i}@test.opennrm`, 'x')).statusCode);
      expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
      expect(codes[4]).toBe(429);
      expect((await signIn(env, 'x@test.opennrm', 'x')).json().error.code).toBe('RATE_LIMITED');
    });
  });
}
