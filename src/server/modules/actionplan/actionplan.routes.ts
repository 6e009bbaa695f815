import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../contract/common';
import {
  EVIDENCE_MAX_BYTES,
  EVIDENCE_MIME_TYPES,
  ZActionCreate,
  ZActionUpdate,
  ZIndicatorCreate,
  ZIndicatorUpdate,
  ZObjectiveCreate,
  ZObjectiveUpdate,
  ZPlan,
  ZPlanAction,
  ZPlanCreate,
  ZPlanList,
  ZPlanUpdate,
  ZProgressReport,
  ZProgressReportList,
  ZProgressSummary,
  ZRecommendation,
  ZRecommendationCreate,
  ZRecommendationList,
  ZRecommendationQuery,
  ZRecommendationUpdate,
  ZReportCreate,
  ZReportDueList,
  ZReportQuery,
  ZReportTransition,
  ZReportUpdate,
  ZActionDetail,
  ZPlanImportResult,
  PLAN_XLSX_MAX_BYTES,
} from '../../../contract/actionplan';
import type { Platform } from '../../platform/context';
import { actorOf, inTx, noStore } from '../../platform/http';
import { readUpload, readUploadBytes, sendFile } from '../../platform/upload';
import { actionplanService as service } from './actionplan.service';
import { plansService as plans } from './actionplan.plans';
import { XLSX_TYPE, exportPlan, importPlan } from './actionplan.xlsx';

