import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../contract/common';
import { informationSheetQuery, ZInformationLanguages } from '../../../contract/information';
import type { Platform } from '../../platform/context';
import { actorOf } from '../../platform/http';
import { sendFile } from '../../platform/upload';
import { pdfRenderer } from './information.pdf';
import { informationService as service, reflectionDaysFrom, type SheetContext } from './information.service';
import { loadRightsSheetTemplates } from './information.templates';

export function informationRoutes(app: FastifyInstance, p: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['information'];
  // Invalid templates or configuration stop the server at start, with the list of problems.
  const templates = loadRightsSheetTemplates();
  const reflectionDays = reflectionDaysFrom();
  pdfRenderer.retain();
  app.addHook('onClose', () => pdfRenderer.releaseUser());

  r.get('/api/v1/information-sheet/languages', { schema: { tags, response: { 200: ZInformationLanguages } } }, async () => service.languages(templates));

  r.get(
    '/api/v1/cases/:id/information-sheet',
    {
      schema: {
        tags,
        description: 'The rights information sheet for the person, as a PDF in the chosen language (audited as information_sheet.export).',
        params: z.object({ id: ZId }),
        querystring: informationSheetQuery(templates.languages),
      },
    },
    async (req, reply) => {
      const ctx: SheetContext = { templates, reflectionDays, onRenderError: (err) => req.log.error({ err }, 'information sheet: PDF rendering failed') };
      const sheet = await service.exportSheet(p, actorOf(req), req.params.id, req.query.lang, ctx);
      return sendFile(reply, { fileName: sheet.fileName, mimeType: 'application/pdf', content: sheet.pdf });
    },
  );
}
