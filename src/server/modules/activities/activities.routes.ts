import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../contract/common';
import {
  AGREEMENT_DOCUMENT_MAX_BYTES, AGREEMENT_DOCUMENT_MIME_TYPES, ZAgreement, ZAgreementCreate, ZAgreementList, ZAgreementQuery, ZAgreementUpdate, ZCampaign, ZCampaignCreate, ZCampaignList, ZCampaignQuery, ZCampaignUpdate,
  ZActivitiesSummary, ZCooperationCreate, ZCooperationList, ZCooperationQuery, ZCooperationRequest, ZCooperationUpdate, ZTraining, ZTrainingCreate, ZTrainingList, ZTrainingQuery, ZTrainingUpdate,
} from '../../../contract/activities';
import type { Platform } from '../../platform/context';
import { actorOf, inTx, noStore } from '../../platform/http';
import { readUpload, sendFile } from '../../platform/upload';
import { activitiesService as service } from './activities.service';

export function activitiesRoutes(app: FastifyInstance, p: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['activities'];
  const params = z.object({ id: ZId });
  const base = '/api/v1/activities';

  // The year's figures for the commission dashboard. These count campaigns, trainings (professionals by
  // organisation type and sex), agreements and cooperation requests — not victims — so no disclosure control
  // (small-cell suppression) applies. Like GET /action-plans/summary, the read is not audited.
  r.get(`${base}/summary`, { schema: { tags, querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }), response: { 200: ZActivitiesSummary } } }, async (req, reply) => {
    return noStore(reply).send(await inTx(p, (trx) => service.summaryFor(trx, actorOf(req), req.query.year)));
  });

  r.get(`${base}/campaigns`, { schema: { tags, querystring: ZCampaignQuery, response: { 200: ZCampaignList } } }, async (req, reply) =>
    noStore(reply).send({ items: await inTx(p, (trx) => service.listCampaigns(p, trx, actorOf(req), req.query)) }));
  r.get(`${base}/campaigns/:id`, { schema: { tags, params, response: { 200: ZCampaign } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.getCampaign(p, trx, actorOf(req), req.params.id))));
  r.post(`${base}/campaigns`, { schema: { tags, body: ZCampaignCreate, response: { 201: ZCampaign } } }, async (req, reply) =>
    reply.status(201).send(await inTx(p, (trx) => service.createCampaign(p, trx, actorOf(req), req.body))));
  r.patch(`${base}/campaigns/:id`, { schema: { tags, params, body: ZCampaignUpdate, response: { 200: ZCampaign } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.updateCampaign(p, trx, actorOf(req), req.params.id, req.body))));

  r.get(`${base}/trainings`, { schema: { tags, querystring: ZTrainingQuery, response: { 200: ZTrainingList } } }, async (req, reply) =>
    noStore(reply).send({ items: await inTx(p, (trx) => service.listTrainings(p, trx, actorOf(req), req.query)) }));
  r.get(`${base}/trainings/:id`, { schema: { tags, params, response: { 200: ZTraining } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.getTraining(p, trx, actorOf(req), req.params.id))));
  r.post(`${base}/trainings`, { schema: { tags, body: ZTrainingCreate, response: { 201: ZTraining } } }, async (req, reply) =>
    reply.status(201).send(await inTx(p, (trx) => service.createTraining(p, trx, actorOf(req), req.body))));
  r.patch(`${base}/trainings/:id`, { schema: { tags, params, body: ZTrainingUpdate, response: { 200: ZTraining } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.updateTraining(p, trx, actorOf(req), req.params.id, req.body))));

  r.get(`${base}/agreements`, { schema: { tags, querystring: ZAgreementQuery, response: { 200: ZAgreementList } } }, async (req, reply) =>
    noStore(reply).send({ items: await inTx(p, (trx) => service.listAgreements(p, trx, actorOf(req), req.query)) }));
  r.get(`${base}/agreements/:id`, { schema: { tags, params, response: { 200: ZAgreement } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.getAgreement(p, trx, actorOf(req), req.params.id))));
  r.post(`${base}/agreements`, { schema: { tags, body: ZAgreementCreate, response: { 201: ZAgreement } } }, async (req, reply) =>
    reply.status(201).send(await inTx(p, (trx) => service.createAgreement(p, trx, actorOf(req), req.body))));
  r.patch(`${base}/agreements/:id`, { schema: { tags, params, body: ZAgreementUpdate, response: { 200: ZAgreement } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.updateAgreement(p, trx, actorOf(req), req.params.id, req.body))));
  r.post(`${base}/agreements/:id/document`, { schema: { tags, params, consumes: ['multipart/form-data'], response: { 201: ZAgreement } } }, async (req, reply) => {
    // Who may upload is settled before the body is read.
    await inTx(p, (trx) => service.authorizeDocumentUpload(p, trx, actorOf(req), req.params.id));
    const file = await readUpload(req, AGREEMENT_DOCUMENT_MAX_BYTES, AGREEMENT_DOCUMENT_MIME_TYPES);
    const saved = await inTx(p, (trx) => service.uploadDocument(p, trx, actorOf(req), req.params.id, file));
    return reply.status(201).send(saved);
  });
  r.get(`${base}/agreements/:id/document`, { schema: { tags, params } }, async (req, reply) => {
    const file = await inTx(p, (trx) => service.readDocument(p, trx, actorOf(req), req.params.id));
    return sendFile(reply, file);
  });

  r.get(`${base}/cooperation-requests`, { schema: { tags, querystring: ZCooperationQuery, response: { 200: ZCooperationList } } }, async (req, reply) =>
    noStore(reply).send({ items: await inTx(p, (trx) => service.listCooperation(p, trx, actorOf(req), req.query)) }));
  r.get(`${base}/cooperation-requests/:id`, { schema: { tags, params, response: { 200: ZCooperationRequest } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.getCooperation(p, trx, actorOf(req), req.params.id))));
  r.post(`${base}/cooperation-requests`, { schema: { tags, body: ZCooperationCreate, response: { 201: ZCooperationRequest } } }, async (req, reply) =>
    reply.status(201).send(await inTx(p, (trx) => service.createCooperation(p, trx, actorOf(req), req.body))));
  r.patch(`${base}/cooperation-requests/:id`, { schema: { tags, params, body: ZCooperationUpdate, response: { 200: ZCooperationRequest } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.updateCooperation(p, trx, actorOf(req), req.params.id, req.body))));
}
