import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../contract/common';
import { ZOrganisation, ZOrganisationCreate, ZOrganisationList, ZOrganisationUpdate } from '../../../contract/organisations';
import type { Platform } from '../../platform/context';
import { actorOf, inTx } from '../../platform/http';
import { organisationsService as service } from './organisations.service';

export function organisationsRoutes(app: FastifyInstance, p: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['organisations'];

  r.get('/api/v1/organisations', { schema: { tags, response: { 200: ZOrganisationList } } }, async (req) => ({
    items: await service.list(p.db, actorOf(req)),
  }));

  r.post('/api/v1/organisations', { schema: { tags, body: ZOrganisationCreate, response: { 201: ZOrganisation } } }, async (req, reply) => {
    const org = await inTx(p, (trx) => service.create(p, trx, actorOf(req), req.body));
    return reply.status(201).send(org);
  });

  r.patch(
    '/api/v1/organisations/:id',
    { schema: { tags, params: z.object({ id: ZId }), body: ZOrganisationUpdate, response: { 200: ZOrganisation } } },
    async (req) => inTx(p, (trx) => service.update(p, trx, actorOf(req), req.params.id, req.body)),
  );
}
