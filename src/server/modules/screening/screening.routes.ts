import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../contract/common';
import { ZRiskAssessment, ZRiskAssessmentCreate, ZRiskAssessmentList } from '../../../contract/identification';
import { ZCatalogueView, ZQuickScreenView, ZScreening, ZScreeningCreate, ZScreeningList } from '../../../contract/screening';
import type { Platform } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { actorOf, inTx, noStore } from '../../platform/http';
import { pickLanguage } from '../../platform/i18n';
import { catalogueView, quickScreenView } from './catalogue';
import { screeningService as service } from './screening.service';

export function screeningRoutes(app: FastifyInstance, p: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['screening'];
  const params = z.object({ id: ZId });

  r.get(
    '/api/v1/screening/catalogue',
    {
      schema: {
        tags,
        description: 'The indicator catalogue labelled in one language; `version` serves an earlier version, to read the screenings recorded with it.',
        querystring: z.object({ lang: z.enum(['fr', 'ar', 'en']).optional(), version: z.string().min(1).max(40).optional() }),
        response: { 200: ZCatalogueView },
      },
    },
    async (req, reply) => {
      actorOf(req);
      const view = catalogueView(req.query.lang ?? pickLanguage(req.headers['accept-language'], req.actor?.language), req.query.version);
      if (!view) throw AppError.notFound();
      reply.header('cache-control', 'private, max-age=3600');
      return view;
    },
  );
  r.get(
    '/api/v1/screening/quick',
    { schema: { tags, querystring: z.object({ lang: z.enum(['fr', 'ar', 'en']).optional() }), response: { 200: ZQuickScreenView } } },
    async (req, reply) => {
      actorOf(req);
      reply.header('cache-control', 'private, max-age=3600');
      return quickScreenView(req.query.lang ?? pickLanguage(req.headers['accept-language'], req.actor?.language));
    },
  );
  r.post('/api/v1/cases/:id/screenings', { schema: { tags, params, body: ZScreeningCreate, response: { 201: ZScreening } } }, async (req, reply) =>
    noStore(reply).status(201).send(await inTx(p, (trx) => service.create(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.get('/api/v1/cases/:id/screenings', { schema: { tags, params, response: { 200: ZScreeningList } } }, async (req, reply) =>
    noStore(reply).send({ items: await inTx(p, (trx) => service.list(p, trx, actorOf(req), req.params.id)) }),
  );
  r.post('/api/v1/cases/:id/risk-assessments', { schema: { tags, params, body: ZRiskAssessmentCreate, response: { 201: ZRiskAssessment } } }, async (req, reply) =>
    noStore(reply).status(201).send(await inTx(p, (trx) => service.assessRisk(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.get('/api/v1/cases/:id/risk-assessments', { schema: { tags, params, response: { 200: ZRiskAssessmentList } } }, async (req, reply) =>
    noStore(reply).send({ items: await inTx(p, (trx) => service.listRisk(p, trx, actorOf(req), req.params.id)) }),
  );
}
