import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../contract/common';
import {
  ZAnonymousNotification,
  ZAnonymousNotificationCreate,
  ZAnonymousNotificationList,
  ZDecisionCreate,
  ZDecisionReview,
  ZIdentificationRequest,
  ZIdentificationState,
  ZReconsiderationRequest,
} from '../../../contract/identification';
import type { Platform } from '../../platform/context';
import { actorOf, inTx, noStore } from '../../platform/http';
import { identificationService as service } from './identification.service';

export function identificationRoutes(app: FastifyInstance, p: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['identification'];
  const params = z.object({ id: ZId });
  const schema = { tags, params, response: { 200: ZIdentificationState } };

  r.get('/api/v1/cases/:id/identification', { schema }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.state(p, trx, actorOf(req), req.params.id))),
  );
  r.post('/api/v1/cases/:id/identification/request', { schema: { ...schema, body: ZIdentificationRequest } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.request(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.post('/api/v1/cases/:id/identification/decisions', { schema: { ...schema, body: ZDecisionCreate } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.decide(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.post('/api/v1/cases/:id/identification/review', { schema: { ...schema, body: ZDecisionReview } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.review(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.post('/api/v1/cases/:id/identification/reconsideration', { schema: { ...schema, body: ZReconsiderationRequest } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.requestReconsideration(p, trx, actorOf(req), req.params.id, req.body))),
  );

  r.post('/api/v1/anonymous-notifications', { schema: { tags, body: ZAnonymousNotificationCreate, response: { 201: ZAnonymousNotification } } }, async (req, reply) =>
    reply.status(201).send(await inTx(p, (trx) => service.notifyAnonymously(p, trx, actorOf(req), req.body))),
  );
  r.get('/api/v1/anonymous-notifications', { schema: { tags, response: { 200: ZAnonymousNotificationList } } }, async (req) => ({
    items: await inTx(p, (trx) => service.listAnonymous(trx, actorOf(req))),
  }));
}
