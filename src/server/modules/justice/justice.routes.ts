import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../contract/common';
import {
  ZCaseJustice,
  ZCompensationClaimCreate,
  ZCompensationClaimUpdate,
  ZDefendantCreate,
  ZDefendantUpdate,
  ZHearingCreate,
  ZHearingUpdate,
  ZJusticeStatistics,
  ZJusticeStatisticsQuery,
  ZMeasureCreate,
  ZMeasureUpdate,
  ZNonPunishment,
  ZNonPunishmentCreate,
  ZNonPunishmentUpdate,
  ZProceeding,
  ZProceedingCreate,
  ZProceedingList,
  ZProceedingUpdate,
  ZRevealContact,
  ZRevealedContact,
  ZVictimCandidateList,
  ZVictimCandidateQuery,
  ZVictimLink,
} from '../../../contract/justice';
import type { Platform } from '../../platform/context';
import { actorOf, inTx, noStore } from '../../platform/http';
import { justiceService as service } from './justice.service';

export function justiceRoutes(app: FastifyInstance, p: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['justice'];
  const base = '/api/v1/justice/proceedings';
  const id = z.object({ id: ZId });
  const one = { 200: ZProceeding };

  r.get(base, { schema: { tags, response: { 200: ZProceedingList } } }, async (req, reply) =>
    noStore(reply).send({ items: await inTx(p, (trx) => service.list(p, trx, actorOf(req))) }),
  );
  r.post(base, { schema: { tags, body: ZProceedingCreate, response: { 201: ZProceeding } } }, async (req, reply) =>
    noStore(reply).status(201).send(await inTx(p, (trx) => service.create(p, trx, actorOf(req), req.body))),
  );
  r.get(`${base}/:id`, { schema: { tags, params: id, response: one } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.get(p, trx, actorOf(req), req.params.id))),
  );
  r.patch(`${base}/:id`, { schema: { tags, params: id, body: ZProceedingUpdate, response: one } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.update(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.post(`${base}/:id/defendants`, { schema: { tags, params: id, body: ZDefendantCreate, response: one } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.addDefendant(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.patch(`${base}/:id/defendants/:defendantId`, { schema: { tags, params: z.object({ id: ZId, defendantId: ZId }), body: ZDefendantUpdate, response: one } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.updateDefendant(p, trx, actorOf(req), req.params.id, req.params.defendantId, req.body))),
  );
  r.post(`${base}/:id/victims`, { schema: { tags, params: id, body: ZVictimLink, response: one } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.linkVictim(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.post(`${base}/:id/victims/:victimId/measures`, { schema: { tags, params: z.object({ id: ZId, victimId: ZId }), body: ZMeasureCreate, response: one } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.addMeasure(p, trx, actorOf(req), req.params.id, req.params.victimId, req.body))),
  );
  r.patch(`${base}/:id/measures/:measureId`, { schema: { tags, params: z.object({ id: ZId, measureId: ZId }), body: ZMeasureUpdate, response: one } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.updateMeasure(p, trx, actorOf(req), req.params.id, req.params.measureId, req.body))),
  );
  r.post(`${base}/:id/victims/:victimId/reveal-contact`, { schema: { tags, params: z.object({ id: ZId, victimId: ZId }), body: ZRevealContact, response: { 200: ZRevealedContact } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.revealContact(p, trx, actorOf(req), req.params.id, req.params.victimId, req.body))),
  );
  r.post(`${base}/:id/victims/:victimId/compensation`, { schema: { tags, params: z.object({ id: ZId, victimId: ZId }), body: ZCompensationClaimCreate, response: one } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.addClaim(p, trx, actorOf(req), req.params.id, req.params.victimId, req.body))),
  );
  r.patch(`${base}/:id/compensation/:claimId`, { schema: { tags, params: z.object({ id: ZId, claimId: ZId }), body: ZCompensationClaimUpdate, response: one } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.updateClaim(p, trx, actorOf(req), req.params.id, req.params.claimId, req.body))),
  );
  r.post(`${base}/:id/hearings`, { schema: { tags, params: id, body: ZHearingCreate, response: one } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.addHearing(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.patch(`${base}/:id/hearings/:hearingId`, { schema: { tags, params: z.object({ id: ZId, hearingId: ZId }), body: ZHearingUpdate, response: one } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.updateHearing(p, trx, actorOf(req), req.params.id, req.params.hearingId, req.body))),
  );
  r.get('/api/v1/justice/victim-candidates', { schema: { tags, querystring: ZVictimCandidateQuery, response: { 200: ZVictimCandidateList } } }, async (req, reply) =>
    noStore(reply).send({ items: await inTx(p, (trx) => service.candidates(p, trx, actorOf(req), req.query.q)) }),
  );
  r.get('/api/v1/justice/statistics', { schema: { tags, querystring: ZJusticeStatisticsQuery, response: { 200: ZJusticeStatistics } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.statistics(p, trx, actorOf(req), req.query.year))),
  );

  const list = { 200: z.object({ items: z.array(ZNonPunishment) }) };
  r.get('/api/v1/cases/:id/justice', { schema: { tags, params: id, response: { 200: ZCaseJustice } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.caseView(p, trx, actorOf(req), req.params.id))),
  );
  r.post('/api/v1/cases/:id/non-punishment', { schema: { tags, params: id, body: ZNonPunishmentCreate, response: list } }, async (req, reply) =>
    noStore(reply).send({ items: await inTx(p, (trx) => service.recordNonPunishment(p, trx, actorOf(req), req.params.id, req.body)) }),
  );
  r.patch('/api/v1/cases/:id/non-punishment/:recordId', { schema: { tags, params: z.object({ id: ZId, recordId: ZId }), body: ZNonPunishmentUpdate, response: list } }, async (req, reply) =>
    noStore(reply).send({ items: await inTx(p, (trx) => service.updateNonPunishment(p, trx, actorOf(req), req.params.id, req.params.recordId, req.body)) }),
  );
}
