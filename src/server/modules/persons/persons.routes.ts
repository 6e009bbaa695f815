import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../contract/common';
import { ZPersonDetail, ZPersonUpdate } from '../../../contract/persons';
import type { Platform } from '../../platform/context';
import { actorOf, inTx, noStore } from '../../platform/http';
import { personsService as service } from './persons.service';

export function personsRoutes(app: FastifyInstance, p: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['persons'];
  const params = z.object({ id: ZId });

  r.get('/api/v1/persons/:id', { schema: { tags, params, response: { 200: ZPersonDetail } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.get(p, trx, actorOf(req), req.params.id))),
  );

  r.patch('/api/v1/persons/:id', { schema: { tags, params, body: ZPersonUpdate, response: { 200: ZPersonDetail } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.update(p, trx, actorOf(req), req.params.id, req.body))),
  );
}
