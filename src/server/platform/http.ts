/**
 * HTTP plumbing shared by all modules: the request's session and actor, authentication by route
 * (`config.auth`), CSRF on unsafe methods, the single error shape, and the transaction helper.
 */
import crypto from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { TRole } from '../../contract/common';
import { FIELD_ERROR_CODES } from '../../contract/common';
import type { Actor, Platform } from './context';
import type { Tx } from './db/database';
import { AppError, STATUS_BY_CODE } from './errors';
import { pickLanguage, translate, zodIssueMessage, type Language } from './i18n';
import { loadSession, SESSION_COOKIE, type LoadedSession } from './auth/sessions';

export type AuthMode = 'public' | 'session' | 'authenticated';

declare module 'fastify' {
  interface FastifyRequest {
    session: LoadedSession | null;
    actor: Actor | null;
    lang: Language;
  }
  interface FastifyContextConfig {
    auth?: AuthMode;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export function actorFromSession(s: LoadedSession, ip: string | null): Actor {
  return {
    userId: s.user.id,
    organisationId: s.user.organisationId,
    displayName: s.user.displayName,
    roles: new Set(s.user.roles as TRole[]),
    language: (s.user.language as Actor['language']) ?? 'fr',
    ip,
  };
}

const STATE_ERROR = {
  mfa_required: 'MFA_REQUIRED',
  mfa_setup_required: 'MFA_SETUP_REQUIRED',
  password_change_required: 'PASSWORD_CHANGE_REQUIRED',
} as const;

export function registerHttpPlatform(app: FastifyInstance, p: Platform): void {
  app.decorateRequest('session', null);
  app.decorateRequest('actor', null);
  app.decorateRequest('lang', 'fr');

  // Authentication runs before body parsing and validation: an anonymous caller learns nothing else.
  app.addHook('onRequest', async (req) => {
    req.lang = pickLanguage(req.headers['accept-language']);
    if (!req.url.startsWith('/api/')) return;
    // The API documentation is public (it describes the contract, no data).
    const mode: AuthMode = req.url.startsWith('/api/docs') ? 'public' : (req.routeOptions.config?.auth ?? 'authenticated');
    const token = req.cookies[SESSION_COOKIE];
    let expired = false;
    if (token) {
      const loaded = await loadSession(p.db, p.config, token);
      if (loaded === 'expired') expired = true;
      else if (loaded !== 'none') {
        req.session = loaded;
        req.lang = pickLanguage(req.headers['accept-language'], loaded.user.language);
      }
    }
    if (mode === 'public') return;
    const s = req.session;
    if (!s) throw new AppError(expired ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
    if (UNSAFE.has(req.method)) {
      const header = req.headers['x-csrf-token'];
      if (typeof header !== 'string' || !safeEqual(header, s.csrfToken)) throw new AppError('CSRF_INVALID');
    }
    if (mode === 'authenticated') {
      if (s.state !== 'authenticated') throw new AppError(STATE_ERROR[s.state]);
      req.actor = actorFromSession(s, req.ip);
    }
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const lang = req.lang ?? 'fr';
    const send = (code: keyof typeof STATUS_BY_CODE, details?: Record<string, unknown>) =>
      reply.status(STATUS_BY_CODE[code]).send({ error: { code, message: translate(lang, `errors.${code}`), details } });

    if (err instanceof AppError) {
      const details = err.details?.fields
        ? {
            ...err.details,
            fields: (err.details.fields as { path: string; code: string; message?: string }[]).map((f) => ({
              path: f.path,
              code: f.code,
              message: f.message ?? translate(lang, `validation.${f.code}`),
            })),
          }
        : err.details;
      return send(err.code, details);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields = err.validation.map((v) => ({
        path: [err.validationContext === 'body' ? '' : `${err.validationContext}`, ...v.instancePath.split('/').filter(Boolean)]
          .filter(Boolean)
          .join('.'),
        code: (FIELD_ERROR_CODES as readonly string[]).includes(v.message ?? '') ? (v.message as string) : v.keyword,
        // Contract refinements carry one of our field codes as their message: translate it like the others.
        message: (FIELD_ERROR_CODES as readonly string[]).includes(v.message ?? '')
          ? translate(lang, `validation.${v.message}`)
          : zodIssueMessage(lang, { code: v.keyword, ...v.params, message: v.message, path: v.instancePath.split('/').filter(Boolean) }),
      }));
      return send('VALIDATION_FAILED', { fields });
    }
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
      case 'FST_REQ_FILE_TOO_LARGE':
      case 'FST_FILES_LIMIT':
        return send('PAYLOAD_TOO_LARGE');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
        return send('UNSUPPORTED_MEDIA_TYPE');
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return send('VALIDATION_FAILED', { fields: [{ path: '', code: 'invalid_json', message: translate(lang, 'validation.invalid_json') }] });
    }
    if (err.statusCode === 429) return send('RATE_LIMITED');
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return send('VALIDATION_FAILED');
    req.log.error({ err }, 'unhandled error');
    return send('INTERNAL');
  });

  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/')) {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: translate(req.lang, 'errors.NOT_FOUND') } });
    }
    return reply.status(404).send('Not found');
  });
}

/** The acting user of an authenticated route (the onRequest hook guarantees it exists). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return req.actor;
}

/** Runs `fn` in one database transaction: everything it writes, audit included, commits or rolls back together. */
export function inTx<T>(p: Platform, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return p.db.transaction().execute(fn);
}

export function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store');
}
