import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../contract/common';
import { ZBreach, ZBreachCreate, ZBreachList, ZBreachUpdate, ZProcessingRegister, ZProcessingRegisterQuery } from '../../../contract/accountability';
import type { Platform } from '../../platform/context';
import { actorOf, inTx, noStore } from '../../platform/http';
import { accountabilityService as service } from './accountability.service';

export function accountabilityRoutes(app: FastifyInstance, p: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['accountability'];

  r.get('/api/v1/processing-register', { schema: { tags, querystring: ZProcessingRegisterQuery, response: { 200: ZProcessingRegister } } }, async (req, reply) => {
    const register = await inTx(p, (trx) => service.register(p, trx, actorOf(req), req.query.lang));
    // "download": the same JSON as a file to hand to the CNDP.
    if (req.query.format === 'download') reply.header('content-disposition', `attachment; filename="processing-register-${register.language}-${register.generatedAt.slice(0, 10)}.json"`);
    return noStore(reply).send(register);
  });
  r.get('/api/v1/breaches', { schema: { tags, response: { 200: ZBreachList } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.listBreaches(p, trx, actorOf(req)))),
  );
  r.post('/api/v1/breaches', { schema: { tags, body: ZBreachCreate, response: { 201: ZBreach } } }, async (req, reply) =>
    noStore(reply).status(201).send(await inTx(p, (trx) => service.createBreach(p, trx, actorOf(req), req.body))),
  );
  r.patch('/api/v1/breaches/:id', { schema: { tags, params: z.object({ id: ZId }), body: ZBreachUpdate, response: { 200: ZBreach } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.updateBreach(p, trx, actorOf(req), req.params.id, req.body))),
  );
}
