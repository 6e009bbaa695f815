/**
 * HTTP plumbing shared by all modules: the request's session and actor, authentication by route
 * (`config.auth`), Origin and CSRF checks on unsafe methods, the single error shape, the audit of denied
 * accesses, and the transaction helper.
 */
import crypto from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { TRole } from '../../contract/common';
import { FIELD_ERROR_CODES } from '../../contract/common';
import type { Actor, Platform } from './context';
import type { Tx } from './db/database';
import { appendAudit, auditedTransaction, type AuditEvent } from './audit';
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

/**
 * A state-changing request sent by another site's page: the browser says so (`Sec-Fetch-Site: cross-site`) or its
 * `Origin` is neither this server (same host as the Host header) nor OPENNRM_PUBLIC_URL. Requests that carry
 * neither header (scripts, curl) are left to the session and CSRF checks.
 */
export function isForeignRequest(headers: FastifyRequest['headers'], publicOrigin: string | null): boolean {
  if (headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = headers.origin;
  if (origin === undefined) return false;
  if (publicOrigin !== null && origin === publicOrigin) return false;
  const host = headers.host;
  if (!host) return true;
  try {
    const o = new URL(origin);
    // Parsing the Host header with the Origin's scheme drops the default port on both sides (localhost:80).
    return !/^https?:$/.test(o.protocol) || o.host !== new URL(`${o.protocol}//${host}`).host;
  } catch {
    return true; // `Origin: null` (sandboxed frames, some redirects) or garbage
  }
}

/** Path parameters that name a record: `:id`, `:caseId`, `:attachmentId` … */
const RECORD_PARAM = /:(id|[a-z][A-Za-z]*Id)(?=\/|$)/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** At most this many `access.denied` entries per user per minute; the rest are counted in one summary entry. */
export const DENIED_AUDIT_PER_MINUTE = 20;

type DeniedWindow = { start: number; written: number; suppressed: number; actor: Actor };

/**
 * In-memory limiter for the audit of denied accesses, per user and per instance: a probing session cannot flood
 * the (append-only) log, and what was held back is still counted (`access.denied_suppressed`), written with the
 * next entry allowed after the window, by the periodic sweep, or when the server stops.
 */
export class DeniedAuditLimiter {
  private readonly windows = new Map<string, DeniedWindow>();
  constructor(
    readonly cap = DENIED_AUDIT_PER_MINUTE,
    readonly windowMs = 60_000,
  ) {}

  private summary(w: DeniedWindow, now: number): AuditEvent {
    return {
      action: 'access.denied_suppressed',
      details: { count: w.suppressed, from: new Date(w.start).toISOString(), to: new Date(Math.min(now, w.start + this.windowMs)).toISOString() },
    };
  }

  /** The entries to write for one denied access: none, the entry, and/or the summary of the previous window. */
  take(actor: Actor, event: AuditEvent, now = Date.now()): AuditEvent[] {
    const out: AuditEvent[] = [];
    let w = this.windows.get(actor.userId);
    if (w && now - w.start >= this.windowMs) {
      if (w.suppressed > 0) out.push(this.summary(w, now));
      w = undefined;
    }
    if (!w) {
      w = { start: now, written: 0, suppressed: 0, actor };
      this.windows.set(actor.userId, w);
    }
    if (w.written < this.cap) {
      w.written += 1;
      out.push(event);
    } else {
      w.suppressed += 1;
    }
    return out;
  }

  /** Summaries of the windows that have ended (every window when `all`), which are then forgotten. */
  drain(all = false, now = Date.now()): { actor: Actor; event: AuditEvent }[] {
    const out: { actor: Actor; event: AuditEvent }[] = [];
    for (const [userId, w] of this.windows) {
      if (!all && now - w.start < this.windowMs) continue;
      if (w.suppressed > 0) out.push({ actor: w.actor, event: this.summary(w, now) });
      this.windows.delete(userId);
    }
    return out;
  }
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

  const denied = new DeniedAuditLimiter();
  /** Writes audit entries in their own transaction (the group commit's): the request's own one has already rolled back. */
  const writeAudit = async (actor: Actor, events: AuditEvent[], req?: FastifyRequest) => {
    if (events.length === 0) return;
    try {
      await appendAudit(p, actor, events);
    } catch (err) {
      (req?.log ?? app.log).error({ err }, 'could not audit a denied access');
    }
  };
  const flushDenied = async (all: boolean) => {
    for (const { actor, event } of denied.drain(all)) await writeAudit(actor, [event]);
  };
  const sweep = setInterval(() => void flushDenied(false), 60_000);
  sweep.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    await flushDenied(true);
  });

  /** FORBIDDEN anywhere, NOT_FOUND on a route that names a record: audited for signed-in callers (never the body). */
  const auditDenied = async (req: FastifyRequest, code: 'FORBIDDEN' | 'NOT_FOUND') => {
    const actor = req.actor;
    const route = req.routeOptions.url;
    if (!actor || !route || !req.url.startsWith('/api/v1/')) return;
    if (code === 'NOT_FOUND' && !RECORD_PARAM.test(route)) return;
    const params = (req.params ?? {}) as Record<string, unknown>;
    const named = Object.entries(params).find(([k, v]) => RECORD_PARAM.test(`:${k}`) && typeof v === 'string' && UUID.test(v));
    await writeAudit(
      actor,
      denied.take(actor, {
        action: 'access.denied',
        ...(named ? { entityId: named[1] as string } : {}),
        details: { method: req.method, route, status: STATUS_BY_CODE[code], code },
      }),
      req,
    );
  };

  // Authentication runs before body parsing and validation: an anonymous caller learns nothing else.
  app.addHook('onRequest', async (req) => {
    req.lang = pickLanguage(req.headers['accept-language']);
    // Another site's page may not make the browser change anything here, signed in or not (sign-in included).
    if (UNSAFE.has(req.method) && isForeignRequest(req.headers, p.config.publicOrigin)) throw new AppError('ORIGIN_REFUSED');
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

  app.setErrorHandler(async (err: FastifyError, req, reply) => {
    const lang = req.lang ?? 'fr';
    const send = (code: keyof typeof STATUS_BY_CODE, details?: Record<string, unknown>) =>
      reply.status(STATUS_BY_CODE[code]).send({ error: { code, message: translate(lang, `errors.${code}`), details } });

    if (err instanceof AppError) {
      if (err.code === 'FORBIDDEN' || err.code === 'NOT_FOUND') await auditDenied(req, err.code);
      if (err.code === 'RATE_LIMITED' && typeof err.details?.retryAfterSeconds === 'number') reply.header('retry-after', String(err.details.retryAfterSeconds));
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

/**
 * Runs `fn` in one database transaction: everything it writes, mutations' audit entries included, commits or rolls
 * back together. Entries of reads (`auditRead`) are written by the audit's group commit right after, and this
 * resolves only once they are durable (platform/audit.ts `auditedTransaction`).
 */
export function inTx<T>(p: Platform, fn: (trx: Tx) => Promise<T>): Promise<T> {
  return auditedTransaction(p, fn);
}

export function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store');
}
