import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZExportQuery, ZKAnonReport, ZSdgRate, ZStatistics, ZStatisticsQuery } from '../../../contract/statistics';
import type { Platform } from '../../platform/context';
import { actorOf, inTx, noStore } from '../../platform/http';
import { statisticsService as service } from './statistics.service';
import { exportsService } from './statistics.exports';

export function statisticsRoutes(app: FastifyInstance, p: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['statistics'];

  r.get('/api/v1/statistics', { schema: { tags, querystring: ZStatisticsQuery, response: { 200: ZStatistics } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.figures(p, trx, actorOf(req), req.query))),
  );

  r.get('/api/v1/statistics/exports/glotip', { schema: { tags, description: 'UNODC GLOTIP detected-victim tables (CSV or XLSX), after disclosure control.', querystring: ZExportQuery } }, async (req, reply) => {
    const file = await inTx(p, (trx) => exportsService.glotip(p, trx, actorOf(req), req.query));
    return send(reply, file);
  });
  r.get('/api/v1/statistics/exports/ctdc', { schema: { tags, description: 'CTDC/HTCDS-aligned k-anonymised victim microdata (CSV).', querystring: ZExportQuery } }, async (req, reply) => {
    const file = await inTx(p, (trx) => exportsService.ctdc(p, trx, actorOf(req), req.query));
    return send(reply, file);
  });
  r.get('/api/v1/statistics/exports/ctdc/report', { schema: { tags, querystring: ZExportQuery, response: { 200: ZKAnonReport } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => exportsService.ctdcReport(p, trx, actorOf(req), req.query))),
  );
  r.get('/api/v1/statistics/exports/sdg-16-2-2', { schema: { tags, querystring: ZExportQuery, response: { 200: ZSdgRate } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => exportsService.sdg(p, trx, actorOf(req), req.query))),
  );
  r.get('/api/v1/statistics/exports/sdg-16-2-2.csv', { schema: { tags, querystring: ZExportQuery } }, async (req, reply) => {
    const file = await inTx(p, (trx) => exportsService.sdgCsv(p, trx, actorOf(req), req.query));
    return send(reply, file);
  });
}

function send(reply: FastifyReply, file: { body: string | Buffer; fileName: string; contentType: string }) {
  return noStore(reply)
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('x-content-type-options', 'nosniff')
    .send(file.body);
}
