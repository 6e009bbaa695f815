import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZReferenceResponse } from '../../../contract/reference';
import { pickLanguage } from '../../platform/i18n';
import { referenceFor } from './reference.service';

export function referenceRoutes(app: FastifyInstance): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/reference',
    {
      config: { auth: 'public' },
      schema: { tags: ['reference'], querystring: z.object({ lang: z.enum(['fr', 'ar', 'en']).optional() }), response: { 200: ZReferenceResponse } },
    },
    async (req, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return referenceFor(req.query.lang ?? pickLanguage(req.headers['accept-language']));
    },
  );
}
