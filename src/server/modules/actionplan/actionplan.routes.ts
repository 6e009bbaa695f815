import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../contract/common';
import { ZRecommendation, ZRecommendationCreate, ZRecommendationList, ZRecommendationQuery, ZRecommendationUpdate } from '../../../contract/actionplan';
import type { Platform } from '../../platform/context';
import { actorOf, inTx, noStore } from '../../platform/http';
import { actionplanService as service } from './actionplan.service';

export function actionplanRoutes(app: FastifyInstance, p: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['actionplan'];
  const params = z.object({ id: ZId });
  r.get('/api/v1/recommendations', { schema: { tags, querystring: ZRecommendationQuery, response: { 200: ZRecommendationList } } }, async (req, reply) =>
    noStore(reply).send({ items: await inTx(p, (trx) => service.list(trx, actorOf(req), req.query.status)) }),
  );
  r.get('/api/v1/recommendations/:id', { schema: { tags, params, response: { 200: ZRecommendation } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.get(trx, actorOf(req), req.params.id))),
  );
  r.post('/api/v1/recommendations', { schema: { tags, body: ZRecommendationCreate, response: { 201: ZRecommendation } } }, async (req, reply) =>
    reply.status(201).send(await inTx(p, (trx) => service.create(p, trx, actorOf(req), req.body))),
  );
  r.patch('/api/v1/recommendations/:id', { schema: { tags, params, body: ZRecommendationUpdate, response: { 200: ZRecommendation } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.update(p, trx, actorOf(req), req.params.id, req.body))),
  );
}
