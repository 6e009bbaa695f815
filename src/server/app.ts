/**
 * Builds the Fastify application from the platform and the modules. No I/O at import time: `buildApp`
 * receives an opened database and keyring, so tests build as many apps as they like.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { ATTACHMENT_MAX_BYTES } from '../contract/cases';
import type { Platform } from './platform/context';
import { registerHttpPlatform } from './platform/http';
import { registerInputChecks } from './platform/input';
import { configureMail } from './platform/mail';
import { auditRoutes } from './modules/audit/audit.routes';
import { authRoutes } from './modules/auth/auth.routes';
import { casesRoutes } from './modules/cases/cases.routes';
import { informationRoutes } from './modules/information/information.routes';
import { organisationsRoutes } from './modules/organisations/organisations.routes';
import { personsRoutes } from './modules/persons/persons.routes';
import { referenceRoutes } from './modules/reference/reference.routes';
import { usersRoutes } from './modules/users/users.routes';
import { screeningRoutes } from './modules/screening/screening.routes';
import { identificationRoutes } from './modules/identification/identification.routes';
import { timelinesRoutes } from './modules/timelines/timelines.routes';
import { directoryRoutes } from './modules/directory/directory.routes';
import { referralsRoutes } from './modules/referrals/referrals.routes';
import { carePlansRoutes } from './modules/careplans/careplans.routes';
import { justiceRoutes } from './modules/justice/justice.routes';
import { statisticsRoutes } from './modules/statistics/statistics.routes';
import { actionplanRoutes } from './modules/actionplan/actionplan.routes';
import { activitiesRoutes } from './modules/activities/activities.routes';
import { retentionRoutes } from './modules/retention/retention.routes';
import { accountabilityRoutes } from './modules/accountability/accountability.routes';
import { subjectRightsRoutes } from './modules/subjectrights/subjectrights.routes';
import { matchingRoutes } from './modules/matching/matching.routes';

export const WEB_DIST = fileURLToPath(new URL('../../dist/web', import.meta.url));

export async function buildApp(p: Platform, options: { logger?: boolean | object; serveWeb?: boolean } = {}): Promise<FastifyInstance> {
  // A URL the router cannot decode or a path parameter over its length limit: Fastify answers these itself,
  // before any route (its own body shape, status 414, the raw URL echoed). They go to our error handler like
  // every other error, for the single error shape (400 VALIDATION_FAILED).
  const frameworkErrors = (err: FastifyError, req: FastifyRequest, reply: FastifyReply): void => void app.errorHandler(err, req, reply);
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: p.config.bodyLimitBytes,
    // Only the configured reverse proxies may say who the client is (X-Forwarded-For); none by default.
    trustProxy: p.config.trustedProxies.length > 0 ? p.config.trustedProxies : false,
    ajv: undefined,
    frameworkErrors,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(cookie);
  // Every text response compressed for a client that asks (brotli, else gzip): quick brotli settings for
  // responses made per request; the web app's files are compressed at build time (vite.config.ts) and served as
  // they are. Small responses are not worth it.
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
    zlibOptions: { level: 6 },
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    hsts: p.config.mode === 'production',
    crossOriginEmbedderPolicy: false,
  });
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 5, fieldSize: 1000 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'OpenNRM API', version: '1', description: 'National Referral Mechanism and coordination platform' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'opennrm_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // Same style rule as the app (inline styles, no remote sources); scripts stay hash-pinned by the plugin.
    transformStaticCSP: (header) => header.replace(/style-src [^;]*/, "style-src 'self' 'unsafe-inline'").replace(/ https:/g, ''),
    // Tags start collapsed: with every operation expanded (over 130), Swagger UI stopped rendering after the first tags.
    uiConfig: { docExpansion: 'none' },
  });

  registerHttpPlatform(app, p);
  registerInputChecks(app);
  configureMail(p.config);

  app.get('/healthz', { config: { auth: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { auth: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`SELECT 1`.execute(p.db);
      return { status: 'ready', database: p.dialect };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });

  referenceRoutes(app);
  authRoutes(app, p);
  organisationsRoutes(app, p);
  usersRoutes(app, p);
  casesRoutes(app, p);
  informationRoutes(app, p);
  personsRoutes(app, p);
  auditRoutes(app, p);
  screeningRoutes(app, p);
  identificationRoutes(app, p);
  timelinesRoutes(app, p);
  directoryRoutes(app, p);
  referralsRoutes(app, p);
  carePlansRoutes(app, p);
  justiceRoutes(app, p);
  statisticsRoutes(app, p);
  actionplanRoutes(app, p);
  activitiesRoutes(app, p);
  retentionRoutes(app, p);
  accountabilityRoutes(app, p);
  subjectRightsRoutes(app, p);
  matchingRoutes(app, p);

  if (options.serveWeb !== false && fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    // Built files carry a content hash in their name: cached for a year and never revalidated; anything else
    // (index.html) is revalidated each time, so a new version is picked up at once.
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      prefix: '/',
      wildcard: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, file) => reply.header('cache-control', /[\\/]assets[\\/]/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    });
    // Client-side routes (e.g. /cases/123) get the single-page app. Read on each request (it is small),
    // so a rebuilt web app is served without restarting the server.
    app.get('/*', { schema: { hide: true } }, async (req, reply) => {
      if (req.url.startsWith('/api/')) return reply.callNotFound();
      const index = await fs.promises.readFile(path.join(WEB_DIST, 'index.html'));
      return reply.header('cache-control', 'no-cache').type('text/html').send(index);
    });
  }
  return app;
}
