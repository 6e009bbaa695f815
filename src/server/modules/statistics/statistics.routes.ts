import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZExportJob, ZExportJobCreate, ZExportJobList, ZExportQuery, ZKAnonReport, ZReportDraft, ZReportJob, ZReportJobCreate, ZReportParams, ZReportSectionHistory, ZReportSectionParams,
  ZReportSectionSave, ZReportSectionView, ZSdgRate, ZStatistics, ZStatisticsQuery,
} from '../../../contract/statistics';
import type { Platform } from '../../platform/context';
import { actorOf, inTx, noStore } from '../../platform/http';
import { sendFile } from '../../platform/upload';
import { statisticsService as service } from './statistics.service';
import { exportsService, runExportJob } from './statistics.exports';
import { reportService, runReportJob } from './statistics.report';

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
  r.get('/api/v1/statistics/exports/glotip-persons', { schema: { tags, description: 'UNODC GLOTIP persons suspected, prosecuted and convicted by sex and citizenship (CSV or XLSX), after disclosure control.', querystring: ZExportQuery } }, async (req, reply) => {
    const file = await inTx(p, (trx) => exportsService.glotipPersons(p, trx, actorOf(req), req.query));
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

  // The same exports as jobs with progress (the web app uses these: a large year's microdata takes a while).
  r.post('/api/v1/statistics/export-jobs', { schema: { tags, body: ZExportJobCreate, response: { 201: ZExportJob } } }, async (req, reply) => {
    const job = await inTx(p, (trx) => exportsService.createJob(p, trx, actorOf(req), req.body));
    // Runs after the commit; if the server stops first, the `statistics.reports` job picks it up again.
    void runExportJob(p, job.id).catch((err: unknown) => req.log.error({ err }, 'export job failed'));
    return reply.status(201).send(job);
  });
  r.get('/api/v1/statistics/export-jobs', { schema: { tags, response: { 200: ZExportJobList } } }, async (req, reply) =>
    noStore(reply).send({ items: await inTx(p, (trx) => exportsService.listJobs(trx, actorOf(req))) }),
  );
  const exportJobParams = z.object({ id: z.uuid() });
  r.get('/api/v1/statistics/export-jobs/:id', { schema: { tags, params: exportJobParams, response: { 200: ZExportJob } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => exportsService.job(trx, actorOf(req), req.params.id))),
  );
  r.get('/api/v1/statistics/export-jobs/:id/file', { schema: { tags, params: exportJobParams } }, async (req, reply) => {
    const file = await inTx(p, (trx) => exportsService.download(p, trx, actorOf(req), req.params.id));
    return send(reply, file);
  });

  // The annual national report: narrative drafts with versions, and generation as a job with progress.
  r.get('/api/v1/statistics/reports/:year/:lang', { schema: { tags, params: ZReportParams, response: { 200: ZReportDraft } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => reportService.draft(p, trx, actorOf(req), req.params.year, req.params.lang))),
  );
  r.put('/api/v1/statistics/reports/:year/:lang/sections/:section', { schema: { tags, params: ZReportSectionParams, body: ZReportSectionSave, response: { 200: ZReportSectionView } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => reportService.saveSection(p, trx, actorOf(req), req.params.year, req.params.lang, req.params.section, req.body))),
  );
  r.get('/api/v1/statistics/reports/:year/:lang/sections/:section/history', { schema: { tags, params: ZReportSectionParams, response: { 200: ZReportSectionHistory } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => reportService.history(p, trx, actorOf(req), req.params.year, req.params.lang, req.params.section))),
  );
  r.post('/api/v1/statistics/report-jobs', { schema: { tags, body: ZReportJobCreate, response: { 201: ZReportJob } } }, async (req, reply) => {
    const job = await inTx(p, (trx) => reportService.createJob(p, trx, actorOf(req), req.body));
    // Runs after the commit; if the server stops first, the `statistics.reports` job picks it up again.
    void runReportJob(p, job.id).catch((err: unknown) => req.log.error({ err }, 'annual report job failed'));
    return reply.status(201).send(job);
  });
  const jobParams = z.object({ id: z.uuid() });
  r.get('/api/v1/statistics/report-jobs/:id', { schema: { tags, params: jobParams, response: { 200: ZReportJob } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => reportService.job(trx, actorOf(req), req.params.id))),
  );
  r.get('/api/v1/statistics/report-jobs/:id/pdf', { schema: { tags, params: jobParams } }, async (req, reply) => {
    const file = await inTx(p, (trx) => reportService.download(p, trx, actorOf(req), req.params.id, 'pdf'));
    return send(reply, file);
  });
  r.get('/api/v1/statistics/report-jobs/:id/docx', { schema: { tags, params: jobParams, description: 'The annual report as a Word document (DOCX), from the same layout as the PDF.' } }, async (req, reply) => {
    const file = await inTx(p, (trx) => reportService.download(p, trx, actorOf(req), req.params.id, 'docx'));
    return send(reply, file);
  });
}

function send(reply: FastifyReply, file: { body: string | Buffer; fileName: string; contentType: string }) {
  return sendFile(reply, { fileName: file.fileName, mimeType: file.contentType, content: file.body });
}
