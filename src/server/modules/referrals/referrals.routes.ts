import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../contract/common';
import {
  ZCasePathway,
  ZConsent,
  ZConsentCreate,
  ZConsentList,
  ZConsentWithdraw,
  ZDeliveryCreate,
  ZInbox,
  ZPathwayStats,
  ZPathwayStatsQuery,
  ZReferral,
  ZReferralCreate,
  ZReferralList,
  ZReferralOptions,
  ZReferralQuery,
  ZReferralTransition,
  ZTransfer,
  ZTransferCreate,
  ZTransferList,
  ZTransferResponse,
} from '../../../contract/referrals';
import type { Platform } from '../../platform/context';
import { actorOf, inTx, noStore } from '../../platform/http';
import { referralInsights as insights } from './referrals.insights';
import { referralsService as service } from './referrals.service';

export function referralsRoutes(app: FastifyInstance, p: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['referrals'];
  const params = z.object({ id: ZId });

  // Consent
  r.get('/api/v1/cases/:id/consents', { schema: { tags, params, response: { 200: ZConsentList } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.listConsents(p, trx, actorOf(req), req.params.id))),
  );
  r.post('/api/v1/cases/:id/consents', { schema: { tags, params, body: ZConsentCreate, response: { 201: ZConsent } } }, async (req, reply) =>
    noStore(reply).status(201).send(await inTx(p, (trx) => service.recordConsent(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.post('/api/v1/consents/:id/withdraw', { schema: { tags, params, body: ZConsentWithdraw, response: { 200: ZConsent } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.withdrawConsent(p, trx, actorOf(req), req.params.id, req.body))),
  );

  // Referrals
  r.get('/api/v1/cases/:id/referral-options', { schema: { tags, params, querystring: z.object({ serviceId: ZId }), response: { 200: ZReferralOptions } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.options(p, trx, actorOf(req), req.params.id, req.query.serviceId))),
  );
  r.post('/api/v1/cases/:id/referrals', { schema: { tags, params, body: ZReferralCreate, response: { 201: ZReferral } } }, async (req, reply) =>
    noStore(reply).status(201).send(await inTx(p, (trx) => service.create(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.get('/api/v1/referrals', { schema: { tags, querystring: ZReferralQuery, response: { 200: ZReferralList } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.list(p, trx, actorOf(req), req.query))),
  );
  r.get('/api/v1/referrals/stats', { schema: { tags, querystring: ZPathwayStatsQuery, response: { 200: ZPathwayStats } } }, async (req) =>
    inTx(p, (trx) => insights.stats(p, trx, actorOf(req), req.query)),
  );
  r.get('/api/v1/referrals/:id', { schema: { tags, params, response: { 200: ZReferral } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.get(p, trx, actorOf(req), req.params.id))),
  );
  r.post('/api/v1/referrals/:id/transitions', { schema: { tags, params, body: ZReferralTransition, response: { 200: ZReferral } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.transition(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.post('/api/v1/referrals/:id/deliveries', { schema: { tags, params, body: ZDeliveryCreate, response: { 201: ZReferral } } }, async (req, reply) =>
    noStore(reply).status(201).send(await inTx(p, (trx) => service.recordDelivery(p, trx, actorOf(req), req.params.id, req.body))),
  );

  // Transfers of case management
  r.post('/api/v1/cases/:id/transfers', { schema: { tags, params, body: ZTransferCreate, response: { 201: ZTransfer } } }, async (req, reply) =>
    reply.status(201).send(await inTx(p, (trx) => service.requestTransfer(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.get('/api/v1/transfers', { schema: { tags, querystring: z.object({ box: z.enum(['incoming', 'outgoing']).optional(), caseId: ZId.optional() }), response: { 200: ZTransferList } } }, async (req, reply) =>
    noStore(reply).send({ items: await inTx(p, (trx) => service.listTransfers(p, trx, actorOf(req), req.query)) }),
  );
  r.post('/api/v1/transfers/:id/respond', { schema: { tags, params, body: ZTransferResponse, response: { 200: ZTransfer } } }, async (req) =>
    inTx(p, (trx) => service.respondTransfer(p, trx, actorOf(req), req.params.id, req.body)),
  );

  // Pathway and inbox
  r.get('/api/v1/cases/:id/pathway', { schema: { tags, params, response: { 200: ZCasePathway } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => insights.pathway(p, trx, actorOf(req), req.params.id))),
  );
  r.get('/api/v1/inbox', { schema: { tags, response: { 200: ZInbox } } }, async (req, reply) => noStore(reply).send(await insights.inbox(p.db, actorOf(req))));
}
