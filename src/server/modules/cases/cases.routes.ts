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
import { AppError } from '../../platform/errors';
import { actorOf, inTx, noStore } from '../../platform/http';
import { casesService as service } from './cases.service';

/** The file's real type from its first bytes; the name and the browser's claim are not trusted. */
export function sniffMimeType(buf: Buffer): (typeof ATTACHMENT_MIME_TYPES)[number] | null {
  if (buf.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (!buf.includes(0) && Buffer.from(buf.toString('utf8'), 'utf8').equals(buf)) return 'text/plain';
  return null;
}

export function casesRoutes(app: FastifyInstance, p: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['cases'];
  const params = z.object({ id: ZId });

  r.get('/api/v1/cases', { schema: { tags, querystring: ZCaseListQuery, response: { 200: ZCaseList } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.list(p, trx, actorOf(req), req.query))),
  );

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
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
      let part: Awaited<ReturnType<typeof req.file>>;
      let content: Buffer;
      try {
        part = await req.file({ limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 5 } });
        if (!part) throw AppError.validation([{ path: 'file', code: 'required' }]);
        content = await part.toBuffer();
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (err instanceof AppError || code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT') throw err;
        // A truncated or malformed multipart body is the client's error, not ours.
        throw AppError.validation([{ path: 'file', code: 'malformed_upload' }]);
      }
      if (content.length === 0) throw AppError.validation([{ path: 'file', code: 'empty_file' }]);
      const mimeType = sniffMimeType(content);
      if (!mimeType) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { allowed: ATTACHMENT_MIME_TYPES });
      const created = await inTx(p, (trx) => service.addAttachment(p, trx, actorOf(req), req.params.id, { fileName: part.filename, mimeType, content }));
      return reply.status(201).send(created);
    },
  );

  r.get(
    '/api/v1/cases/:id/attachments/:attachmentId',
    { schema: { tags, params: z.object({ id: ZId, attachmentId: ZId }) } },
    async (req, reply) => {
      const file = await inTx(p, (trx) => service.readAttachment(p, trx, actorOf(req), req.params.id, req.params.attachmentId));
      return noStore(reply)
        .header('content-type', file.mimeType)
        .header('content-disposition', `attachment; filename="document"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .send(file.content);
    },
  );
}
