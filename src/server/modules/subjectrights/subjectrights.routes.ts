import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../contract/common';
import { ZAccessExportQuery, ZIdentityCheck, ZSubjectLift, ZSubjectRequest, ZSubjectRequestCreate, ZSubjectRequestDecide, ZSubjectRequestList, ZSubjectResponse } from '../../../contract/subjectrights';
import type { Platform } from '../../platform/context';
import { actorOf, inTx, noStore } from '../../platform/http';
import { sendFile } from '../../platform/upload';
import { pdfRenderer } from '../information/information.pdf';
import { subjectRightsService as service } from './subjectrights.service';

export function subjectRightsRoutes(app: FastifyInstance, p: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['subject rights'];
  const params = z.object({ id: ZId });
  const one = params.extend({ requestId: ZId });
  const base = '/api/v1/cases/:id/subject-requests';
  pdfRenderer.retain();
  app.addHook('onClose', () => pdfRenderer.releaseUser());

  r.get(base, { schema: { tags, params, response: { 200: ZSubjectRequestList } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.list(p, trx, actorOf(req), req.params.id))),
  );
  r.post(base, { schema: { tags, params, body: ZSubjectRequestCreate, response: { 201: ZSubjectRequest } } }, async (req, reply) =>
    noStore(reply).status(201).send(await inTx(p, (trx) => service.create(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.post(`${base}/:requestId/identity-check`, { schema: { tags, params: one, body: ZIdentityCheck, response: { 200: ZSubjectRequest } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.recordIdentityCheck(p, trx, actorOf(req), req.params.id, req.params.requestId, req.body))),
  );
  r.post(`${base}/:requestId/decision`, { schema: { tags, params: one, body: ZSubjectRequestDecide, response: { 200: ZSubjectRequest } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.decide(p, trx, actorOf(req), req.params.id, req.params.requestId, req.body))),
  );
  r.post(`${base}/:requestId/response`, { schema: { tags, params: one, body: ZSubjectResponse, response: { 200: ZSubjectRequest } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.recordResponse(p, trx, actorOf(req), req.params.id, req.params.requestId, req.body))),
  );
  r.post(`${base}/:requestId/lift`, { schema: { tags, params: one, body: ZSubjectLift, response: { 200: ZSubjectRequest } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.lift(p, trx, actorOf(req), req.params.id, req.params.requestId, req.body))),
  );
  r.get(
    `${base}/:requestId/export`,
    {
      schema: {
        tags,
        description: 'The answer to an access request: everything held about the person and who accessed it, as JSON or as a PDF in fr/ar/en/es (audited as subject_request.access_export).',
        params: one,
        querystring: ZAccessExportQuery,
      },
    },
    async (req, reply) => {
      const file = await service.exportAccess(p, actorOf(req), req.params.id, req.params.requestId, req.query.format, req.query.lang, {
        timeZone: p.config.timezone,
        onRenderError: (err) => req.log.error({ err }, 'access export: PDF rendering failed'),
      });
      return sendFile(reply, file);
    },
  );
}