export function actionplanRoutes(app: FastifyInstance, p: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['actionplan'];
  const params = z.object({ id: ZId });
  r.get('/api/v1/recommendations', { schema: { tags, querystring: ZRecommendationQuery, response: { 200: ZRecommendationList } } }, async (req, reply) =>
    noStore(reply).send({ items: await inTx(p, (trx) => service.list(trx, actorOf(req), req.query.status)) }),
  );
  r.get('/api/v1/recommendations/:id', { schema: { tags, params, response: { 200: ZRecommendation } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.get(trx, actorOf(req), req.params.id))),
  );
  r.post('/api/v1/recommendations', { schema: { tags, body: ZRecommendationCreate, response: { 201: ZRecommendation } } }, async (req, reply) =>
    reply.status(201).send(await inTx(p, (trx) => service.create(p, trx, actorOf(req), req.body))),
  );
  r.patch('/api/v1/recommendations/:id', { schema: { tags, params, body: ZRecommendationUpdate, response: { 200: ZRecommendation } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.update(p, trx, actorOf(req), req.params.id, req.body))),
  );

  // The national action plan's structure.
  r.get('/api/v1/action-plans', { schema: { tags, response: { 200: ZPlanList } } }, async (_req, reply) =>
    noStore(reply).send({ items: await inTx(p, (trx) => plans.list(trx)) }),
  );
  r.post('/api/v1/action-plans', { schema: { tags, body: ZPlanCreate, response: { 201: ZPlan } } }, async (req, reply) =>
    reply.status(201).send(await inTx(p, (trx) => plans.create(p, trx, actorOf(req), req.body))),
  );
  r.get('/api/v1/action-plans/summary', { schema: { tags, querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }), response: { 200: ZProgressSummary } } }, async (req, reply) => {
    return noStore(reply).send(await inTx(p, (trx) => service.summaryFor(trx, actorOf(req), req.query.year)));
  });
  r.post('/api/v1/action-plans/import', { schema: { tags, consumes: ['multipart/form-data'], response: { 201: ZPlanImportResult } } }, async (req, reply) => {
    // Who may import is settled before the body is read; the workbook's parser says what is wrong with it.
    service.authorizeImport(actorOf(req));
    const { content } = await readUploadBytes(req, PLAN_XLSX_MAX_BYTES);
    return reply.status(201).send(await inTx(p, (trx) => importPlan(p, trx, actorOf(req), content)));
  });
  r.get('/api/v1/action-plans/:id/export', { schema: { tags, params } }, async (req, reply) => {
    const file = await inTx(p, (trx) => exportPlan(p, trx, actorOf(req), req.params.id));
    return sendFile(reply, { fileName: file.fileName, mimeType: XLSX_TYPE, content: file.body });
  });
  r.get('/api/v1/action-plans/:id', { schema: { tags, params, response: { 200: ZPlan } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => plans.get(trx, actorOf(req), req.params.id))),
  );
  r.patch('/api/v1/action-plans/:id', { schema: { tags, params, body: ZPlanUpdate, response: { 200: ZPlan } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => plans.update(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.post('/api/v1/action-plans/:id/objectives', { schema: { tags, params, body: ZObjectiveCreate, response: { 201: ZPlan } } }, async (req, reply) =>
    reply.status(201).send(await inTx(p, (trx) => plans.createObjective(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.patch('/api/v1/plan-objectives/:id', { schema: { tags, params, body: ZObjectiveUpdate, response: { 200: ZPlan } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => plans.updateObjective(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.post('/api/v1/plan-objectives/:id/actions', { schema: { tags, params, body: ZActionCreate, response: { 201: ZPlanAction } } }, async (req, reply) =>
    reply.status(201).send(await inTx(p, (trx) => plans.createAction(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.get('/api/v1/plan-actions/:id', { schema: { tags, params, response: { 200: ZActionDetail } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => plans.getAction(trx, actorOf(req), req.params.id))),
  );
  r.patch('/api/v1/plan-actions/:id', { schema: { tags, params, body: ZActionUpdate, response: { 200: ZPlanAction } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => plans.updateAction(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.post('/api/v1/plan-actions/:id/indicators', { schema: { tags, params, body: ZIndicatorCreate, response: { 201: ZPlanAction } } }, async (req, reply) =>
    reply.status(201).send(await inTx(p, (trx) => plans.createIndicator(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.patch('/api/v1/plan-indicators/:id', { schema: { tags, params, body: ZIndicatorUpdate, response: { 200: ZPlanAction } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => plans.updateIndicator(p, trx, actorOf(req), req.params.id, req.body))),
  );

  // Progress reports.
  r.post('/api/v1/plan-actions/:id/reports', { schema: { tags, params, body: ZReportCreate, response: { 201: ZProgressReport } } }, async (req, reply) =>
    reply.status(201).send(await inTx(p, (trx) => plans.createReport(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.get('/api/v1/plan-reports', { schema: { tags, querystring: ZReportQuery, response: { 200: ZProgressReportList } } }, async (req, reply) =>
    noStore(reply).send({ items: await inTx(p, (trx) => plans.readReports(p, trx, actorOf(req), req.query)) }),
  );
  r.get('/api/v1/plan-reports/due', { schema: { tags, response: { 200: ZReportDueList } } }, async (req, reply) =>
    noStore(reply).send({ items: await inTx(p, (trx) => plans.due(p, trx, actorOf(req))) }),
  );
  r.get('/api/v1/plan-reports/:id', { schema: { tags, params, response: { 200: ZProgressReport } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => plans.readReport(p, trx, actorOf(req), req.params.id))),
  );
  r.patch('/api/v1/plan-reports/:id', { schema: { tags, params, body: ZReportUpdate, response: { 200: ZProgressReport } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => plans.updateReport(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.post('/api/v1/plan-reports/:id/transitions', { schema: { tags, params, body: ZReportTransition, response: { 200: ZProgressReport } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.transitionReport(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.post(
    '/api/v1/plan-reports/:id/evidence',
    { schema: { tags, params, consumes: ['multipart/form-data'], response: { 200: ZProgressReport } } },
    async (req, reply) => {
      // Who may upload is settled before the body is read.
      await plans.authorizeEvidenceUpload(p, actorOf(req), req.params.id);
      const file = await readUpload(req, EVIDENCE_MAX_BYTES, EVIDENCE_MIME_TYPES);
      return noStore(reply).send(await inTx(p, (trx) => plans.addEvidence(p, trx, actorOf(req), req.params.id, file)));
    },
  );
  r.get('/api/v1/plan-reports/:id/evidence', { schema: { tags, params } }, async (req, reply) => {
    const file = await inTx(p, (trx) => plans.readEvidence(p, trx, actorOf(req), req.params.id));
    return sendFile(reply, file);
  });
}
