import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZId } from '../../../contract/common';
import {
  ZMatchCandidates, ZMatchLookup, ZPersonLink, ZPersonLinkCreate, ZPersonLinkDecline, ZPersonLinkList, ZPersonLinkListQuery, ZPersonLinkVersion,
} from '../../../contract/matching';
import type { Platform } from '../../platform/context';
import { actorOf, inTx, noStore } from '../../platform/http';
import { matchingService as service } from './matching.service';

/** The candidate notice and link requests (issue 15); thin: the service checks roles, need to know and states. */
export function matchingRoutes(app: FastifyInstance, p: Platform): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['matching'];
  const params = z.object({ id: ZId });

  r.post(
    '/api/v1/persons/match-candidates',
    { schema: { tags, description: 'Records of the same person elsewhere, for the registration form (nothing stored; audited as match.lookup).', body: ZMatchLookup, response: { 200: ZMatchCandidates } } },
    async (req, reply) => noStore(reply).send(await inTx(p, (trx) => service.candidatesFor(p, trx, actorOf(req), req.body))),
  );
  r.get(
    '/api/v1/persons/:id/match-candidates',
    { schema: { tags, description: 'Records of the same person elsewhere, for a record the caller manages (audited as match.lookup).', params, response: { 200: ZMatchCandidates } } },
    async (req, reply) => noStore(reply).send(await inTx(p, (trx) => service.candidatesOf(p, trx, actorOf(req), req.params.id))),
  );
  r.get('/api/v1/person-links', { schema: { tags, querystring: ZPersonLinkListQuery, response: { 200: ZPersonLinkList } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.list(p, trx, actorOf(req), req.query))),
  );
  r.post('/api/v1/person-links', { schema: { tags, body: ZPersonLinkCreate, response: { 201: ZPersonLink } } }, async (req, reply) =>
    noStore(reply).status(201).send(await inTx(p, (trx) => service.request(p, trx, actorOf(req), req.body))),
  );
  r.post('/api/v1/person-links/:id/accept', { schema: { tags, params, body: ZPersonLinkVersion, response: { 200: ZPersonLink } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.accept(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.post('/api/v1/person-links/:id/decline', { schema: { tags, params, body: ZPersonLinkDecline, response: { 200: ZPersonLink } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.decline(p, trx, actorOf(req), req.params.id, req.body))),
  );
  r.post('/api/v1/person-links/:id/unlink', { schema: { tags, params, body: ZPersonLinkVersion, response: { 200: ZPersonLink } } }, async (req, reply) =>
    noStore(reply).send(await inTx(p, (trx) => service.unlink(p, trx, actorOf(req), req.params.id, req.body))),
  );
}
