import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../contract/common';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_MIME_TYPES,
  ZAttachment,
  ZAttachmentList,
  ZCaseCreate,
  ZCaseDetail,
  ZCaseHistory,
  ZCaseList,
  ZCaseListQuery,
  ZCaseUpdate,
} from '../../../contract/cases';
import type { Platform } from '../../platform/context';
import { actorOf, inTx, noStore } from '../../platform/http';
import { readUpload, sendFile } from '../../platform/upload';
import { casesService as service } from './cases.service';

export function casesRoutes(app: FastifyInstance, p: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['cases'];
  const params = z.object({ id: ZId });

  r.get('/api/v1/cases', { schema: { tags, querystring: ZCaseListQuery, response: { 200: ZCaseList } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.list(p, trx, actorOf(req), req.query))),
  );

  // The list as a CSV file (same filters, same visible cases and fields; audited as case.export).
  r.get('/api/v1/cases/export.csv', { schema: { tags, querystring: ZCaseListQuery } }, async (req, reply) => {
    const file = await inTx(p, (trx) => service.exportCsv(p, trx, actorOf(req), req.query, req.lang));
    return sendFile(reply.header('x-export-count', String(file.count)).header('x-export-truncated', String(file.truncated)), { fileName: file.fileName, mimeType: 'text/csv; charset=utf-8', content: file.body });
  });

  r.post('/api/v1/cases', { schema: { tags, body: ZCaseCreate, response: { 201: ZCaseDetail } } }, async (req, reply) => {
    const created = await inTx(p, (trx) => service.create(p, trx, actorOf(req), req.body));
    return noStore(reply).status(201).send(created);
  });

  r.get('/api/v1/cases/:id', { schema: { tags, params, response: { 200: ZCaseDetail } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.get(p, trx, actorOf(req), req.params.id))),
  );

  r.patch('/api/v1/cases/:id', { schema: { tags, params, body: ZCaseUpdate, response: { 200: ZCaseDetail } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.update(p, trx, actorOf(req), req.params.id, req.body))),
  );

  r.get('/api/v1/cases/:id/history', { schema: { tags, params, response: { 200: ZCaseHistory } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.history(p, trx, actorOf(req), req.params.id))),
  );

  r.get('/api/v1/cases/:id/attachments', { schema: { tags, params, response: { 200: ZAttachmentList } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.listAttachments(p, trx, actorOf(req), req.params.id))),
  );

  r.post(
    '/api/v1/cases/:id/attachments',
    { schema: { tags, params, consumes: ['multipart/form-data'], response: { 201: ZAttachment } } },
    async (req, reply) => {
      // Who may upload is settled before the body is read.
      await service.authorizeAttachmentUpload(p, actorOf(req), req.params.id);
      const file = await readUpload(req, ATTACHMENT_MAX_BYTES, ATTACHMENT_MIME_TYPES);
      const created = await inTx(p, (trx) => service.addAttachment(p, trx, actorOf(req), req.params.id, file));
      return reply.status(201).send(created);
    },
  );

  r.get(
    '/api/v1/cases/:id/attachments/:attachmentId',
    { schema: { tags, params: z.object({ id: ZId, attachmentId: ZId }) } },
    async (req, reply) => {
      const file = await inTx(p, (trx) => service.readAttachment(p, trx, actorOf(req), req.params.id, req.params.attachmentId));
      return sendFile(reply, file);
    },
  );
}
