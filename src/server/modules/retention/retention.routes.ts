import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../contract/common';
import { ZRetentionOverview, ZRetentionRunStart, ZRetentionRunView } from '../../../contract/retention';
import type { Platform } from '../../platform/context';
import { actorOf, noStore } from '../../platform/http';
import { retentionService as service } from './retention.service';

export function retentionRoutes(app: FastifyInstance, p: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['retention'];

  r.get('/api/v1/retention', { schema: { tags, response: { 200: ZRetentionOverview } } }, async (req, reply) =>
    noStore(reply).send(await service.overview(p, actorOf(req))),
  );
  r.post('/api/v1/retention/runs', { schema: { tags, body: ZRetentionRunStart, response: { 202: ZRetentionRunView } } }, async (req, reply) =>
    noStore(reply).code(202).send(await service.startManual(p, actorOf(req))),
  );
  r.get('/api/v1/retention/runs/:id', { schema: { tags, params: z.object({ id: ZId }), response: { 200: ZRetentionRunView } } }, async (req, reply) =>
    noStore(reply).send(await service.run(p, req.params.id, actorOf(req))),
  );
}
