import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZAuditList, ZAuditQuery, ZAuditVerify } from '../../../contract/audit';
import type { Platform } from '../../platform/context';
import { actorOf, inTx, noStore } from '../../platform/http';
import { auditService as service } from './audit.service';

export function auditRoutes(app: FastifyInstance, p: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['audit'];
  r.get('/api/v1/audit', { schema: { tags, querystring: ZAuditQuery, response: { 200: ZAuditList } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.list(p, trx, actorOf(req), req.query))),
  );
  r.get('/api/v1/audit/verify', { schema: { tags, response: { 200: ZAuditVerify } } }, async (req) => service.verify(p, actorOf(req)));
}
