import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../contract/common';
import { ZCapacityUpdate, ZService, ZServiceCreate, ZServiceList, ZServiceQuery, ZServiceUpdate } from '../../../contract/referrals';
import type { Platform } from '../../platform/context';
import { actorOf, inTx } from '../../platform/http';
import { directoryService as service } from './directory.service';

export function directoryRoutes(app: FastifyInstance, p: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['services'];
  const params = z.object({ id: ZId });

  r.get('/api/v1/services', { schema: { tags, querystring: ZServiceQuery, response: { 200: ZServiceList } } }, async (req) => service.search(p.db, actorOf(req), req.query));
  r.post('/api/v1/services', { schema: { tags, body: ZServiceCreate, response: { 201: ZService } } }, async (req, reply) =>
    reply.status(201).send(await inTx(p, (trx) => service.create(p, trx, actorOf(req), req.body))),
  );
  r.get('/api/v1/services/:id', { schema: { tags, params, response: { 200: ZService } } }, async (req) => service.get(p.db, actorOf(req), req.params.id));
  r.patch('/api/v1/services/:id', { schema: { tags, params, body: ZServiceUpdate, response: { 200: ZService } } }, async (req) =>
    inTx(p, (trx) => service.update(p, trx, actorOf(req), req.params.id, req.body)),
  );
  r.put('/api/v1/services/:id/capacity', { schema: { tags, params, body: ZCapacityUpdate, response: { 200: ZService } } }, async (req) =>
    inTx(p, (trx) => service.updateCapacity(p, trx, actorOf(req), req.params.id, req.body)),
  );
}
