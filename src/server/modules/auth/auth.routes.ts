import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZOk } from '../../../contract/common';
import { ZLoginRequest, ZMfaVerifyRequest, ZPasswordChangeRequest, ZPreferencesRequest, ZSessionResponse, ZTotpSetupResponse } from '../../../contract/auth';
import type { Platform } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { inTx, noStore } from '../../platform/http';
import { loadSession, SESSION_COOKIE, type LoadedSession } from '../../platform/auth/sessions';
import { authService as service, presentSession } from './auth.service';

export function authRoutes(app: FastifyInstance, p: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];
  const sessionOf = (req: FastifyRequest): LoadedSession => {
    if (!req.session) throw new AppError('UNAUTHENTICATED');
    return req.session;
  };
  /** Re-reads the session after a change so the response shows its new state. */
  const respond = async (reply: FastifyReply, token: string) => {
    const s = await loadSession(p.db, p.config, token);
    if (typeof s === 'string') throw new AppError('UNAUTHENTICATED');
    return noStore(reply).send(presentSession(p, s));
  };
  const tokenOf = (req: FastifyRequest) => req.cookies[SESSION_COOKIE] ?? '';

  r.post(
    '/api/v1/auth/login',
    {
      config: { auth: 'public', rateLimit: { max: p.config.login.ratePerMinute, timeWindow: 60_000 } },
      schema: { tags, body: ZLoginRequest, response: { 200: ZSessionResponse } },
    },
    async (req, reply) => {
      const meta = { ip: req.ip, userAgent: req.headers['user-agent'] ?? null };
      const result = await inTx(p, (trx) => service.login(p, trx, req.body.email, req.body.password, meta));
      if (result.error) throw result.error;
      reply.setCookie(SESSION_COOKIE, result.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: p.config.session.cookieSecure,
        path: '/',
        maxAge: p.config.session.maxHours * 3600,
      });
      return respond(reply, result.token);
    },
  );

  r.get('/api/v1/auth/session', { config: { auth: 'session' }, schema: { tags, response: { 200: ZSessionResponse } } }, async (req, reply) =>
    noStore(reply).send(presentSession(p, sessionOf(req))),
  );

  r.post('/api/v1/auth/mfa/verify', { config: { auth: 'session' }, schema: { tags, body: ZMfaVerifyRequest, response: { 200: ZSessionResponse } } }, async (req, reply) => {
    const state = await inTx(p, (trx) => service.verifyMfa(p, trx, sessionOf(req), req.body.code, req.ip));
    if (state === 'mfa_required') throw new AppError('MFA_INVALID');
    return respond(reply, tokenOf(req));
  });

  r.get('/api/v1/auth/mfa/setup', { config: { auth: 'session' }, schema: { tags, response: { 200: ZTotpSetupResponse } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.setupMfa(p, trx, sessionOf(req)))),
  );

  r.post('/api/v1/auth/mfa/enable', { config: { auth: 'session' }, schema: { tags, body: ZMfaVerifyRequest, response: { 200: ZSessionResponse } } }, async (req, reply) => {
    const state = await inTx(p, (trx) => service.enableMfa(p, trx, sessionOf(req), req.body.code, req.ip));
    if (!state) throw new AppError('MFA_INVALID');
    return respond(reply, tokenOf(req));
  });

  r.post('/api/v1/auth/password', { config: { auth: 'session' }, schema: { tags, body: ZPasswordChangeRequest, response: { 200: ZSessionResponse } } }, async (req, reply) => {
    await inTx(p, (trx) => service.changePassword(p, trx, sessionOf(req), req.body.currentPassword, req.body.newPassword, req.ip));
    return respond(reply, tokenOf(req));
  });

  r.put('/api/v1/auth/preferences', { schema: { tags, body: ZPreferencesRequest, response: { 200: ZSessionResponse } } }, async (req, reply) => {
    await inTx(p, (trx) => service.setLanguage(trx, sessionOf(req), req.body.language));
    return respond(reply, tokenOf(req));
  });

  r.post('/api/v1/auth/logout', { config: { auth: 'session' }, schema: { tags, response: { 200: ZOk } } }, async (req, reply) => {
    await inTx(p, (trx) => service.logout(p, trx, sessionOf(req), req.ip));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });
}
